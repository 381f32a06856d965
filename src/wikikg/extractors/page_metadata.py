"""Page metadata DBpedia writes for every page it extracts: labels, ids, revisions, length, topic links.

Mirrors DBpedia's ``LabelExtractor``, ``PageIdExtractor``, ``RevisionIdExtractor``,
``ProvenanceExtractor``, ``PageLengthExtractor`` and ``WikiPageExtractor`` (``wikipedia-links``):
main-namespace pages (redirects included) and category pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from wikikg.dump.namespaces import CATEGORY, MAIN
from wikikg.extractors.base import ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import Dataset
from wikikg.rdf.terms import IRI, Literal, Statement
from wikikg.wikitext.parsed import ParsedPage

GENERIC = frozenset({"generic"})
_EXTRACTED_NAMESPACES = (MAIN, CATEGORY)

@register
class LabelsExtractor:
    """``rdfs:label "Title"@lang`` for every main-namespace page (DBpedia ``LabelExtractor``)."""

    name: ClassVar[str] = "labels"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.LABELS,)
    groups: ClassVar[frozenset[str]] = GENERIC

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx
        self.tag = ctx.lang_tag

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns == MAIN and page.title.name:
            yield Statement(ds.LABELS.key, self.ctx.resource_of(page), v.RDFS_LABEL,
                            Literal(page.title.name, lang=self.tag))


@register
class PageIdsExtractor:
    """``dbo:wikiPageID`` (xsd:integer)."""

    name: ClassVar[str] = "page-ids"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.PAGE_IDS,)
    groups: ClassVar[frozenset[str]] = GENERIC

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns in _EXTRACTED_NAMESPACES:
            yield Statement(ds.PAGE_IDS.key, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_ID,
                            Literal(str(page.page.id), v.XSD_INTEGER))


@register
class RevisionsExtractor:
    """``dbo:wikiPageRevisionID`` and ``prov:wasDerivedFrom <…?oldid=REV&ns=0>``."""

    name: ClassVar[str] = "revisions"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.REVISION_IDS, ds.REVISION_URIS)
    groups: ClassVar[frozenset[str]] = GENERIC

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        rev = page.page.revision_id
        if page.ns not in _EXTRACTED_NAMESPACES or rev is None:
            return
        subject = self.ctx.resource_of(page)
        yield Statement(ds.REVISION_IDS.key, subject, v.DBO_WIKI_PAGE_REVISION_ID,
                        Literal(str(rev), v.XSD_INTEGER))
        yield Statement(ds.REVISION_URIS.key, subject, v.PROV_WAS_DERIVED_FROM,
                        self.ctx.minter.wiki_revision(page.title.encoded, rev, page.ns))


@register
class PageLengthExtractor:
    """``dbo:wikiPageLength``: characters of the page's source (xsd:nonNegativeInteger)."""

    name: ClassVar[str] = "page-length"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.PAGE_LENGTH,)
    groups: ClassVar[frozenset[str]] = GENERIC

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns in _EXTRACTED_NAMESPACES:
            yield Statement(ds.PAGE_LENGTH.key, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_LENGTH,
                            Literal(str(len(page.page.text)), v.XSD_NON_NEGATIVE_INTEGER))


@register
class WikipediaLinksExtractor:
    """The resource and its wiki page, both ways, with the page's language (``WikiPageExtractor``)."""

    name: ClassVar[str] = "wikipedia-links"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.WIKIPEDIA_LINKS,)
    groups: ClassVar[frozenset[str]] = GENERIC

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx
        self.language = Literal(ctx.lang_tag)

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns != MAIN or page.is_redirect:
            return
        key = ds.WIKIPEDIA_LINKS.key
        subject = self.ctx.resource_of(page)
        url: IRI = self.ctx.minter.wiki_page(page.title.encoded)
        yield Statement(key, subject, v.FOAF_IS_PRIMARY_TOPIC_OF, url)
        yield Statement(key, url, v.FOAF_PRIMARY_TOPIC, subject)
        yield Statement(key, url, v.DC_LANGUAGE, self.language)
