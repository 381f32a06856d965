"""Reading one page's infobox values for the mappings: text, items and the resources they name.

The value parsers are the shared ones of :mod:`wikikg.values` (the infobox extractor reads values
the same way); strings are what a reader sees (:mod:`wikikg.wikitext.render`).  What is the
mappings' own is DBpedia's ``ObjectParser`` reading of an item as a resource: the item's
resources when it is a list of links and flags; else, in each comma-separated part, the first
article link; else its first external link; else the target of a link elsewhere on the page whose label is the item's text
("Germany" in a commander's box when the page links [[Nazi Germany|Germany]] above).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from wikikg.dump.editions import is_language
from wikikg.dump.namespaces import MAIN
from wikikg.extractors.base import ExtractionContext
from wikikg.rdf.iri import escape_url
from wikikg.rdf.terms import IRI
from wikikg.values import ValueParser
from wikikg.values.reading import strip_footnotes
from wikikg.values.split import split_items
from wikikg.wikitext.inline_templates import RenderContext
from wikikg.wikitext.local_names import LocalNamespaces
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.render import render_plain
from wikikg.wikitext.scan import Scan
from wikikg.wikitext.title import Title, parse_title

_EXTERNAL = re.compile(r"(?:https?:)?//[^\s\[\]<>\"{}|]+")

__all__ = ["PageValues", "split_items", "strip_footnotes"]


@dataclass
class PageValues:
    """Reads the values of one page's templates.

    ``parser`` — the edition's shared :class:`~wikikg.values.ValueParser`; ``namespaces`` — the
    edition's namespace names for the renderer; both built once per extractor.
    """

    ctx: ExtractionContext
    page: ParsedPage
    parser: ValueParser
    namespaces: LocalNamespaces | None = None

    @cached_property
    def _render(self) -> RenderContext:
        return RenderContext(lang=self.ctx.lang, title=self.page.title.full, site=self.ctx.site,
                             namespaces=self.namespaces)

    def text(self, wikitext: str) -> str:
        """What a reader sees: links as labels, markup and footnotes removed, one line.

        Where the renderer leaves nothing of a value that has text (it drops "{{flagdeco|France}}:
        13,390" whole), the value parsers' reading text stands in.
        """
        core = strip_footnotes(wikitext)
        shown = render_plain(core, self._render)
        if not shown and core.strip():
            shown = self.parser.text(core).strip(" :;,")
        return shown

    def items(self, wikitext: str) -> list[str]:
        """The items of a value (``<br>``, bullets, list templates …)."""
        return split_items(wikitext, self.ctx.lang)

    def objects(self, item: str) -> list[IRI]:
        """The resources one item names (see the module's description)."""
        found = self.parser.resources(item, strict=True)
        if found:
            return found
        core = strip_footnotes(item)
        scan = Scan.of(core, comments_removed=True)
        out: list[IRI] = []
        for start, end in _pieces(scan.masked):
            piece = core[start:end]
            if not piece.strip():
                continue
            in_piece = self.parser.resources(piece, strict=True) if "," in core or ";" in core else []
            if not in_piece:
                first = self._first_link(Scan.of(piece, comments_removed=True))
                in_piece = [first] if first is not None else []
            out.extend(r for r in in_piece if r not in out)
        if out:
            return out
        m = _EXTERNAL.search(scan.masked)
        if m is not None:
            url = core[m.start():m.end()]
            return [IRI(escape_url("http:" + url if url.startswith("//") else url))]
        surface = self.text(core).strip().lower()
        if surface:
            target = self._label_target(surface)
            if target is not None:
                return [self.ctx.resource(target)]
        return []

    def _first_link(self, scan: Scan) -> IRI | None:
        """The first article link (as DBpedia's ``ObjectParser``: in "Verrières Ridge (south of
        [[Caen]])" that is Caen — and in "Jesper Brodin ([[chairman]])" the chairman)."""
        for link in scan.links:
            title = parse_title(link.target, self.ctx.site)
            if title is not None and title.ns == MAIN and title.name and (
                    title.interwiki is None or is_language(title.interwiki)):
                return self.ctx.resource(_without_fragment(title))
        return None

    def _label_target(self, surface: str) -> Title | None:
        """The target of the first article link on the page whose label is ``surface``."""
        for target in self._labels.get(surface, ()):
            title = parse_title(target, self.ctx.site)
            if title is not None and title.ns == MAIN and title.interwiki is None and title.name:
                return _without_fragment(title)
        return None

    @cached_property
    def _labels(self) -> dict[str, list[str]]:
        """Link labels of the whole page (lower-cased) → the links' targets, in page order."""
        out: dict[str, list[str]] = {}
        for link in self.page.links:
            label = (link.label if link.label is not None else link.target) + link.trail
            key = label.strip().lower()
            if key and "[[" not in key and "{{" not in key:
                out.setdefault(key, []).append(link.target)
        return out


def _without_fragment(title: Title) -> Title:
    return Title(title.ns, title.name, title.prefix, None, title.interwiki) if title.fragment is not None else title


def _pieces(masked: str) -> list[tuple[int, int]]:
    """Spans of ``masked`` between top-level commas and semicolons (outside links, templates and
    parentheses) — where DBpedia's ``ObjectParser`` splits an item."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    n = len(masked)
    while i < n:
        two = masked[i:i + 2]
        if two in ("[[", "{{"):
            depth += 1
            i += 2
            continue
        if two in ("]]", "}}"):
            depth = max(0, depth - 1)
            i += 2
            continue
        ch = masked[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0:
            spans.append((start, i))
            start = i + 1
        i += 1
    spans.append((start, n))
    return spans

