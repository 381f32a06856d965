"""One parse of a page, shared by every extractor, computed lazily.

Extractors ask a :class:`ParsedPage` for what they need; each view is computed the first time
somebody asks and then kept:

* ``text`` — the wikitext with comments removed (all offsets refer to it);
* ``scan`` — templates and internal links, found by the fast bracket scan (:mod:`.scan`);
* ``link_titles`` — internal links resolved through the wiki's namespaces;
* ``headings``, ``lead`` — sections; ``external_links`` — URLs;
* ``tree`` — a full mwparserfromhell syntax tree, for the few extractors that need one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from wikikg.dump.namespaces import CATEGORY, FILE, TEMPLATE
from wikikg.dump.page import Page, SiteInfo
from wikikg.wikitext.infoboxes import IGNORED_PROPERTIES, find_infoboxes
from wikikg.wikitext.magic import redirect_pattern
from wikikg.wikitext.scan import Heading, Link, Scan, Template
from wikikg.wikitext.title import Title, parse_title

# one alternation of literal prefixes, then one run: a third of the time of two alternatives
_EXT_URL = re.compile(r"(?:https?://|ftp://|\[//)[^\s\[\]<>\"{}|]+")
_TRAILING = ".,;:!?'\""
_REF = re.compile(r"<ref(?:\s[^>]*)?(?<!/)>.*?(?:</ref\s*>|$)", re.S | re.I)


class ParsedPage:
    """A page plus the lazily computed views of its wikitext.

    >>> from wikikg.dump.namespaces import default_siteinfo
    >>> site = default_siteinfo("en")
    >>> p = ParsedPage(Page("Ada Lovelace", 0, 1, text="'''Ada''' [[Analytical Engine]] [[Category:Mathematicians]]"), site)
    >>> [t.full for t, _ in p.link_titles], [t.full for t in p.categories]
    (['Analytical Engine', 'Category:Mathematicians'], ['Category:Mathematicians'])
    """

    def __init__(self, page: Page, site: SiteInfo, lang: str | None = None) -> None:
        self.page = page
        self.site = site
        self.lang = lang or site.lang

    # --- identity ---------------------------------------------------------------------------
    @cached_property
    def title(self) -> Title:
        """The page's own title, normalised (falls back to the raw title if it does not parse)."""
        t = parse_title(self.page.title, self.site)
        if t is None or t.interwiki is not None:
            return Title(self.page.ns, self.page.title.replace("_", " "))
        if t.ns != self.page.ns and self.page.ns == 0:
            # a main-namespace article whose title merely looks prefixed ("Star Wars: …")
            return Title(0, self.page.title.replace("_", " ").strip())
        return t

    @property
    def ns(self) -> int:
        return self.page.ns

    @cached_property
    def redirect(self) -> Title | None:
        """The redirect target, from ``<redirect title=…>`` or a ``#REDIRECT [[…]]`` line."""
        target = self.page.redirect
        if target is None and self.page.text:
            m = redirect_pattern(self.lang).match(self.page.text)
            if m:
                target = m.group(1)
        if target is None:
            return None
        return parse_title(target, self.site)

    @property
    def is_redirect(self) -> bool:
        return self.redirect is not None

    @cached_property
    def is_article(self) -> bool:
        """Main namespace, wikitext, not a redirect."""
        return self.page.ns == 0 and self.page.model == "wikitext" and not self.is_redirect

    # --- structure ----------------------------------------------------------------------------
    @cached_property
    def scan(self) -> Scan:
        return Scan.of(self.page.text)

    @property
    def text(self) -> str:
        """Wikitext with comments removed."""
        return self.scan.text

    @property
    def templates(self) -> list[Template]:
        """Every template call, nested ones included, in document order."""
        return self.scan.templates

    @property
    def links(self) -> list[Link]:
        return self.scan.links

    @cached_property
    def link_titles(self) -> list[tuple[Title, Link]]:
        """Internal links with a valid target, resolved through the namespaces."""
        out: list[tuple[Title, Link]] = []
        seen: dict[str, Title | None] = {}
        for link in self.scan.links:
            target = link.target
            if target in seen:
                t = seen[target]
            else:
                t = seen[target] = parse_title(target, self.site)
            if t is not None:
                out.append((t, link))
        return out

    @cached_property
    def article_links(self) -> list[Title]:
        """The distinct main-namespace pages the page links to, in order of first appearance:
        what DBpedia counts as page links (no category, file or interwiki link; anchors dropped)."""
        seen: dict[str, Title] = {}
        for title, _link in self.link_titles:
            if title.ns == 0 and title.interwiki is None and title.name:
                seen.setdefault(title.name, title)
        return list(seen.values())

    @cached_property
    def categories(self) -> list[Title]:
        """Categories the page is in (``[[Category:X]]``, not ``[[:Category:X]]``), in order, once each."""
        seen: dict[str, Title] = {}
        for t, link in self.link_titles:
            if t.ns == CATEGORY and not link.target.lstrip().startswith(":") and t.interwiki is None:
                seen.setdefault(t.name, t)
        return list(seen.values())

    @cached_property
    def file_links(self) -> list[tuple[Title, Link]]:
        return [(t, lk) for t, lk in self.link_titles if t.ns == FILE and t.interwiki is None
                and not lk.target.lstrip().startswith(":")]

    def template_title(self, template: Template) -> Title | None:
        """The page a template call transcludes (``{{Foo}}`` → ``Template:Foo``)."""
        if template.is_parser_function:
            return None
        cache = self._template_titles
        raw = template.raw_name
        if raw not in cache:
            cache[raw] = parse_title(raw, self.site, default_ns=TEMPLATE)
        return cache[raw]

    @cached_property
    def _template_titles(self) -> dict[str, Title | None]:
        return {}

    def templates_named(self, *names: str) -> Iterator[Template]:
        """Template calls whose normalised name (namespace prefix removed) is one of ``names``.

        Names compare case-insensitively on the first letter only, as MediaWiki does.
        """
        wanted = {n[:1].upper() + n[1:] for n in names}
        for t in self.scan.templates:
            name = t.name
            if name in wanted:
                yield t
            elif ":" in name:
                title = self.template_title(t)
                if title is not None and title.ns == TEMPLATE and title.name in wanted:
                    yield t

    @cached_property
    def ref_spans(self) -> list[tuple[int, int]]:
        """Offsets of ``<ref>…</ref>`` bodies: footnotes, not part of the article's own statements."""
        if "<ref" not in self.text and "<REF" not in self.text:
            return []
        return [(m.start(), m.end()) for m in _REF.finditer(self.scan.masked)]

    def in_ref(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.ref_spans)

    @cached_property
    def infoboxes(self) -> list[Template]:
        """The page's infoboxes, in document order, embedded ones too (the rule:
        :mod:`wikikg.wikitext.infoboxes`, with the edition's ignored picture parameters)."""
        ignored = IGNORED_PROPERTIES.get(self.lang, IGNORED_PROPERTIES["en"])
        return find_infoboxes(self.templates, self.text, self.in_ref, ignored)

    @cached_property
    def lead_infoboxes(self) -> list[Template]:
        """The top-level infoboxes of the lead section: the ones that describe the article's own
        subject (where its image, website and position are read)."""
        lead_end = len(self.lead)
        return [t for t in self.infoboxes if t.depth == 0 and t.start < lead_end]

    @cached_property
    def headings(self) -> list[Heading]:
        return self.scan.headings()

    @cached_property
    def lead(self) -> str:
        """The text before the first heading (comments removed)."""
        hs = self.headings
        return self.text[: hs[0].start] if hs else self.text

    @cached_property
    def external_links(self) -> list[str]:
        """External URLs: bracketed ``[http://… label]`` (protocol-relative ``[//…]`` too) and bare
        ones, in order, once each.  A bare URL loses trailing punctuation, as MediaWiki's does."""
        masked = self.scan.masked
        text = self.text
        found: dict[str, None] = {}
        for m in _EXT_URL.finditer(masked):
            start, end = m.span()
            if masked[start] == "[":
                found.setdefault(text[start + 1 : end], None)
                continue
            before = masked[start - 1] if start else ""
            if before == "[":
                found.setdefault(text[start:end], None)
                continue
            if before.isalnum() or before in "/":
                continue  # part of a longer word or URL
            url = text[start:end].rstrip(_TRAILING)
            if url.endswith(")") and "(" not in url:
                url = url[:-1]
            found.setdefault(url, None)
        return list(found)

    # --- the full syntax tree, only for those who need it -------------------------------------
    @cached_property
    def tree(self):  # type: ignore[no-untyped-def]
        """mwparserfromhell's tree of the comment-free text (costly: ask only if you need it)."""
        import mwparserfromhell

        return mwparserfromhell.parse(self.text)
