"""Links between pages and out of the wiki: ``wikilinks``, ``page_outdegree``, ``external-links``.

DBpedia's ``PageLinksExtractor`` writes ``dbo:wikiPageWikiLink`` for every internal link of an
article into the main namespace: category, file and interwiki/interlanguage links are not page
links, a section anchor is dropped (``[[Berlin#History]]`` links to Berlin), each target once.
``dbo:wikiPageOutDegree`` counts exactly those links.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.iri import escape_url
from wikikg.rdf.terms import IRI, Literal, Statement
from wikikg.wikitext.parsed import ParsedPage


@register
class WikiLinksExtractor(BaseExtractor, name="wikilinks", datasets=(ds.WIKILINKS,)):
    """``dbo:wikiPageWikiLink`` to every article the page links to."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        subject = self.ctx.resource_of(page)
        for title in page.article_links:
            yield Statement(ds.WIKILINKS, subject, v.DBO_WIKI_PAGE_WIKI_LINK, self.ctx.resource(title))


@register
class OutDegreeExtractor(BaseExtractor, name="page-outdegree", datasets=(ds.PAGE_OUTDEGREE,)):
    """``dbo:wikiPageOutDegree``: how many ``dbo:wikiPageWikiLink`` the page has (xsd:nonNegativeInteger)."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.is_article:
            n = len(page.article_links)
            yield Statement(ds.PAGE_OUTDEGREE, self.ctx.resource_of(page), v.DBO_WIKI_PAGE_OUT_DEGREE,
                            Literal(str(n), v.XSD_NON_NEGATIVE_INTEGER))


def normalise_url(url: str) -> IRI | None:
    """An external link as an IRI: protocol-relative URLs get ``http:``, odd ones are dropped.

    >>> normalise_url("//example.org/a b"), normalise_url("http://"), normalise_url("mailto:x@y.org")
    ('http://example.org/a%20b', None, None)
    """
    if url.startswith("//"):
        url = "http:" + url
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https", "ftp") or not rest.strip("/"):
        return None
    host = rest.split("/", 1)[0]
    if not host or host.startswith(".") or ("." not in host.split(":")[0] and host.split(":")[0] != "localhost"):
        return None
    return IRI(escape_url(url))


@register
class ExternalLinksExtractor(BaseExtractor, name="external-links", datasets=(ds.EXTERNAL_LINKS,)):
    """``dbo:wikiPageExternalLink`` for every http(s)/ftp URL of an article, once each."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        subject = self.ctx.resource_of(page)
        for url in page.external_links:
            iri = normalise_url(url)
            if iri is not None:
                yield Statement(ds.EXTERNAL_LINKS, subject, v.DBO_WIKI_PAGE_EXTERNAL_LINK, iri)
