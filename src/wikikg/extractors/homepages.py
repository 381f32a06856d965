"""``foaf:homepage``: the official website, from ``{{Official website}}`` or the infobox.

DBpedia's ``HomepageExtractor`` reads the infobox's website parameter (per-language names) and the
official-website templates.  ``{{URL|example.org}}`` and bare domains get ``http://``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.links import normalise_url
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import IRI, Statement
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Template

# Official-website templates by edition (template documentation of each wiki).
OFFICIAL_TEMPLATES = ("Official website", "Official site", "Official", "Official URL", "Officialwebsite",
                      "Offizielle Website", "Site officiel", "Sito ufficiale", "Sitio web", "Sitio oficial",
                      "Site oficial", "Officiële website", "Официальный сайт", "Офіційний сайт",
                      "Oficiální web", "Oficjalna strona", "公式サイト", "官方网站")
# Infobox parameters holding the homepage (DBpedia HomepageExtractor's per-language property names).
WEBSITE_PARAMS = ("website", "homepage", "url", "web", "webseite", "website_url", "site", "siteweb",
                  "site_web", "sito", "sitio_web", "sitio web", "página web", "сайт", "веб-сайт", "ウェブサイト",
                  "网站", "موقع")
_URL = re.compile(r"(?:https?:)?//[^\s\[\]{}|<>\"]+|(?:www\.)[^\s\[\]{}|<>\"]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s\[\]{}|<>\"]*)?", re.I)


def _url_in(value: str) -> IRI | None:
    m = _URL.search(value)
    if m is None:
        return None
    url = m.group(0).rstrip(".,;")
    if not url.startswith(("http://", "https://", "//")):
        url = "http://" + url
    return normalise_url(url)


def _template_url(tpl: Template) -> IRI | None:
    value = tpl.get("url") or tpl.get("1") or tpl.get("URL")
    return _url_in(value.strip()) if value else None


def homepage(page: ParsedPage) -> IRI | None:
    for tpl in page.lead_infoboxes:
        for key in WEBSITE_PARAMS:
            value = tpl.get(key)
            if value:
                url = _url_in(value)
                if url is not None:
                    return url
    for tpl in page.templates_named(*OFFICIAL_TEMPLATES):
        url = _template_url(tpl)
        if url is not None:
            return url
    return None


@register
class HomepagesExtractor(BaseExtractor, name="homepages", datasets=(ds.HOMEPAGES,)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        url = homepage(page)
        if url is not None:
            yield Statement(ds.HOMEPAGES, self.ctx.resource_of(page), v.FOAF_HOMEPAGE, url)
