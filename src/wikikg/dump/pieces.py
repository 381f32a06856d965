"""Pages from pieces of a dump: decompressed byte blocks of a byte range, or Hadoop records.

A worker that is handed a piece of a dump — a local worker process or a Spark executor given byte
ranges of a multistream dump (:mod:`wikikg.dump.multistream`), a Spark task given Hadoop's
records — never sees the whole file, so it cannot use :class:`~wikikg.dump.xml.DumpReader`, which
reads a file from its start.  It relies on the same
property of the export format: the page text is XML-escaped, so the bytes ``<page>`` and
``</page>`` never occur inside a page, and a piece cut at those tags is a sequence of whole pages.
Each page is parsed on its own with lxml and turned into a :class:`~wikikg.dump.page.Page` by the
reader's own :func:`~wikikg.dump.xml.parse_page`, with the ``<siteinfo>`` the driver read from
the file's head.  The recoveries are the reader's: a page whose XML is broken, or that never
closes before the next ``<page>``, is skipped with a warning and the next page is read.

>>> from wikikg.dump.namespaces import default_siteinfo
>>> log = PieceLog()
>>> blocks = [b"<mediawiki><page><title>A</title><id>1</id><revision><text>x</te",
...           b"xt></revision></page>\\n<page><title>B</title><id>2</id></page></mediawiki>"]
>>> [p.title for p in pages_from_blocks(blocks, default_siteinfo("en"), log, "dump")]
['A', 'B']
>>> page_from_record("\\n  <page><title>C</title><ns>0</ns><id>3</id>", default_siteinfo("en"), log, "dump").id
3
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg.dump.cutter import PAGE_END, PAGE_START, TRUNCATED, UNCLOSED, PageCutter
from wikikg.dump.multistream import ByteRange, decompress_range
from wikikg.dump.page import Page, SiteInfo
from wikikg.dump.xml import describe_page, parse_page
from wikikg.errors import DumpFormatError

MAX_WARNINGS = 100



@dataclass
class PieceLog:
    """What happened while reading one piece of a dump: pages read and skipped, warnings (bounded)."""

    pages_read: int = 0
    pages_skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def skip(self, where: str, chunk: bytes, why: str) -> None:
        self.pages_skipped += 1
        self.warn(f"{where}: page {describe_page(chunk)} skipped: {why}")

    def as_json(self) -> dict[str, Any]:
        return {"pages_read": self.pages_read, "pages_skipped": self.pages_skipped,
                "warnings": list(self.warnings), "warning_count": self.warning_count}

    def merge(self, other: dict[str, Any]) -> None:
        self.pages_read += int(other["pages_read"])
        self.pages_skipped += int(other["pages_skipped"])
        self.warning_count += int(other["warning_count"])
        self.warnings.extend(other["warnings"][: max(0, MAX_WARNINGS - len(self.warnings))])


def page_from_chunk(chunk: bytes, site: SiteInfo, log: PieceLog, where: str) -> Page | None:
    """The page of one ``<page>…</page>`` chunk (:func:`~wikikg.dump.xml.parse_page`); ``None``
    (skipped, logged) when it is broken."""
    try:
        page = parse_page(chunk, site)
    except DumpFormatError as e:
        log.pages_skipped += 1
        log.warn(f"{where}: {e}")
        return None
    log.pages_read += 1
    return page


def pages_from_blocks(blocks: Iterable[bytes], site: SiteInfo, log: PieceLog, where: str) -> Iterator[Page]:
    """The pages of a piece of XML given as consecutive byte blocks (memory: the largest page),
    cut by the reader's own :class:`~wikikg.dump.cutter.PageCutter`."""
    cutter = PageCutter()
    source = iter(blocks)

    def fill() -> bool:
        block = next(source, None)
        if block is None:
            return False
        cutter.buf += block
        return True

    for cut in cutter.pages(fill):
        if cut.kind == UNCLOSED:
            log.skip(where, cut.chunk, "it has no </page> before the next <page>")
        elif cut.kind == TRUNCATED:
            log.skip(where, cut.chunk, "the piece ends before its </page>")
        else:
            page = page_from_chunk(cut.chunk, site, log, where)
            if page is not None:
                yield page


def pages_of_range(path: str | Path, byte_range: ByteRange, site: SiteInfo, log: PieceLog) -> Iterator[Page]:
    """The pages in a byte range of whole bz2 streams of a multistream dump (memory: the largest page).

    A damaged stream is skipped with a warning in ``log`` (the worker counts the pages the index
    lists that were not read); decompressing stops, with a warning, where the range does not hold
    whole streams (an index that is not this dump's); the pages before that are read.
    """
    where = f"{path} [bytes {byte_range.start}–{byte_range.end}]"

    def damaged(offset: int, size: int) -> None:
        log.warn(f"{where}: damaged bz2 stream at byte {offset:,} of the file: {size:,} compressed bytes "
                 "skipped with the pages in them; reading went on with the next stream")

    def blocks() -> Iterator[bytes]:
        try:
            yield from decompress_range(path, byte_range, on_damage=damaged)
        except (EOFError, OSError) as e:
            log.warn(f"{where}: reading stopped: {e}")

    return pages_from_blocks(blocks(), site, log, where)


def page_from_record(record: str, site: SiteInfo, log: PieceLog, where: str) -> Page | None:
    """The page of one record of a dump cut at ``</page>`` (the delimiter itself is not in it).

    A record is whatever lies between two ``</page>``: the whitespace and the ``<page>`` that
    follow the previous page (the first record also holds ``<mediawiki>`` and ``<siteinfo>``, the
    last only ``</mediawiki>``).  A record with several ``<page>`` starts holds pages that never
    closed: they are skipped and the last one is read.
    """
    data = record.encode("utf-8")
    starts = [m.start() for m in PAGE_START.finditer(data)]
    if not starts:
        return None
    for a, b in itertools.pairwise(starts):
        log.skip(where, data[a:b], "it has no </page> before the next <page>")
    return page_from_chunk(data[starts[-1]:] + PAGE_END, site, log, where)
