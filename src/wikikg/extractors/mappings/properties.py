"""The property mappings at work: template parameters → ontology property values.

One function per kind of the mapping language, each following its DBpedia class
(``SimplePropertyMapping``, ``IntermediateNodeMapping``, ``DateIntervalMapping``,
``CombineDateMapping``, ``CalculateMapping``, ``GeoCoordinatesMapping``, ``ConstantMapping``,
``ConditionMapping``).  Values land in the dataset their range calls for:

* an object property's value is a resource → ``mappingbased-objects``; a value that names no
  resource is dropped (a string never stands where the range wants a thing);
* a datatype property's value is a literal of the property's range → ``mappingbased-literals``;
  ``rdf:langString`` values carry the edition's language (or the mapping's ``language``);
* a quantity of a dimension (``Length``, ``Area`` …) is written in the dimension's standard unit
  as ``xsd:double``, and again, in the unit the ontology gives the template's class
  (``dbo:Person/height`` in centimetres), in ``specific-mappingbased-properties``; a currency
  keeps its own datatype;
* coordinates → ``geo-coordinates-mappingbased`` (``geo:lat``, ``geo:long``, ``georss:point``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from wikikg.extractors.base import ExtractionContext
from wikikg.extractors.mappings.parsers import Parsers
from wikikg.extractors.mappings.values import PageValues
from wikikg.ontology.mapping_model import (
    CalculateMapping,
    CombineDateMapping,
    Condition,
    ConstantMapping,
    DateIntervalMapping,
    GeocoordinatesMapping,
    IntermediateNodeMapping,
    PropertyMapping,
    PropertyMappingLike,
)
from wikikg.ontology.model import RDF_LANG_STRING, Ontology, OntologyProperty
from wikikg.ontology.units import STANDARD, dimension_of, unit_of
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab
from wikikg.rdf.iri import escape_iri_part, escape_url
from wikikg.rdf.terms import IRI, Literal, Object, Statement
from wikikg.values.model import DateValue, format_double
from wikikg.wikitext.scan import Template
from wikikg.wikitext.title import parse_title

LITERALS = ds.MAPPINGBASED_LITERALS
OBJECTS = ds.MAPPINGBASED_OBJECTS
SPECIFIC = ds.SPECIFIC_PROPERTIES
GEO = ds.GEO_MAPPINGBASED
TYPES = ds.INSTANCE_TYPES
TYPES_TRANSITIVE = ds.INSTANCE_TYPES_TRANSITIVE

_XSD = vocab.XSD
_INTEGERS = {_XSD + "integer": None, _XSD + "positiveInteger": 1, _XSD + "nonNegativeInteger": 0,
             _XSD + "nonPositiveInteger": -1, _XSD + "negativeInteger": -2}
_DOUBLES = frozenset({vocab.XSD_DOUBLE, vocab.XSD_FLOAT})
_DATES = frozenset({vocab.XSD_DATE, vocab.XSD_GYEAR, vocab.XSD_GYEARMONTH, vocab.XSD_GMONTHDAY,
                    _XSD + "gMonth", _XSD + "gDay"})
_XSD_STRING = vocab.XSD_STRING
_GEO_SPATIAL_THING = vocab.GEO_SPATIAL_THING
_MARKUP = re.compile(r"\[|\{\{|<")


@dataclass(frozen=True, slots=True)
class Amount:
    """A quantity read for a dimension-ranged property, still to be written in the property's units."""

    value: float
    unit: str


class Emitter:
    """The statements of one page, in order, each once."""

    def __init__(self) -> None:
        self._out: dict[Statement, None] = {}

    def add(self, dataset: ds.Dataset, s: IRI, p: IRI, o: Object) -> None:
        self._out[Statement(dataset, s, p, o)] = None

    def statements(self) -> list[Statement]:
        return list(self._out)

    def __len__(self) -> int:
        return len(self._out)


