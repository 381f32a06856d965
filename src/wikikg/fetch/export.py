"""Writing MediaWiki's XML export format (schema 0.11), as ``Special:Export`` and the dumps do.

The layout follows MediaWiki's ``XmlDumpWriter`` (includes/export/XmlDumpWriter.php) element by
element: ``<siteinfo>`` with the namespaces and their case rule, then per page ``<title>``,
``<ns>``, ``<id>``, ``<redirect title=…/>``, and one ``<revision>`` with ``<id>``,
``<parentid>``, ``<timestamp>``, ``<contributor>``, ``<minor/>``, ``<comment>``, ``<origin>``,
``<model>``, ``<format>``, ``<text bytes=… sha1=… xml:space="preserve">`` and ``<sha1>``.  Text is
escaped as PHP's ``htmlspecialchars`` does (``& < > "``); the SHA-1 is written in base 36, padded to
31 digits, as MediaWiki stores it (``Wikimedia\\base_convert``).

The file is bzip2-compressed and written as ``NAME.part``, renamed to ``NAME`` only when closed
without error: a dump under its final name is always complete.
"""

from __future__ import annotations

import bz2
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from wikikg.dump.page import Page, SiteInfo

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"
EXPORT_VERSION = "0.11"

# XML 1.0 §2.2 Char: what may not appear in a document even escaped.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """PHP ``htmlspecialchars`` (``ENT_COMPAT``) — and XML-illegal control characters dropped.

    A carriage return becomes ``&#13;`` so that XML's end-of-line normalisation keeps it.

    >>> escape('a < b & "c" > d\\x01\\r')
    'a &lt; b &amp; &quot;c&quot; &gt; d&#13;'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = text.replace("\r", "&#13;")
    return _ILLEGAL_XML.sub("", text)


def base36_sha1(text: str) -> str:
    """The SHA-1 of ``text`` (UTF-8) in base 36, 31 digits, as in ``<sha1>`` of every dump.

    >>> base36_sha1("")
    'phoiac9h4m842xq45sp7s6u21eteeq1'
    """
    n = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out.rjust(31, "0")


@dataclass(frozen=True, slots=True)
class Contributor:
    """Who saved a revision: a user name and id, or an IP address for an anonymous edit."""

    username: str | None = None
    id: int | None = None
    ip: str | None = None


@dataclass(frozen=True, slots=True)
class Revision:
    """A page with what the export says about its revision beyond :class:`~wikikg.dump.page.Page`."""

    page: Page
    contributor: Contributor | None = None
    comment: str | None = None
    minor: bool = False


class ExportWriter:
    """Write one export-format dump: the site's ``<siteinfo>``, then one ``<page>`` per :meth:`write`.

    Use as a context manager; an exception inside discards the unfinished file.
    """

    def __init__(self, path: Path, site: SiteInfo) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self.pages = 0
        self.finished = False
        self._raw = bz2.BZ2File(self.part, "wb", compresslevel=9)
        self._put(self._header(site))

    def _put(self, text: str) -> None:
        self._raw.write(text.encode("utf-8"))

    @staticmethod
    def _header(site: SiteInfo) -> str:
        lines = [
            f'<mediawiki xmlns="{EXPORT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{EXPORT_NS} http://www.mediawiki.org/xml/export-{EXPORT_VERSION}.xsd" '
            f'version="{EXPORT_VERSION}" xml:lang="{escape(site.lang)}">',
            "  <siteinfo>",
            f"    <sitename>{escape(site.sitename)}</sitename>",
        ]
        if site.dbname:
            lines.append(f"    <dbname>{escape(site.dbname)}</dbname>")
        if site.base:
            lines.append(f"    <base>{escape(site.base)}</base>")
        if site.generator:
            lines.append(f"    <generator>{escape(site.generator)}</generator>")
        lines.append(f"    <case>{escape(site.case)}</case>")
        lines.append("    <namespaces>")
        for key in sorted(site.namespaces):
            ns = site.namespaces[key]
            if ns.name:
                lines.append(f'      <namespace key="{key}" case="{escape(ns.case)}">{escape(ns.name)}</namespace>')
            else:
                lines.append(f'      <namespace key="{key}" case="{escape(ns.case)}" />')
        lines += ["    </namespaces>", "  </siteinfo>", ""]
        return "\n".join(lines)

    def write(self, revision: Revision) -> None:
        page = revision.page
        out = [
            "  <page>",
            f"    <title>{escape(page.title)}</title>",
            f"    <ns>{page.ns}</ns>",
            f"    <id>{page.id}</id>",
        ]
        if page.redirect is not None:
            out.append(f'    <redirect title="{escape(page.redirect)}" />')
        out.append("    <revision>")
        if page.revision_id is not None:
            out.append(f"      <id>{page.revision_id}</id>")
        if page.parent_id:
            out.append(f"      <parentid>{page.parent_id}</parentid>")
        if page.timestamp:
            out.append(f"      <timestamp>{escape(page.timestamp)}</timestamp>")
        out += self._contributor(revision.contributor)
        if revision.minor:
            out.append("      <minor />")
        if revision.comment:
            out.append(f"      <comment>{escape(revision.comment)}</comment>")
        if page.revision_id is not None:
            out.append(f"      <origin>{page.revision_id}</origin>")
        out.append(f"      <model>{escape(page.model)}</model>")
        if page.format:
            out.append(f"      <format>{escape(page.format)}</format>")
        sha1 = base36_sha1(page.text)
        size = len(page.text.encode("utf-8"))
        if page.text:
            out.append(f'      <text bytes="{size}" sha1="{sha1}" xml:space="preserve">{escape(page.text)}</text>')
        else:
            out.append(f'      <text bytes="0" sha1="{sha1}" />')
        out += [f"      <sha1>{sha1}</sha1>", "    </revision>", "  </page>", ""]
        self._put("\n".join(out))
        self.pages += 1

    @staticmethod
    def _contributor(who: Contributor | None) -> list[str]:
        if who is None:
            return ['      <contributor deleted="deleted" />']
        lines = ["      <contributor>"]
        if who.username is not None:
            lines.append(f"        <username>{escape(who.username)}</username>")
            if who.id is not None:
                lines.append(f"        <id>{who.id}</id>")
        elif who.ip is not None:
            lines.append(f"        <ip>{escape(who.ip)}</ip>")
        lines.append("      </contributor>")
        return lines

    def close(self) -> Path:
        """Finish the document and give the file its final name."""
        if not self.finished:
            self._put("</mediawiki>\n")
            self._raw.close()
            os.replace(self.part, self.path)
            self.finished = True
        return self.path

    def abort(self) -> None:
        """Discard the unfinished file."""
        if not self.finished:
            self._raw.close()
            self.part.unlink(missing_ok=True)
            self.finished = True

    def __enter__(self) -> ExportWriter:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        if et is None:
            self.close()
        else:
            self.abort()
