"""``geo-coordinates``: where the article's subject is (DBpedia ``GeoExtractor``).

The position is the ``{{coord}}`` shown at the top of the page (``display=title`` — also ``inline,title``,
``it``, ``t``), else the infobox's: a ``{{coord}}`` in its ``coordinates`` parameter or a complete set of
latitude/longitude parameters (``latd``/``longd`` …).  Written as DBpedia does: ``geo:lat`` and
``geo:long`` (xsd:float), ``georss:point "lat long"`` and ``rdf:type geo:SpatialThing``.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import Literal, Statement
from wikikg.values.coordinates import COORD_TEMPLATES, parse_coord_params, parse_coord_template
from wikikg.values.model import format_double
from wikikg.values.templates import fold
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Scan

_TITLE_DISPLAY = frozenset({"title", "t", "it", "ti", "inline,title", "title,inline"})
COORDINATE_PARAMS = ("coordinates", "coords", "coord", "coordinate", "koordinaten", "coordonnées", "coordenadas",
                     "координаты", "координати", "座標", "坐标")


def _shows_at_title(display: str | None) -> bool:
    if not display:
        return False
    d = display.replace(" ", "").lower()
    return d in _TITLE_DISPLAY or "title" in d.split(",")


def page_position(page: ParsedPage) -> tuple[float, float] | None:
    """The (latitude, longitude) of the page's subject, or ``None``."""
    for tpl in page.templates:
        if fold(tpl.name) in COORD_TEMPLATES and _shows_at_title(tpl.get("display")):
            found = parse_coord_template(tpl)
            if found is not None:
                return found
    for box in page.lead_infoboxes:
        named = box.named
        for key in COORDINATE_PARAMS:
            value = named.get(key)
            if value and "{{" in value:
                for inner in Scan.of(value, comments_removed=True).templates:
                    found = parse_coord_template(inner)
                    if found is not None:
                        return found
        found = parse_coord_params(named)
        if found is not None:
            return found
    return None


@register
class GeoCoordinatesExtractor(BaseExtractor, name="geo-coordinates", datasets=(ds.GEO_COORDINATES,)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        pos = page_position(page)
        if pos is None:
            return
        lat, lon = (format_double(round(x, 6)) for x in pos)
        key = ds.GEO_COORDINATES
        subject = self.ctx.resource_of(page)
        yield Statement(key, subject, v.RDF_TYPE, v.GEO_SPATIAL_THING)
        yield Statement(key, subject, v.GEO_LAT, Literal(lat, v.XSD_FLOAT))
        yield Statement(key, subject, v.GEO_LONG, Literal(lon, v.XSD_FLOAT))
        yield Statement(key, subject, v.GEORSS_POINT, Literal(f"{lat} {lon}"))
