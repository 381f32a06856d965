"""Page metadata DBpedia writes for every page it extracts: labels, ids, revisions, length, topic links.

Mirrors DBpedia's ``LabelExtractor``, ``PageIdExtractor``, ``RevisionIdExtractor``,
``ProvenanceExtractor``, ``PageLengthExtractor`` and ``WikiPageExtractor`` (``wikipedia-links``):
main-namespace pages (redirects included) and category pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.dump.namespaces import CATEGORY, MAIN
from wikikg.extractors.base import BaseExtractor, ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import IRI, Literal, Statement
from wikikg.wikitext.parsed import ParsedPage

_EXTRACTED_NAMESPACES = (MAIN, CATEGORY)


@register
class LabelsExtractor(BaseExtractor, name="labels", datasets=(ds.LABELS,)):
    """``rdfs:label "Title"@lang`` for every main-namespace page (DBpedia ``LabelExtractor``)."""

    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.tag = ctx.lang_tag

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns == MAIN and page.title.name:
            yield Statement(ds.LABELS, self.ctx.resource_of(page), v.RDFS_LABEL,
                            Literal(page.title.name, lang=self.tag))


@register
class PageIdsExtractor(BaseExtractor, name="page-ids", datasets=(ds.PAGE_IDS,)):
    """``dbo:wikiPageID`` (xsd:integer)."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns in _EXTRACTED_NAMESPACES:
            yield Statement(ds.PAGE_IDS, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_ID,
                            Literal(str(page.page.id), v.XSD_INTEGER))


@register
class RevisionsExtractor(BaseExtractor, name="revisions", datasets=(ds.REVISION_IDS, ds.REVISION_URIS)):
    """``dbo:wikiPageRevisionID`` and ``prov:wasDerivedFrom <…?oldid=REV&ns=0>``."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        rev = page.page.revision_id
        if page.ns not in _EXTRACTED_NAMESPACES or rev is None:
            return
        subject = self.ctx.resource_of(page)
        yield Statement(ds.REVISION_IDS, subject, v.DBO_WIKI_PAGE_REVISION_ID,
                        Literal(str(rev), v.XSD_INTEGER))
        yield Statement(ds.REVISION_URIS, subject, v.PROV_WAS_DERIVED_FROM,
                        self.ctx.minter.wiki_revision(page.title.encoded, rev, page.ns))


@register
class PageLengthExtractor(BaseExtractor, name="page-length", datasets=(ds.PAGE_LENGTH,)):
    """``dbo:wikiPageLength``: characters of the page's source (xsd:nonNegativeInteger)."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns in _EXTRACTED_NAMESPACES:
            yield Statement(ds.PAGE_LENGTH, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_LENGTH,
                            Literal(str(len(page.page.text)), v.XSD_NON_NEGATIVE_INTEGER))


@register
class WikipediaLinksExtractor(BaseExtractor, name="wikipedia-links", datasets=(ds.WIKIPEDIA_LINKS,)):
    """The resource and its wiki page, both ways, with the page's language (``WikiPageExtractor``)."""

    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.language = Literal(ctx.lang_tag)

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns != MAIN or page.is_redirect:
            return
        key = ds.WIKIPEDIA_LINKS
        subject = self.ctx.resource_of(page)
        url: IRI = self.ctx.minter.wiki_page(page.title.encoded)
        yield Statement(key, subject, v.FOAF_IS_PRIMARY_TOPIC_OF, url)
        yield Statement(key, url, v.FOAF_PRIMARY_TOPIC, subject)
        yield Statement(key, url, v.DC_LANGUAGE, self.language)
