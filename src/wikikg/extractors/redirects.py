"""``dbo:wikiPageRedirects`` from each redirect page to its target (DBpedia ``RedirectExtractor``).

Only redirects within the same namespace and wiki are kept, as DBpedia does; the transitive
dataset, with chains followed to their end, is resolved after the pass (:mod:`wikikg.pipeline.redirects`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from wikikg.extractors.base import ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import Dataset
from wikikg.rdf.terms import Statement
from wikikg.wikitext.parsed import ParsedPage


@register
class RedirectsExtractor:
    name: ClassVar[str] = "redirects"
    datasets: ClassVar[tuple[Dataset, ...]] = (ds.REDIRECTS,)
    groups: ClassVar[frozenset[str]] = frozenset({"generic"})

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        target = page.redirect
        if target is None or target.interwiki is not None or target.ns != page.ns:
            return
        if target.name == page.title.name:
            return  # a page redirecting to itself says nothing
        yield Statement(ds.REDIRECTS.key, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_REDIRECTS,
                        self.ctx.resource(target))
