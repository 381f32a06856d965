"""Value parsers: what an infobox value means, typed — dates, numbers, quantities, coordinates,
resources, or text as a reader sees it.

Every parser takes *wikitext* (a parameter value, or one item of it) and the edition's language,
and answers with a plain record or RDF term — or ``None``/``[]`` for "no such value here"; none
raises on bad markup.  DBpedia's infobox extractor and mappings read values the same way, so the
raw infobox dataset (``infobox-properties``) and the mapping-based datasets share these parsers.

Shortcuts (one shared, stateless parser per language)
-----------------------------------------------------
``parse_value(text, lang, *, key=None) -> list[Value]``
    Split ``text`` into items and read each as its most specific value (``Value = IRI | Literal``).
    ``key`` (the parameter's name) marks identifiers (``isbn`` → always a string) and years
    (``birth_year = 12`` → ``xsd:gYear``).  See :mod:`wikikg.values.parse` for the order.
``parse_dates(text, lang, *, strict=True) -> list[Literal]``
    ``xsd:date``/``gYearMonth``/``gYear``/``gMonthDay`` literals: one date, or both ends of a range.
    ``strict=False`` finds the first date anywhere in the text (DBpedia's non-strict mode).
``parse_number(text, lang, *, strict=True) -> Literal | None``
    ``xsd:integer`` or ``xsd:double``, with the edition's separators and magnitude words;
    ``strict=False`` takes the first number in the text ("2,240,230 (2011 census)", as DBpedia's
    mappings read ``populationTotal``).
``parse_quantity(text, lang, unit_hint=None, *, strict=True) -> Quantity | None``
    A number in a unit: ``Quantity.value`` (``Decimal``), ``.unit`` (:class:`wikikg.ontology.units.Unit`),
    ``.literal()`` (``"10.0"^^dbt:kilometre``), ``.to("metre")``, ``.standard``.  With ``unit_hint``
    (a DBpedia unit name, e.g. the mapping's unit) a bare number is read in that unit.
``parse_coordinates(text, lang="en") -> (lat, long) | None``
    From a ``{{coord}}`` in ``text`` or a written pair ("48°8′N 11°34′E").
``parse_resources(text, lang, *, strict=True) -> list[IRI]``
    The resources a value links to (links, flag templates); strict: only if it is nothing else.
``split_items(text, lang="en") -> list[str]``
    The items of a value (``<br>``, bullets, ``{{ubl}}``, ``{{plainlist}}`` …), as wikitext.

Building blocks
---------------
:class:`ValueParser` (``ValueParser(lang, site=None, resource=None)``) has the same readers as
methods (``.item()`` returns a :class:`ParsedItem` with its ``kind``), with the wiki's own
namespaces and IRI minting.  Lower level, on plain text or templates:

* :mod:`.dates` — ``find_dates(plain, lang, strict=…)``, ``template_dates(template, lang)``;
  :class:`DateValue` (``year``, ``month``, ``day``, ``.literal()``).
* :mod:`.numbers` — ``read_number``, ``find_number``, ``read_numeral`` (exact ``Decimal``), ``read_percent``.
* :mod:`.units` — ``read_quantity``, ``template_quantity``, ``convert_unit(code)``, ``unit(name)``.
* :mod:`.durations` — ``parse_duration(text, lang) -> Literal | None`` (``xsd:duration``).
* :mod:`.coordinates` — ``parse_coord_template(template)``, ``parse_coord_params(params)`` (infobox
  ``latd``/``longd``… sets), ``read_coordinate(text)`` (one axis), ``read_coordinates(text)``.
* :mod:`.links` — ``resources(wikitext, lang, site, strict=…) -> list[Title] | None``.
* :mod:`.reading` — ``reading_text`` (what the parsers read), ``strip_footnotes``.
* :mod:`.locales`, :mod:`.templates`, :mod:`.unit_labels` — the per-language tables, with sources.
"""

from __future__ import annotations

from wikikg.values.coordinates import (
    parse_coord_params,
    parse_coord_template,
    read_coordinate,
    read_coordinates,
)
from wikikg.values.dates import find_dates, template_dates
from wikikg.values.model import DateValue, Value, number_literal, string_literal, wkt_point
from wikikg.values.parse import (
    ParsedItem,
    ValueParser,
    parse_coordinates,
    parse_dates,
    parse_number,
    parse_quantity,
    parse_resources,
    parse_value,
    parser,
)
from wikikg.values.split import split_items
from wikikg.values.units import Quantity

__all__ = [
    "DateValue",
    "ParsedItem",
    "Quantity",
    "Value",
    "ValueParser",
    "find_dates",
    "number_literal",
    "parse_coord_params",
    "parse_coord_template",
    "parse_coordinates",
    "parse_dates",
    "parse_number",
    "parse_quantity",
    "parse_resources",
    "parse_value",
    "parser",
    "read_coordinate",
    "read_coordinates",
    "split_items",
    "string_literal",
    "template_dates",
    "wkt_point",
]
