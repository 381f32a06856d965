"""``dbp:wikiPageUsesTemplate``: the templates an article transcludes (``article-templates``).

Templates called at the top level of the page go to ``article-templates``; those used inside
other templates' arguments to ``article-templates_nested`` (DBpedia publishes both). Parser
functions and magic words (``{{#if:…}}``, ``{{DEFAULTSORT:…}}``) are not templates.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.dump.namespaces import TEMPLATE
from wikikg.extractors.base import BaseExtractor, ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf.datasets import Dataset
from wikikg.rdf.terms import Statement
from wikikg.wikitext.parsed import ParsedPage

_MAGIC = frozenset(
    ["PAGENAME", "PAGENAMEE", "FULLPAGENAME", "BASEPAGENAME", "SUBPAGENAME", "NAMESPACE", "SITENAME", "CURRENTYEAR", "CURRENTMONTH", "CURRENTDAY", "CURRENTTIMESTAMP", "NUMBEROFARTICLES", "!", "=", "REVISIONID", "REVISIONYEAR"]
)


@register
class ArticleTemplatesExtractor(BaseExtractor, name="article-templates",
                                datasets=(ds.ARTICLE_TEMPLATES, ds.ARTICLE_TEMPLATES_NESTED)):
    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.predicate = ctx.minter.property("wikiPageUsesTemplate")

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        subject = self.ctx.resource_of(page)
        top, nested = ds.ARTICLE_TEMPLATES, ds.ARTICLE_TEMPLATES_NESTED
        done: set[tuple[Dataset, str]] = set()  # (dataset, raw name) already written or rejected
        for tpl in page.templates:
            key = top if tpl.depth == 0 else nested
            raw = tpl.raw_name
            if (key, raw) in done:
                continue  # the same call written again ({{cite web}} × 100): nothing new
            done.add((key, raw))
            if "{" in raw or tpl.is_parser_function or tpl.name in _MAGIC:
                continue
            title = page.template_title(tpl)
            if title is None or title.ns != TEMPLATE or title.interwiki is not None:
                continue
            yield Statement(key, subject, self.predicate, self.ctx.resource(title))