@dataclass(frozen=True)
class TemplateView:
    """A template's parameters as the mappings read them: by key, the last occurrence winning,
    values trimmed; an empty value counts as absent.  ``only`` restricts the view to one
    parameter with a given value (``IntermediateNodeMapping``'s synthetic template per item)."""

    values: dict[str, str]
    keys: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, template: Template) -> TemplateView:
        values: dict[str, str] = {}
        for p in template.params:
            values[p.key] = p.value.strip()
        return cls(values, tuple(values))

    def raw(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if value else None

    def first(self, key: str) -> str | None:
        return self.raw(key)

    def only(self, key: str, value: str) -> TemplateView:
        return TemplateView({key: value}, (key,))


@dataclass
class PropertyRunner:
    """Evaluates property mappings of a template (one instance per page)."""

    ctx: ExtractionContext
    ontology: Ontology
    values: PageValues
    emitter: Emitter
    new_uri: Callable[[IRI, str], IRI]
    release_uri: Callable[[IRI], None]
    template_class: IRI | None = None
    instance_uri: IRI | None = None

    def __post_init__(self) -> None:
        self.parsers = Parsers(self.ctx.lang, self.values)

    def run_all(self, mappings: Iterable[PropertyMappingLike], view: TemplateView, subject: IRI) -> None:
        for m in mappings:
            self.run(m, view, subject)

    def run(self, m: PropertyMappingLike, view: TemplateView, subject: IRI) -> None:
        if isinstance(m, PropertyMapping):
            self.simple(m, view, subject)
        elif isinstance(m, IntermediateNodeMapping):
            self.intermediate(m, view, subject)
        elif isinstance(m, DateIntervalMapping):
            self.date_interval(m, view, subject)
        elif isinstance(m, CombineDateMapping):
            self.combine_date(m, view, subject)
        elif isinstance(m, CalculateMapping):
            self.calculate(m, view, subject)
        elif isinstance(m, GeocoordinatesMapping):
            self.geocoordinates(m, view, subject)
        elif isinstance(m, ConstantMapping):
            self.constant(m, subject)

    # --- conditions -------------------------------------------------------------------------
    def condition_holds(self, case: Condition, view: TemplateView) -> bool:
        """``ConditionMapping.matches``: the parameter's text, lower-cased and trimmed."""
        if case.operator == "otherwise":
            return True
        assert case.template_property is not None
        raw = view.values.get(case.template_property)
        if raw is None:
            return False
        text = self.values.text(raw).strip().lower()
        if case.operator == "isSet":
            return bool(text)
        value = (case.value or "").strip().lower()
        if case.operator == "equals":
            return text == value
        return value in text  # contains

    # --- PropertyMapping --------------------------------------------------------------------
    def simple(self, m: PropertyMapping, view: TemplateView, subject: IRI) -> None:
        raw = view.raw(m.template_property)
        if raw is None:
            return
        prop = m.ontology_property
        items = [raw] if prop.functional else self.values.items(raw) or [raw]
        results = [v for item in items for v in self.values_of(m, item)]
        if m.select == "first":
            results = results[:1]
        elif m.select == "last":
            results = results[-1:]
        for value in results:
            self.write(prop, subject, value)

    def values_of(self, m: PropertyMapping, item: str) -> Iterator[Object | Amount]:
        """The values one item holds for the mapping's property: resources, literals, or amounts
        still to be written in the property's units."""
        prop = m.ontology_property
        rng = prop.range
        if (m.prefix or m.suffix or m.transform) and not _MARKUP.search(item):
            # a plain-text value: prefix and suffix around it, then made a link if asked
            item = f"{m.prefix or ''}{item.strip()}{m.suffix or ''}"
            if m.transform == "external" and prop.is_object:
                yield IRI(escape_url(item))
                return
            if m.transform == "internal" and prop.is_object:
                title = parse_title(item, self.ctx.site)
                if title is not None and title.name:
                    yield self.ctx.resource(title)
                return
        if prop.is_object:
            if prop.iri == vocab.FOAF_HOMEPAGE:
                url = self.parsers.url(item)
                if url is not None:
                    yield IRI(url)
                return
            yield from self.values.objects(item)
            return
        dim = dimension_of(rng)
        unit_range = unit_of(rng)
        if dim is not None:
            hint = m.unit.name if m.unit is not None else (unit_range.name if unit_range else None)
            q = self.parsers.quantity(item, dim, hint)
            if q is not None:
                yield Amount(q[0] * m.factor, q[1])
            return
        if rng in _INTEGERS:
            n = self.parsers.integer(item)
            if n is not None:
                n = round(n * m.factor) if m.factor != 1.0 else n
                if _in_range(n, _INTEGERS[rng]):
                    yield Literal(str(n), rng)
            return
        if rng in _DOUBLES:
            x = self.parsers.double(item)
            if x is not None:
                yield Literal(format_double(x * m.factor), rng)
            return
        if rng in _DATES:
            d = self.parsers.date(item, rng)
            if d is not None:
                yield d.literal()
            return
        if rng == vocab.XSD_BOOLEAN:
            b = self.parsers.boolean(item)
            if b is not None:
                yield Literal("true" if b else "false", rng)
            return
        if rng == vocab.XSD_ANYURI:
            url = self.parsers.url(item)
            if url is not None:
                yield Literal(url, rng)
            return
        if rng in (RDF_LANG_STRING, _XSD_STRING):
            text = self.values.text(item).strip()
            if text:
                yield Literal(text, lang=m.language or self.ctx.lang) if rng == RDF_LANG_STRING else Literal(text)
            return
        # enumerations and other datatypes: not read (DBpedia: "not implemented range")

    def write(self, prop: OntologyProperty, subject: IRI, value: Object | Amount) -> None:
        if isinstance(value, Amount):
            self.write_quantity(prop, subject, value.value, value.unit, self._classes_for_specific())
        elif prop.is_object:
            self.emitter.add(OBJECTS, subject, prop.iri, value)
        else:
            self.emitter.add(LITERALS, subject, prop.iri, value)

    def _classes_for_specific(self) -> Sequence[IRI]:
        return self.ontology.related_classes(self.template_class) if self.template_class else ()

    def write_quantity(self, prop: OntologyProperty, subject: IRI, value: float, unit_name: str,
                       classes: Sequence[IRI]) -> None:
        """``SimplePropertyMapping.writeUnitValue``: the standard unit's value, plus specific properties."""
        unit = unit_of(unit_name)
        if unit is None:
            return
        if not unit.convertible:
            self.emitter.add(LITERALS, subject, prop.iri, Literal(format_double(value), unit.iri))
            return
        standard = unit.to_standard(value)
        self.emitter.add(LITERALS, subject, prop.iri, Literal(format_double(standard), vocab.XSD_DOUBLE))
        for cls in classes:
            specific = self.ontology.specific_property(cls, prop.iri)
            if specific is None:
                continue
            specific_prop, specific_unit = specific
            target = unit_of(specific_unit)
            if target is not None and target.convertible:
                self.emitter.add(SPECIFIC, subject, specific_prop,
                                 Literal(format_double(target.from_standard(standard)), target.iri))

    # --- IntermediateNodeMapping ------------------------------------------------------------
    def intermediate(self, m: IntermediateNodeMapping, view: TemplateView, subject: IRI) -> None:
        affected = [pm.template_property for pm in m.mappings
                    if isinstance(pm, PropertyMapping) and view.raw(pm.template_property) is not None]
        affected = list(dict.fromkeys(affected))
        if len(affected) > 1:
            self._node(m, view, subject)
        elif len(affected) == 1:
            key = affected[0]
            raw = view.raw(key)
            assert raw is not None
            for item in self.values.items(raw) or [raw]:
                self._node(m, view.only(key, item), subject)

    def _node(self, m: IntermediateNodeMapping, view: TemplateView, subject: IRI) -> None:
        """One intermediate node: its values, and — only if it has any — the node itself.

        Quantities of the node get the specific properties of the *node's* class (an engine's
        displacement in cubic centimetres), where DBpedia looks at the template's class.
        """
        node = self.new_uri(subject, m.node_class.name)
        inner = Emitter()
        saved = self.emitter, self.template_class
        self.emitter, self.template_class = inner, m.node_class.iri
        try:
            self.run_all(m.mappings, view, node)
        finally:
            self.emitter, self.template_class = saved
        if not len(inner):
            self.release_uri(node)  # the number goes to the next node that has values
            return
        self.emitter.add(OBJECTS, subject, m.corresponding_property.iri, node)
        for c in self.ontology.related_classes(m.node_class.iri):
            self.emitter.add(TYPES if c == m.node_class.iri else TYPES_TRANSITIVE, node, vocab.RDF_TYPE, c)
        for st in inner.statements():
            self.emitter.add(*st)

    # --- DateIntervalMapping ----------------------------------------------------------------
    def date_interval(self, m: DateIntervalMapping, view: TemplateView, subject: IRI) -> None:
        raw = view.raw(m.template_property)
        if raw is None:
            return
        for part in self.parsers.interval_parts(raw):
            interval = self.parsers.interval(part, m.start_property.range, m.end_property.range)
            if interval is None:
                continue
            start, end = interval
            self.emitter.add(LITERALS, subject, m.start_property.iri, start.literal())
            if end is not None:
                self.emitter.add(LITERALS, subject, m.end_property.iri, end.literal())
            return  # DBpedia keeps the first interval only

    # --- CombineDateMapping -----------------------------------------------------------------
    def combine_date(self, m: CombineDateMapping, view: TemplateView, subject: IRI) -> None:
        parts: list[DateValue] = []
        for key, unit in m.parts:
            raw = view.raw(key)
            if raw is None:
                continue
            d = self.parsers.date(raw, unit.iri)
            if d is not None:
                parts.append(d)
        merged = _merge_dates(parts, m.ontology_property.range)
        if merged is not None:
            self.emitter.add(LITERALS, subject, m.ontology_property.iri, merged.literal())

    # --- CalculateMapping -------------------------------------------------------------------
    def calculate(self, m: CalculateMapping, view: TemplateView, subject: IRI) -> None:
        raw1, raw2 = view.raw(m.template_property1), view.raw(m.template_property2)
        if raw1 is None or raw2 is None:
            return
        prop = m.ontology_property
        dim = dimension_of(prop.range)
        if dim is not None:
            q1 = self.parsers.quantity(raw1, dim, m.unit1.name if m.unit1 else None)
            q2 = self.parsers.quantity(raw2, dim, m.unit2.name if m.unit2 else None)
            if q1 is None or q2 is None:
                return
            u1, u2 = unit_of(q1[1]), unit_of(q2[1])
            if u1 is None or u2 is None:
                return
            if not u1.convertible or not u2.convertible:
                if u1 == u2:
                    self.emitter.add(LITERALS, subject, prop.iri, Literal(format_double(q1[0] + q2[0]), u1.iri))
                return
            total = u1.to_standard(q1[0]) + u2.to_standard(q2[0])
            standard = STANDARD.get(u1.dimension)
            if standard is None:
                return
            # specific properties of the template's class, as for a PropertyMapping (DBpedia looks at
            # the property's domain here, which for height is owl:Thing: no Person/height at all)
            self.write_quantity(prop, subject, total, standard.name, self._classes_for_specific())
            return
        x1, x2 = self.parsers.double(raw1), self.parsers.double(raw2)
        if x1 is None or x2 is None:
            return
        total = x1 + x2
        if prop.range in _INTEGERS:
            if total != int(total) or not _in_range(int(total), _INTEGERS[prop.range]):
                return
            self.emitter.add(LITERALS, subject, prop.iri, Literal(str(int(total)), prop.range))
        else:
            self.emitter.add(LITERALS, subject, prop.iri, Literal(format_double(total), prop.range))

    # --- GeocoordinatesMapping --------------------------------------------------------------
    def geocoordinates(self, m: GeocoordinatesMapping, view: TemplateView, subject: IRI) -> None:
        point = self._point(m, view)
        if point is None:
            return
        lat, lon = point
        instance = subject
        if m.ontology_property is not None:
            instance = self.new_uri(subject, m.ontology_property.name)
            self.emitter.add(GEO, subject, m.ontology_property.iri, instance)
        self.emitter.add(GEO, instance, vocab.RDF_TYPE, _GEO_SPATIAL_THING)
        self.emitter.add(GEO, instance, vocab.GEO_LAT, Literal(format_double(lat), vocab.XSD_FLOAT))
        self.emitter.add(GEO, instance, vocab.GEO_LONG, Literal(format_double(lon), vocab.XSD_FLOAT))
        self.emitter.add(GEO, instance, vocab.GEORSS_POINT, Literal(f"{format_double(lat)} {format_double(lon)}"))

    def _point(self, m: GeocoordinatesMapping, view: TemplateView) -> tuple[float, float] | None:
        if m.coordinates is not None:
            raw = view.raw(m.coordinates)
            if raw is not None:
                point = self.parsers.coordinates(raw)
                if point is not None:
                    return point
        if m.latitude is not None and m.longitude is not None:
            lat_raw, lon_raw = view.raw(m.latitude), view.raw(m.longitude)
            if lat_raw is not None and lon_raw is not None:
                lat = self.parsers.single_coordinate(lat_raw, 90.0)
                lon = self.parsers.single_coordinate(lon_raw, 180.0)
                if lat is not None and lon is not None:
                    return lat, lon
                return None
        if m.latitude_degrees is not None and m.longitude_degrees is not None:
            lat_deg = self._number(view, m.latitude_degrees)
            lon_deg = self._number(view, m.longitude_degrees)
            if lat_deg is None or lon_deg is None:
                return None
            lat = _dms(lat_deg, self._number(view, m.latitude_minutes), self._number(view, m.latitude_seconds),
                       self._text(view, m.latitude_direction) or "N", "S")
            lon = _dms(lon_deg, self._number(view, m.longitude_minutes), self._number(view, m.longitude_seconds),
                       self._text(view, m.longitude_direction) or "E", "W")
            if lat is not None and lon is not None and abs(lat) <= 90 and abs(lon) <= 180:
                return lat, lon
        return None

    def _number(self, view: TemplateView, key: str | None) -> float | None:
        raw = view.raw(key) if key else None
        return self.parsers.double(raw) if raw is not None else None

    def _text(self, view: TemplateView, key: str | None) -> str | None:
        raw = view.raw(key) if key else None
        return self.values.text(raw).strip() if raw is not None else None

    # --- ConstantMapping --------------------------------------------------------------------
    def constant(self, m: ConstantMapping, subject: IRI) -> None:
        prop = m.ontology_property
        if prop.is_object:
            value = m.value.strip()
            if value.startswith(("http://", "https://")):
                self.emitter.add(OBJECTS, subject, prop.iri, IRI(value))
            else:
                self.emitter.add(OBJECTS, subject, prop.iri, self.ctx.minter.resource(escape_iri_part(value)))
            return
        datatype = m.unit.iri if m.unit is not None else prop.range
        if datatype == RDF_LANG_STRING:
            literal = Literal(m.value, lang=self.ctx.lang)
        elif datatype == _XSD_STRING:
            literal = Literal(m.value)
        else:
            literal = Literal(m.value, datatype)
        self.emitter.add(LITERALS, subject, prop.iri, literal)


def _in_range(n: int, rule: int | None) -> bool:
    """The range restrictions of xsd:positiveInteger (1), nonNegative (0), nonPositive (-1), negative (-2)."""
    if rule is None:
        return True
    return {1: n > 0, 0: n >= 0, -1: n <= 0, -2: n < 0}[rule]


def _dms(deg: float, minutes: float | None, seconds: float | None, direction: str, negative: str) -> float | None:
    value = abs(deg) + (minutes or 0.0) / 60.0 + (seconds or 0.0) / 3600.0
    d = direction.strip().upper()[:1]
    if d not in ("N", "S", "E", "W"):
        return None
    return -value if d == negative or deg < 0 else value


def _merge_dates(parts: Sequence[DateValue], datatype: str) -> DateValue | None:
    """``Date.merge``: the parts (day and month from one parameter, year from another) combined
    into one date of the property's datatype; ``None`` when they conflict or fall short."""
    merged: dict[str, int] = {}
    for d in parts:
        for key, v in (("y", d.year), ("m", d.month), ("d", d.day)):
            if v is None:
                continue
            if merged.setdefault(key, v) != v:
                return None
    need = {vocab.XSD_DATE: "ymd", vocab.XSD_GYEAR: "y", vocab.XSD_GYEARMONTH: "ym",
            vocab.XSD_GMONTHDAY: "md", _XSD + "gMonth": "m", _XSD + "gDay": "d"}.get(datatype)
    if need is None or any(k not in merged for k in need):
        return None
    return DateValue.make(merged["y"] if "y" in need else None, merged["m"] if "m" in need else None,
                          merged["d"] if "d" in need else None)
