"""``dbp:wikiPageUsesTemplate``: the templates an article transcludes (``article-templates``).

Templates called at the top level of the page go to ``article-templates``; those used inside
other templates' arguments to ``article-templates_nested`` (DBpedia publishes both). Parser
functions and magic words (``{{#if:…}}``, ``{{DEFAULTSORT:…}}``) are not templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from wikikg.dump.namespaces import TEMPLATE
from wikikg.extractors.base import ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf.datasets import Dataset
from wikikg.rdf.terms import IRI, Statement
from wikikg.wikitext.parsed import ParsedPage

ARTICLE_TEMPLATES_NESTED = ds.dataset("article-templates", "nested", "templates used inside other templates")
_MAGIC = frozenset(
    ["PAGENAME", "PAGENAMEE", "FULLPAGENAME", "BASEPAGENAME", "SUBPAGENAME", "NAMESPACE", "SITENAME", "CURRENTYEAR", "CURRENTMONTH", "CURRENTDAY", "CURRENTTIMESTAMP", "NUMBEROFARTICLES", "!", "=", "REVISIONID", "REVISIONYEAR"]
)


@register
class ArticleTemplatesExtractor:
    name: ClassVar[str] = "article-templates"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.ARTICLE_TEMPLATES, ARTICLE_TEMPLATES_NESTED)
    groups: ClassVar[frozenset[str]] = frozenset({"generic"})

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx
        self.predicate = ctx.minter.property("wikiPageUsesTemplate")

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        subject = self.ctx.resource_of(page)
        seen: dict[str, set[IRI]] = {}
        for tpl in page.templates:
            if tpl.is_parser_function or tpl.name in _MAGIC or "{" in tpl.raw_name:
                continue
            title = page.template_title(tpl)
            if title is None or title.ns != TEMPLATE or title.interwiki is not None:
                continue
            key = ds.ARTICLE_TEMPLATES.key if tpl.depth == 0 else ARTICLE_TEMPLATES_NESTED.key
            iri = self.ctx.resource(title)
            done = seen.setdefault(key, set())
            if iri not in done:
                done.add(iri)
                yield Statement(key, subject, self.predicate, iri)
