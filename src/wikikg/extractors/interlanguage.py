"""Interlanguage links written in the wikitext: ``[[de:Berlin]]`` → ``interlanguage-links_lang=xx``.

Until 2013 every Wikipedia article listed its versions in other languages as links at its foot,
``[[de:Berlin]]``, ``[[fr:Berlin]]``: a link whose prefix is a language edition's code, with no
leading colon (``[[:de:Berlin]]`` is an ordinary inline link to the German page, not a language
link).  MediaWiki keeps the first link per language and ignores the others (``Parser``, T26502), and
stores what remains in the ``langlinks`` table; since Wikidata the links live there and the
wikitext rarely has any, so the langlinks table dumps are read after the pass
(:mod:`wikikg.pipeline.canonical`).

DBpedia's ``InterLanguageLinksExtractor`` writes one ``dbo:wikiPageInterLanguageLink`` per link
from pages of the main, template and category namespaces, to the other edition's resource IRI;
links inside templates are not the page's own (DBpedia reads only the page's top-level nodes).
The ``owl:sameAs`` links between the editions' resources need both sides of every link, so they
are written by the whole-run step, not here.

>>> from wikikg.dump.namespaces import default_siteinfo
>>> from wikikg.dump.page import Page
>>> from wikikg.rdf.iri import IriMinter
>>> site = default_siteinfo("it")
>>> ex = InterLanguageLinksExtractor(ExtractionContext("it", site, IriMinter("it")))
>>> text = "'''Roma''' [[:en:Rome]] {{T|[[fr:Rome]]}}\\n[[de:Rom]]\\n[[en:rome#History]]\\n[[de:Rom (Stadt)]]"
>>> [st.object for st in ex.extract(ParsedPage(Page("Roma", 0, 1, text=text), site, "it"))]
['http://de.dbpedia.org/resource/Rom', 'http://dbpedia.org/resource/Rome']
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from wikikg.dump.namespaces import CATEGORY, MAIN, TEMPLATE, default_siteinfo
from wikikg.dump.page import SiteInfo
from wikikg.extractors.base import BaseExtractor, ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import INTERLANGUAGE_LINKS
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import IRI, Statement
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.title import parse_title

# DBpedia's InterLanguageLinksExtractor: Namespace.Main, Namespace.Template, Namespace.Category.
LINKED_NAMESPACES = frozenset({MAIN, TEMPLATE, CATEGORY})


class EditionTitles:
    """Titles of other editions as resource IRIs, each normalised by its own edition's rules.

    ``[[de:kategorie:Berlin]]`` names the German category page ``Kategorie:Berlin``; the remainder
    after the language prefix follows the target wiki's namespaces and case rules, so it is parsed
    with that edition's standard namespaces (built once per edition and kept).

    >>> titles = EditionTitles()
    >>> titles.resource("de", "kategorie:berlin#Geschichte"), titles.resource("en", "Berlin_(disambiguation)")
    ('http://de.dbpedia.org/resource/Kategorie:Berlin', 'http://dbpedia.org/resource/Berlin_(disambiguation)')
    >>> titles.resource("de", ""), titles.resource("de", "a[b]")
    (None, None)
    """

    def __init__(self) -> None:
        self._sites: dict[str, tuple[SiteInfo, IriMinter]] = {}

    def edition(self, lang: str) -> tuple[SiteInfo, IriMinter]:
        got = self._sites.get(lang)
        if got is None:
            got = self._sites[lang] = (default_siteinfo(lang), IriMinter(lang))
        return got

    def resource(self, lang: str, raw_title: str) -> IRI | None:
        """The resource IRI of ``raw_title`` on edition ``lang``; ``None`` if it is not a valid title."""
        site, minter = self.edition(lang)
        title = parse_title(raw_title, site)
        if title is None or title.interwiki is not None or not title.name:
            return None
        return minter.resource(title.encoded)


def language_links(page: ParsedPage) -> Iterator[tuple[str, str]]:
    """``(language, raw title)`` of the page's interlanguage links, the first per language.

    Links with a leading colon, links to the page's own edition, links inside templates and links
    nested in other links (image captions) are not the page's language links.
    """
    spans = sorted((t.start, t.end) for t in page.scan.top_templates)
    starts = [s for s, _ in spans]
    seen: set[str] = set()
    for title, link in page.link_titles:
        lang = title.interwiki
        if lang is None or lang == page.lang or lang in seen or link.depth:
            continue
        if link.target.lstrip().startswith(":"):
            continue
        i = bisect_right(starts, link.start) - 1
        if i >= 0 and spans[i][1] > link.start:
            continue  # inside a template call
        seen.add(lang)
        yield lang, title.name


@register
class InterLanguageLinksExtractor(BaseExtractor, name="interlanguage-links", datasets=(INTERLANGUAGE_LINKS,)):
    """``dbo:wikiPageInterLanguageLink`` from ``[[xx:Title]]`` links (DBpedia ``InterLanguageLinksExtractor``)."""

    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.titles = EditionTitles()

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns not in LINKED_NAMESPACES or page.page.model != "wikitext":
            return
        subject: IRI | None = None
        for lang, raw in language_links(page):
            target = self.titles.resource(lang, raw)
            if target is None:
                continue
            if subject is None:
                subject = self.ctx.resource_of(page)
            yield Statement(INTERLANGUAGE_LINKS, subject, v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK, target)
