"""Streaming MediaWiki XML dumps (``Special:Export`` / ``pages-articles`` format) into :class:`Page` records.

The export format (schemas 0.3 – 0.11, ``https://www.mediawiki.org/xml/export-0.N/``) is one
``<mediawiki>`` element holding an optional ``<siteinfo>`` and then ``<page>`` elements::

    <page><title>Berlin</title><ns>0</ns><id>3354</id><redirect title="…"/>
      <revision><id>…</id><parentid>…</parentid><timestamp>…</timestamp>
        <model>wikitext</model><format>text/x-wiki</format><text …>…</text></revision></page>

Because the page text is XML-escaped, the bytes ``<page>`` and ``</page>`` never occur inside a
page: the reader cuts the decompressed byte stream at those tags and parses each page on its own
with lxml (entities decoded there).  That keeps memory bounded by the largest page, makes
the reader as fast as lxml's C parser on one page at a time, and gives the two recoveries real
dumps need:

* a page whose XML is broken is skipped (``pages_skipped``, a warning) and reading resumes at the
  next ``<page>``; when a page never closes, at the next ``<page>`` after it;
* a dump that ends mid-page (a cut download, ``head`` of a dump) yields every complete page and
  records a warning naming the byte offset, in the decompressed stream, where it stopped.

Tags are matched by local name, so every schema version (whatever its namespace URI) reads the
same.  A page without ``<ns>`` (schema < 0.6) gets its namespace from its title's prefix.  A history
export holds several ``<revision>`` per page: the latest by timestamp wins (ties: the later one).
UTF-16 files (with a byte-order mark) and a declared non-UTF-8 encoding are transcoded to UTF-8
first; offsets then count UTF-8 bytes.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from lxml import etree

from wikikg.dump.bz2recover import Damage
from wikikg.dump.compression import DumpStream, open_dump
from wikikg.dump.cutter import PAGE_START, TRUNCATED, UNCLOSED, Cut, PageCutter
from wikikg.dump.page import Page, SiteInfo
from wikikg.dump.siteinfo import parse_siteinfo, root_attributes
from wikikg.errors import DumpFormatError

BLOCK = 1 << 20
#: the prologue (``<mediawiki>`` and ``<siteinfo>``) must show up within this many bytes
MAX_HEADER = 64 << 20
#: warnings kept in full; the rest are counted
MAX_WARNINGS = 1000

_SITEINFO = re.compile(rb"<siteinfo[\s>].*?</siteinfo\s*>", re.S)
_FIRST_TAG = re.compile(
    rb"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*(<([A-Za-z_][\w.:-]*)[^>]*>)", re.S
)
_TITLE = re.compile(rb"<title>([^<]*)</title>")
_XML_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


class DumpReader:
    """Iterate over the pages of a MediaWiki XML dump file (plain, bz2, gzip or xz).

    ``siteinfo`` is read when the reader is created, before the first page; ``lang`` overrides
    the edition's language (and then its namespaces, see :mod:`wikikg.dump.siteinfo`).
    ``bytes_read`` / ``total_bytes`` measure progress in bytes of the file as stored.
    ``warnings`` lists what was skipped or cut, ``pages_skipped`` counts the pages lost.

    A file that is missing, not a dump, or not XML raises :class:`~wikikg.errors.InputError` or
    :class:`~wikikg.errors.DumpFormatError` from the constructor; once reading, nothing in the
    file raises: bad pages and truncation become warnings.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, lang: str | None = None, prefetch: bool = True
    ) -> None:
        self.path = Path(path)
        self.warnings: list[str] = []
        self.warning_count = 0
        self.pages_skipped = 0
        self.pages_read = 0
        self._stream: DumpStream = open_dump(self.path, prefetch=prefetch)
        self._cut = PageCutter()  # the decompressed (UTF-8) bytes not cut into pages yet
        self._eof = False
        self._decoder: codecs.IncrementalDecoder | None = None
        self._started = False
        self._gaps: list[int] = []  # where damaged parts are missing in the decompressed stream
        try:
            #: the wiki the dump's own <siteinfo> names, when ``lang`` overrode it (minidumps)
            self.declared_dbname: str | None = None
            self.siteinfo: SiteInfo = self._read_header(lang)
        except BaseException:
            self._stream.close()
            raise

    # -- progress ---------------------------------------------------------------------------
    @property
    def bytes_read(self) -> int:
        """Bytes of the file (as stored, compressed) consumed so far."""
        return self._stream.compressed_bytes_read

    @property
    def total_bytes(self) -> int:
        return self._stream.total_bytes

    @property
    def compression(self) -> str:
        """``bz2``, ``gzip``, ``xz`` or ``plain``: how the file is stored."""
        return self._stream.compression

    def file_sha1(self) -> str:
        """The sha1 of the dump file, mostly hashed while it was read (see
        :meth:`~wikikg.dump.compression.DumpStream.file_sha1`); call it once reading is over."""
        self.close()
        return self._stream.file_sha1()

    # -- context manager and iteration ---------------------------------------------------------
    def __enter__(self) -> DumpReader:
        return self

    def __exit__(
        self, t: type[BaseException] | None, v: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stream.close()

    @property
    def damage(self) -> list[Damage]:
        """The damaged parts of the file skipped so far (see :mod:`wikikg.dump.bz2recover`)."""
        return self._stream.damage

    def __iter__(self) -> Iterator[Page]:
        if self._started:
            raise RuntimeError("a DumpReader can be iterated once")
        self._started = True
        try:
            for start, chunk in self._chunks():
                page = self._page(start, chunk)
                if page is not None:
                    self.pages_read += 1
                    yield page
        finally:
            self.close()

    def raw_pages(self) -> Iterator[tuple[int, bytes]]:
        """``(byte offset, b"<page>…</page>")`` for each page, not parsed yet.

        For callers that parse pages elsewhere — worker processes, with :func:`parse_page` — so that
        the process reading the dump only decompresses and cuts.  The recovery of :meth:`__iter__`
        for truncated dumps and pages that never close applies; malformed XML inside a page is
        found by whoever parses it.  Like iteration, this can be done once.
        """
        if self._started:
            raise RuntimeError("a DumpReader can be iterated once")
        self._started = True
        try:
            yield from self._chunks()
        finally:
            self.close()

    # -- internals ------------------------------------------------------------------------------
    def _warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def _fill(self) -> bool:
        """Append the next block of decompressed (UTF-8) bytes to the buffer; ``False`` at the end."""
        if self._eof:
            return False
        try:
            block = self._read_block()
        except EOFError:
            self._eof = True
            self._warn(
                f"{self.path}: the compressed data ends early (file cut short) at byte "
                f"{self._cut.end} of the decompressed stream"
            )
            return False
        except (OSError, ValueError) as e:  # corrupt compressed data
            self._eof = True
            self._warn(
                f"{self.path}: corrupt compressed data after byte {self._cut.end} "
                f"of the decompressed stream ({e}); reading stopped there"
            )
            return False
        if self._decoder is not None:
            raw = block
            block = self._decoder.decode(raw, final=not raw).encode("utf-8")
            if raw and not block:
                return self._fill()  # a lone byte of a code unit: read on
        if not block:
            self._eof = True
            return False
        self._cut.buf += block
        return True

    def _read_block(self) -> bytes:
        """The next block of the stream; a damaged part of the file skipped on the way is warned
        about (where, how much of the file)."""
        block = self._stream.read_block(BLOCK)
        for d in self._stream.damage[len(self._gaps):]:
            self._gaps.append(d.at)
            share = d.size / max(1, self.total_bytes)
            self._warn(f"{self.path}: damaged bz2 block at byte {d.offset:,} of the file: {d.size:,} compressed "
                       f"bytes ({share:.1%} of the file) could not be read and were skipped with the pages in "
                       "them; reading went on with the next block (at byte {d.at:,} of the decompressed stream)")
        return block

    def _read_header(self, lang: str | None) -> SiteInfo:
        # The first block decides the encoding.
        try:
            first = self._stream.read_block(BLOCK)
        except (OSError, EOFError, ValueError) as e:
            raise DumpFormatError(
                f"{self.path} is not a MediaWiki XML dump: cannot decompress it ({e})"
            ) from None
        first = self._set_encoding(first)
        self._cut.buf += first
        if not first:
            self._eof = True
            raise DumpFormatError(f"{self.path} is not a MediaWiki XML dump: the file is empty")
        while True:
            m = _FIRST_TAG.match(self._cut.buf)
            if m is not None or len(self._cut.buf) > MAX_HEADER or not self._fill():
                break
        if m is None:
            raise DumpFormatError(f"{self.path} is not a MediaWiki XML dump: it does not start with XML")
        root = m.group(2).decode("utf-8", "replace")
        if root.rpartition(":")[2] != "mediawiki":
            raise DumpFormatError(
                f"{self.path} is not a MediaWiki XML dump: its root element is <{root}>, not <mediawiki>"
            )
        try:
            attrs = root_attributes(bytes(m.group(1)))
        except etree.XMLSyntaxError:
            attrs = {}
        # The prologue ends at the first <page> (or the end of a page-less dump).
        while True:
            page = PAGE_START.search(self._cut.buf, m.end())
            if page is not None or len(self._cut.buf) > MAX_HEADER or not self._fill():
                break
        head_end = page.start() if page is not None else len(self._cut.buf)
        si = _SITEINFO.search(self._cut.buf, m.end(), head_end)
        try:
            site = parse_siteinfo(bytes(si.group(0)) if si else None, xml_lang=attrs.get("lang"), lang=lang)
            if si is not None and lang is not None:
                self.declared_dbname = parse_siteinfo(bytes(si.group(0)), xml_lang=attrs.get("lang")).dbname
        except etree.XMLSyntaxError as e:
            self._warn(f"{self.path}: <siteinfo> is not well-formed ({e}); standard namespaces used")
            site = parse_siteinfo(None, xml_lang=attrs.get("lang"), lang=lang)
        self._cut.consume(head_end)
        return site

    def _set_encoding(self, first: bytes) -> bytes:
        """Detect UTF-16 / UTF-8 byte-order marks and declared encodings; return the block as UTF-8."""
        enc: str | None = None
        if first.startswith(codecs.BOM_UTF8):
            return first[len(codecs.BOM_UTF8) :]
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            enc = "utf-16"  # the decoder reads and drops the BOM
        elif first.startswith(b"<\x00"):
            enc = "utf-16-le"
        elif first.startswith(b"\x00<"):
            enc = "utf-16-be"
        else:
            d = _XML_DECL_ENCODING.match(first)
            if d is not None:
                name = d.group(1).decode("ascii").lower()
                try:
                    if codecs.lookup(name).name not in ("utf-8", "ascii"):
                        enc = name
                except LookupError:
                    raise DumpFormatError(
                        f"{self.path}: unknown character encoding {name!r} in the XML declaration"
                    ) from None
        if enc is None:
            return first
        self._decoder = codecs.getincrementaldecoder(enc)(errors="replace")
        out = self._decoder.decode(first).encode("utf-8")
        if enc.startswith("utf-16"):  # the declaration now lies about the encoding: drop it
            out = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", out)
        return out

    def _chunks(self) -> Iterator[tuple[int, bytes]]:
        """``(offset, bytes of one <page>…</page>)`` for each page, recovering as the module says."""
        for cut in self._cut.pages(self._fill):
            if cut.kind == UNCLOSED:
                self._skip(cut, "it has no </page> before the next <page>")
            elif cut.kind == TRUNCATED:
                self.pages_skipped += 1
                self._warn(
                    f"{self.path}: the dump ends mid-page at byte {cut.offset + len(cut.chunk)} of the decompressed "
                    f"stream; the incomplete page {describe_page(cut.chunk[:4096])} starting at byte "
                    f"{cut.offset} was not read"
                )
                return
            elif any(cut.offset < gap < cut.offset + len(cut.chunk) for gap in self._gaps):
                self._skip(cut, "a damaged part of the file cut it (its start and end belong to different pages)")
            else:
                yield cut.offset, cut.chunk
        if not self._cut.root_closed and not self.warnings:
            self._warn(f"{self.path}: the dump ends at byte {self._cut.end} without its closing </mediawiki>")

    def _skip(self, cut: Cut, why: str) -> None:
        self.pages_skipped += 1
        self._warn(f"{self.path}: page {describe_page(cut.chunk)} at byte {cut.offset} skipped: {why}")

    def _page(self, offset: int, chunk: bytes) -> Page | None:
        try:
            elem = etree.fromstring(chunk, _PARSER)
        except etree.XMLSyntaxError as e:
            self.pages_skipped += 1
            self._warn(
                f"{self.path}: page {describe_page(chunk)} at byte {offset} skipped: malformed XML ({e})"
            )
            return None
        page = build_page(elem, self.siteinfo)
        if page is None:
            self.pages_skipped += 1
            self._warn(
                f"{self.path}: page {describe_page(chunk)} at byte {offset} skipped: no <title> or <id>"
            )
        return page


def describe_page(chunk: bytes) -> str:
    """How a warning names a page: its title as written in the XML, else ``(untitled)``.

    >>> describe_page(b"<page><title>Berlin</title>"), describe_page(b"<page><id>1</id>")
    ("'Berlin'", '(untitled)')
    """
    t = _TITLE.search(chunk)
    return repr(t.group(1).decode("utf-8", "replace")) if t else "(untitled)"


def parse_page(chunk: bytes, site: SiteInfo) -> Page:
    """Parse one ``<page>…</page>`` cut by :meth:`DumpReader.raw_pages`.

    Raises :class:`~wikikg.errors.DumpFormatError` naming the page when it is malformed XML or has
    no title or id: the caller skips that page and goes on.
    """
    try:
        elem = etree.fromstring(chunk, _PARSER)
    except etree.XMLSyntaxError as e:
        raise DumpFormatError(f"page {describe_page(chunk)} skipped: malformed XML ({e})") from None
    page = build_page(elem, site)
    if page is None:
        raise DumpFormatError(f"page {describe_page(chunk)} skipped: no <title> or <id>")
    return page


def build_page(elem: etree._Element, site: SiteInfo) -> Page | None:
    """A :class:`Page` from a parsed ``<page>`` element (any schema version); ``None`` without title or id."""
    title: str | None = None
    ns: int | None = None
    page_id: int | None = None
    redirect: str | None = None
    best: etree._Element | None = None
    best_ts = ""
    for child in elem:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if "}" in tag:
            tag = tag.rpartition("}")[2]
        if tag == "revision":
            ts = _child_text(child, "timestamp") or ""
            if best is None or ts >= best_ts:
                best, best_ts = child, ts
        elif tag == "title":
            title = child.text or ""
        elif tag == "ns":
            ns = _int(child.text)
        elif tag == "id":
            page_id = _int(child.text)
        elif tag == "redirect":
            redirect = child.get("title") or None
    if not title or page_id is None:
        return None
    if ns is None:
        ns = _ns_of(title, site)
    rev: dict[str, str | None] = {}
    if best is not None:
        for child in best:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if "}" in tag:
                tag = tag.rpartition("}")[2]
            if tag in ("id", "parentid", "timestamp", "model", "format", "text"):
                rev[tag] = child.text
    return Page(
        title=title,
        ns=ns,
        id=page_id,
        revision_id=_int(rev.get("id")),
        parent_id=_int(rev.get("parentid")),
        timestamp=rev.get("timestamp"),
        text=rev.get("text") or "",
        redirect=redirect,
        model=rev.get("model") or "wikitext",
        format=rev.get("format"),
    )


def _child_text(elem: etree._Element, name: str) -> str | None:
    for child in elem:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == name:
            text: str | None = child.text
            return text
    return None


def _int(s: str | None) -> int | None:
    if s is None:
        return None
    s = s.strip()
    return int(s) if s.lstrip("-").isdigit() else None


def _ns_of(title: str, site: SiteInfo) -> int:
    """The namespace a title's prefix names (schema < 0.6 has no ``<ns>``): ``Category:X`` → 14."""
    prefix, colon, _ = title.partition(":")
    if not colon:
        return 0
    return site.namespace_id(prefix) or 0
