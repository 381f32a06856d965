"""``dbo:wikiPageRedirects`` from each redirect page to its target (DBpedia ``RedirectExtractor``).

Only redirects within the same namespace and wiki are kept, as DBpedia does; the transitive
dataset, with chains followed to their end, is resolved after the pass (:mod:`wikikg.pipeline.redirects`).
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import Statement
from wikikg.wikitext.parsed import ParsedPage


@register
class RedirectsExtractor(BaseExtractor, name="redirects", datasets=(ds.REDIRECTS,)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        target = page.redirect
        if target is None or target.interwiki is not None or target.ns != page.ns:
            return
        if target.name == page.title.name:
            return  # a page redirecting to itself says nothing
        yield Statement(ds.REDIRECTS, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_REDIRECTS,
                        self.ctx.resource(target))
