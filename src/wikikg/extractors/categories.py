"""Categories: ``dct:subject`` of articles, labels and SKOS of category pages.

DBpedia's ``ArticleCategoriesExtractor``, ``CategoryLabelExtractor`` and ``SkosCategoriesExtractor``:
an article is ``dct:subject`` of each category it is in; a category page is a ``skos:Concept``
with ``skos:prefLabel`` and ``rdfs:label`` (the name without the namespace prefix) and
``skos:broader`` each category it is itself in.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.dump.namespaces import CATEGORY
from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import Literal, Statement
from wikikg.wikitext.parsed import ParsedPage


@register
class ArticleCategoriesExtractor(BaseExtractor, name="categories", datasets=(ds.CATEGORIES_ARTICLES,)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        subject = self.ctx.resource_of(page)
        for cat in page.categories:
            yield Statement(ds.CATEGORIES_ARTICLES, subject, v.DCT_SUBJECT, self.ctx.resource(cat))


@register
class CategoryPagesExtractor(BaseExtractor, name="category-pages",
                             datasets=(ds.CATEGORIES_LABELS, ds.CATEGORIES_SKOS)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns != CATEGORY or page.is_redirect or not page.title.name:
            return
        subject = self.ctx.resource_of(page)
        label = Literal(page.title.name, lang=self.ctx.lang_tag)
        yield Statement(ds.CATEGORIES_LABELS, subject, v.RDFS_LABEL, label)
        yield Statement(ds.CATEGORIES_SKOS, subject, v.RDF_TYPE, v.SKOS_CONCEPT)
        yield Statement(ds.CATEGORIES_SKOS, subject, v.SKOS_PREF_LABEL, label)
        for parent in page.categories:
            if parent.name != page.title.name:
                yield Statement(ds.CATEGORIES_SKOS, subject, v.SKOS_BROADER, self.ctx.resource(parent))
