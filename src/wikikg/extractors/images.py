"""``foaf:depiction`` and ``dbo:thumbnail``: the article's main image, on Wikimedia Commons.

As DBpedia's ``ImageExtractor``: the image named by the infobox (its ``image`` parameter or the
language's equivalent), else the first image file linked in the article; written as a
``Special:FilePath`` URL, the thumbnail with ``?width=300``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikikg.dump.namespaces import FILE
from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.iri import escape_iri_part
from wikikg.rdf.terms import IRI, Statement
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.title import parse_title, upper_first

COMMONS_FILEPATH = "http://commons.wikimedia.org/wiki/Special:FilePath/"
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|svg|tiff?|webp|xcf)$", re.I)
# Infobox parameters that name the main image, across editions (DBpedia ImageExtractor + infobox docs).
IMAGE_PARAMS = ("image", "image_name", "img", "image_file", "imagen", "immagine", "imagem", "bild",
                "image_map", "logo", "photo", "foto", "picture", "изображение", "зображення", "画像",
                "图像", "صورة", "afbeelding", "kép", "obrázek", "zdjęcie", "flag", "image_flag")
_FILE_VALUE = re.compile(r"([^\[\]{}|=<>\n]+\.(?:jpe?g|png|gif|svg|tiff?|webp))", re.I)


def commons_file_url(name: str) -> IRI:
    """The Commons ``Special:FilePath`` URL of a file name (no namespace prefix)."""
    return IRI(COMMONS_FILEPATH + escape_iri_part(upper_first(name.strip()).replace(" ", "_")))


def main_image(page: ParsedPage) -> str | None:
    """The file name of the page's main image, without namespace prefix, or ``None``."""
    for tpl in page.lead_infoboxes:
        for key in IMAGE_PARAMS:
            value = tpl.get(key)
            if not value:
                continue
            m = _FILE_VALUE.search(value)
            if m is None:
                continue
            candidate = m.group(1).strip()
            title = parse_title(candidate, page.site, default_ns=FILE)
            if title is not None and title.ns == FILE and _IMAGE_EXT.search(title.name):
                return title.name
    for title, _link in page.file_links:
        if _IMAGE_EXT.search(title.name):
            return title.name
    return None


@register
class ImagesExtractor(BaseExtractor, name="images", datasets=(ds.IMAGES,)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        name = main_image(page)
        if name is None:
            return
        subject = self.ctx.resource_of(page)
        url = commons_file_url(name)
        yield Statement(ds.IMAGES, subject, v.FOAF_DEPICTION, url)
        yield Statement(ds.IMAGES, subject, v.DBO_THUMBNAIL, IRI(url + "?width=300"))
        yield Statement(ds.IMAGES, url, v.FOAF_THUMBNAIL, IRI(url + "?width=300"))
