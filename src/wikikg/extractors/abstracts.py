"""Long and short abstracts: what a reader sees first, as plain text (DBpedia's ``text`` group).

* ``long-abstracts`` — ``dbo:abstract "…"@lang``: the lead section (the text before the first
  heading) rendered to the plain text a reader sees (:func:`wikikg.wikitext.render.to_plain_text`):
  links replaced by their labels; references, files, infoboxes, navboxes, hatnotes, tables and
  maintenance templates removed; inline templates rendered to their text.
* ``short-abstracts`` — ``rdfs:comment "…"@lang``: the first sentences of the long abstract, up
  to about 500 characters, cut at a sentence end (:func:`wikikg.wikitext.sentences.short_abstract`).

DBpedia's ``AbstractExtractor`` asks a MediaWiki server to render each page and cuts the lead out
of the HTML; this extractor renders the wikitext itself.  Only articles (main namespace, not
redirects) get abstracts, and only when their lead shows some text.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor, ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf.datasets import LONG_ABSTRACTS, SHORT_ABSTRACTS
from wikikg.rdf.terms import Literal, Statement
from wikikg.rdf.vocab import DBO_ABSTRACT, RDFS_COMMENT
from wikikg.wikitext.inline_templates import RenderContext
from wikikg.wikitext.local_names import LocalNamespaces
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.render import render_plain
from wikikg.wikitext.sentences import short_abstract

#: about how long a short abstract may be, in characters (DBpedia: "up to 500 characters")
SHORT_LIMIT = 500


@register
class AbstractsExtractor(BaseExtractor, name="abstracts", groups={"text"},
                         datasets=(LONG_ABSTRACTS, SHORT_ABSTRACTS)):
    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.namespaces = LocalNamespaces(ctx.lang, ctx.site)

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        render_ctx = RenderContext(self.ctx.lang, page.title.full, self.ctx.site, self.namespaces)
        text = render_plain(page.lead, render_ctx)
        if not text:
            self.ctx.metrics.count("abstracts", "empty lead")
            return
        subject = self.ctx.resource_of(page)
        yield Statement(LONG_ABSTRACTS, subject, DBO_ABSTRACT, Literal(text, lang=self.ctx.lang))
        short = short_abstract(text, self.ctx.lang, SHORT_LIMIT)
        yield Statement(SHORT_ABSTRACTS, subject, RDFS_COMMENT, Literal(short, lang=self.ctx.lang))
