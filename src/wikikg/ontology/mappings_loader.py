"""Load the mappings wiki export ``Mapping_<lang>.xml`` into :class:`~.mapping_model.Mappings`.

The export is a MediaWiki XML dump of the mappings wiki's ``Mapping <lang>:`` pages; each page
``Mapping en:Infobox military conflict`` maps the template ``Infobox military conflict``.  Its
wikitext is one ``{{TemplateMapping}}`` or ``{{ConditionalMapping}}`` whose parameters hold further
mapping templates.  The rules are ``MappingsLoader.scala``'s:

* the first class mapping of a template wins; a duplicate is reported and ignored;
* a property mapping that cannot be loaded (unknown ontology property, a unit of the wrong
  dimension, a language on a property that is not ``rdf:langString`` …) is reported and left out,
  the rest of its template mapping stays;
* a class mapping that cannot be loaded (unknown ``mapToClass`` …) is reported and left out;
* parameter values are read as text: comments, tags and ``''`` emphasis removed, ``&nbsp;`` a
  space, trimmed; an empty value counts as absent.

A mapping page that redirects to another (``#REDIRECT [[Mapping nl:Infobox minister België]]``,
left behind when a Wikipedia template was renamed) makes the old template name an alias of the
new one's mapping, so pages that still use the old name are mapped.  (DBpedia reaches the same
through Wikipedia's template redirects; a streaming extraction does not have those.)

``TableMapping`` (for wiki tables, not templates) is not supported and is reported as such.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from wikikg.dump.xml import DumpReader
from wikikg.errors import InputError
from wikikg.ontology.mapping_model import (
    CONDITION_OPERATORS,
    CalculateMapping,
    ClassMapping,
    CombineDateMapping,
    Condition,
    ConditionalMapping,
    ConstantMapping,
    DateIntervalMapping,
    GeocoordinatesMapping,
    IntermediateNodeMapping,
    Mappings,
    PropertyMapping,
    PropertyMappingLike,
    TemplateMapping,
)
from wikikg.ontology.model import RDF_LANG_STRING, Datatype, Ontology, OntologyClass, OntologyProperty
from wikikg.ontology.units import DIMENSIONS, dimension_of
from wikikg.rdf import vocab
from wikikg.wikitext.scan import Scan, Template, strip_comments
from wikikg.wikitext.title import upper_first

_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"'{2,}")
_SPACES = re.compile(r"[\s_]+")
_MAPPING_TITLE = re.compile(r"^\s*Mapping[ _]([A-Za-z-]+)\s*:(.*)$", re.S)
_REDIRECT = re.compile(r"^\s*#REDIRECT\s*\[\[\s*([^\]|]+?)\s*(?:\|[^\]]*)?\]\]", re.I)

_NUMERIC = frozenset(vocab.XSD + t for t in ("integer", "positiveInteger", "nonNegativeInteger",
                                            "nonPositiveInteger", "negativeInteger", "double", "float"))
_DATES = frozenset(vocab.XSD + t for t in ("date", "gDay", "gMonth", "gYear", "gMonthDay", "gYearMonth"))


class MappingError(ValueError):
    """A mapping template that cannot be loaded; the message says why."""


def mapping_file(directory: Path, lang: str) -> Path:
    """``DIR/mappings/Mapping_<lang>.xml`` (or ``DIR/Mapping_<lang>.xml``)."""
    for candidate in (directory / "mappings" / f"Mapping_{lang}.xml", directory / f"Mapping_{lang}.xml"):
        if candidate.is_file():
            return candidate
    return directory / "mappings" / f"Mapping_{lang}.xml"


def load_mappings(path: Path, lang: str, ontology: Ontology) -> Mappings:
    """Read a ``Mapping_<lang>.xml`` export.  A missing file means the edition has no mappings."""
    if not path.is_file():
        return Mappings(lang, {}, (f"no mappings file {path}",))
    try:
        reader = DumpReader(path, lang="en", prefetch=False)
    except InputError as exc:
        raise InputError(f"{path}: not a mappings wiki export ({exc})") from None
    with reader:
        return parse_pages(((p.title, p.text) for p in reader), lang, ontology)


def parse_pages(pages: Iterable[tuple[str, str]], lang: str, ontology: Ontology) -> Mappings:
    """Build the mappings of ``lang`` from ``(page title, wikitext)`` pairs of the mappings wiki."""
    templates: dict[str, ClassMapping] = {}
    problems: list[str] = []
    aliases: dict[str, tuple[str, str]] = {}
    for title, text in pages:
        m = _MAPPING_TITLE.match(title)
        if not m:
            continue
        if m.group(1) != lang:
            problems.append(f"{title}: a mapping of another edition ({m.group(1)}), ignored")
            continue
        name = template_name(m.group(2))
        if not name:
            continue
        redirect = _REDIRECT.match(text)
        if redirect:
            goal = _MAPPING_TITLE.match(redirect.group(1))
            if goal and goal.group(1) == lang:
                aliases[name] = (template_name(goal.group(2)), title)
            continue
        loader = _PageLoader(title, ontology, lang, problems)
        found = nodes(strip_comments(text))
        if not found:
            problems.append(f"{title}: no mapping on the page")
        for node in found:
            kind = node.name
            try:
                if kind in ("TemplateMapping", "ConditionalMapping"):
                    mapping = loader.class_mapping(node)
                    if name in templates:
                        problems.append(f"{title}: duplicate mapping for template {name!r}, ignored")
                    else:
                        templates[name] = mapping
                elif kind == "TableMapping":
                    problems.append(f"{title}: TableMapping is not supported, ignored")
                else:
                    problems.append(f"{title}: unknown mapping element {kind!r}, ignored")
            except MappingError as exc:
                problems.append(f"{title}: {kind} not loaded: {exc}")
    for alias, (target, title) in aliases.items():
        if alias in templates:
            continue
        seen = {alias}
        while target in aliases and target not in templates and target not in seen:  # a chain of renames
            seen.add(target)
            target = aliases[target][0]
        if target in templates:
            templates[alias] = templates[target]
        else:
            problems.append(f"{title}: redirects to {target!r}, which has no mapping")
    return Mappings(lang, templates, tuple(problems))


def template_name(raw: str) -> str:
    """A template's name as MediaWiki normalises it: ``infobox_military conflict`` → ``Infobox military conflict``.

    >>> template_name(" infobox_military  conflict ")
    'Infobox military conflict'
    """
    return upper_first(_SPACES.sub(" ", html.unescape(raw)).strip())


class Node:
    """A mapping template of the page: its name and its arguments by key (the last one winning)."""

    __slots__ = ("args", "name")

    def __init__(self, template: Template) -> None:
        self.name = template.name
        self.args = {p.key: p.value for p in template.params}


def nodes(wikitext: str) -> list[Node]:
    """The templates written directly in ``wikitext`` (not those nested in them)."""
    if "{{" not in wikitext:
        return []
    return [Node(t) for t in Scan.of(wikitext, comments_removed=True).top_templates]


def text_value(node: Node, key: str) -> str | None:
    """A parameter read as text (``StringParser`` on the mappings wiki): nested templates, tags and
    emphasis dropped, ``&nbsp;`` a space, trimmed; ``None`` when absent or empty."""
    raw = node.args.get(key)
    if raw is None:
        return None
    if "{{" in raw:
        scan = Scan.of(raw, comments_removed=True)
        for t in reversed(scan.top_templates):
            raw = raw[: t.start] + raw[t.end:]
    text = _EMPHASIS.sub("", _TAG.sub("", raw)).replace("&nbsp;", " ")
    text = html.unescape(text).strip()
    return text or None


def child_templates(node: Node, key: str) -> list[Node]:
    """The templates written directly in a parameter's value (its ``mappings = {{…}} {{…}}``)."""
    return nodes(node.args.get(key) or "")


class _PageLoader:
    """Turns the templates of one mapping page into mapping records."""

    def __init__(self, title: str, ontology: Ontology, lang: str, problems: list[str]) -> None:
        self.title = title
        self.ontology = ontology
        self.lang = lang
        self.problems = problems

    # --- class mappings ---------------------------------------------------------------------
    def class_mapping(self, node: Node) -> ClassMapping:
        if node.name == "ConditionalMapping":
            return self.conditional_mapping(node)
        return self.template_mapping(node)

    def template_mapping(self, node: Node) -> TemplateMapping:
        if node.name != "TemplateMapping":
            raise MappingError(f"expected a TemplateMapping, found {node.name!r}")
        cls = self.cls(node, "mapToClass")
        corresponding_class = self.cls(node, "correspondingClass", required=False)
        corresponding_property = self.prop(node, "correspondingProperty", required=False)
        return TemplateMapping(cls, self.property_mappings(node, "mappings"),
                               corresponding_class, corresponding_property)

    def conditional_mapping(self, node: Node) -> ConditionalMapping:
        cases: list[Condition] = []
        for case in child_templates(node, "cases"):
            if case.name != "Condition":
                self.problems.append(f"{self.title}: {case.name!r} in cases is not a Condition, ignored")
                continue
            try:
                cases.append(self.condition(case))
            except MappingError as exc:
                self.problems.append(f"{self.title}: Condition not loaded: {exc}")
        return ConditionalMapping(tuple(cases), self.property_mappings(node, "defaultMappings"))

    def condition(self, node: Node) -> Condition:
        operator = text_value(node, "operator")
        prop = text_value(node, "templateProperty")
        value = text_value(node, "value")
        if operator not in CONDITION_OPERATORS:
            raise MappingError(f"invalid operator {operator!r} (supported: {', '.join(CONDITION_OPERATORS)})")
        if operator != "otherwise" and prop is None:
            raise MappingError("templateProperty must be defined")
        if operator in ("equals", "contains") and value is None:
            raise MappingError("value must be defined")
        inner = child_templates(node, "mapping")
        if not inner:
            raise MappingError("Condition does not define a mapping")
        return Condition(operator, self.template_mapping(inner[0]), _key(prop) if prop else None, value)

    # --- property mappings ------------------------------------------------------------------
    def property_mappings(self, node: Node, key: str) -> tuple[PropertyMappingLike, ...]:
        out: list[PropertyMappingLike] = []
        for child in child_templates(node, key):
            try:
                out.append(self.property_mapping(child))
            except MappingError as exc:
                self.problems.append(f"{self.title}: {child.name} not loaded: {exc}")
        return tuple(out)

    def property_mapping(self, node: Node) -> PropertyMappingLike:
        kind = node.name
        if kind == "PropertyMapping":
            return self.simple(node)
        if kind == "IntermediateNodeMapping":
            return IntermediateNodeMapping(self.cls(node, "nodeClass"), self.prop(node, "correspondingProperty"),
                                           self.property_mappings(node, "mappings"))
        if kind == "DateIntervalMapping":
            start, end = self.prop(node, "startDateOntologyProperty"), self.prop(node, "endDateOntologyProperty")
            for p in (start, end):
                if p.is_object:
                    raise MappingError(f"property {p.name} has range {p.range}, which is not a datatype")
            return DateIntervalMapping(self.template_property(node, "templateProperty"), start, end)
        if kind == "CombineDateMapping":
            return self.combine_date(node)
        if kind == "CalculateMapping":
            return self.calculate(node)
        if kind == "GeocoordinatesMapping":
            return self.geocoordinates(node)
        if kind == "ConstantMapping":
            prop = self.prop(node, "ontologyProperty")
            value = self.required(node, "value")
            unit = self.datatype(node, "unit")
            if prop.is_object and unit is not None:
                raise MappingError(f"expected no datatype for object property {prop.name!r}, found {unit.name!r}")
            return ConstantMapping(prop, value, unit)
        raise MappingError(f"unknown property mapping type {kind!r}")

    def simple(self, node: Node) -> PropertyMapping:
        prop = self.prop(node, "ontologyProperty")
        unit = self.datatype(node, "unit")
        language = text_value(node, "language")
        factor_text = text_value(node, "factor")
        select = text_value(node, "select")
        try:
            factor = float(factor_text) if factor_text is not None else 1.0
        except ValueError:
            raise MappingError(f"invalid value for factor: {factor_text!r}, must be a number") from None
        if select not in (None, "first", "last"):
            raise MappingError("only 'first' or 'last' are allowed in property 'select'")
        transform = text_value(node, "transform")
        if transform not in (None, "internal", "external"):
            raise MappingError(f"transform must be 'internal' or 'external', not {transform!r}")
        if not prop.is_object and unit is not None:
            _check_unit(unit, prop)
        if language is not None and language != self.lang:
            if prop.is_object or prop.range != RDF_LANG_STRING:
                raise MappingError("language can only be specified for rdf:langString datatype properties")
        else:
            language = None
        if factor != 1.0 and not _takes_factor(prop):
            raise MappingError(f"a multiplication factor cannot be specified for {prop.name} ({prop.range})")
        return PropertyMapping(self.template_property(node, "templateProperty"), prop, unit, language, factor, select,
                               _affix(node, "prefix"), _affix(node, "suffix"), transform)

    def combine_date(self, node: Node) -> CombineDateMapping:
        prop = self.prop(node, "ontologyProperty")
        if prop.range not in _DATES:
            raise MappingError("ontologyProperty must be one of: xsd:date, xsd:gDay, xsd:gMonth, xsd:gYear, "
                               "xsd:gMonthDay, xsd:gYearMonth")
        parts: list[tuple[str, Datatype]] = []
        for i in (1, 2, 3):
            tp = text_value(node, f"templateProperty{i}")
            if tp is None:
                if i < 3:
                    raise MappingError(f"missing property 'templateProperty{i}'")
                continue
            unit = self.datatype(node, f"unit{i}")
            if unit is None:
                raise MappingError(f"missing or unknown datatype 'unit{i}'")
            parts.append((_key(tp), unit))
        return CombineDateMapping(prop, tuple(parts))

    def calculate(self, node: Node) -> CalculateMapping:
        operation = self.required(node, "operation")
        if operation != "add":
            raise MappingError(f"operation {operation!r} is not supported (supported: 'add')")
        prop = self.prop(node, "ontologyProperty")
        if prop.is_object or not (prop.range in _NUMERIC or dimension_of(prop.range)):
            raise MappingError(f"datatype {prop.range} is not supported by CalculateMapping")
        return CalculateMapping(self.template_property(node, "templateProperty1"),
                                self.template_property(node, "templateProperty2"),
                                self.datatype(node, "unit1"), self.datatype(node, "unit2"), operation, prop)

    def geocoordinates(self, node: Node) -> GeocoordinatesMapping:
        def tp(key: str) -> str | None:
            value = text_value(node, key)
            return _key(value) if value else None

        return GeocoordinatesMapping(
            self.prop(node, "ontologyProperty", required=False),
            tp("coordinates"), tp("latitude"), tp("longitude"),
            tp("latitudeDegrees"), tp("latitudeMinutes"), tp("latitudeSeconds"), tp("latitudeDirection"),
            tp("longitudeDegrees"), tp("longitudeMinutes"), tp("longitudeSeconds"), tp("longitudeDirection"))

    # --- values -----------------------------------------------------------------------------
    def required(self, node: Node, key: str) -> str:
        value = text_value(node, key)
        if value is None:
            raise MappingError(f"missing property {key!r} in template {node.name!r}")
        return value

    def template_property(self, node: Node, key: str) -> str:
        return _key(self.required(node, key))

    def cls(self, node: Node, key: str, *, required: bool = True) -> OntologyClass:
        name = text_value(node, key)
        if name is None:
            if required:
                raise MappingError(f"missing property {key!r} in template {node.name!r}")
            return None  # type: ignore[return-value]  # optional: callers pass required=False
        found = self.ontology.find_class(name)
        if found is None:
            raise MappingError(f"ontology class not found: {name}")
        return found

    def prop(self, node: Node, key: str, *, required: bool = True) -> OntologyProperty:
        name = text_value(node, key)
        if name is None:
            if required:
                raise MappingError(f"missing property {key!r} in template {node.name!r}")
            return None  # type: ignore[return-value]  # optional: callers pass required=False
        found = self.ontology.find_property(name)
        if found is None:
            raise MappingError(f"ontology property not found: {name}")
        return found

    def datatype(self, node: Node, key: str) -> Datatype | None:
        """An optional datatype; an unknown name counts as none (``loadDatatype`` with required=false)."""
        name = text_value(node, key)
        if name is None:
            return None
        found = self.ontology.find_datatype(name)
        if found is None:
            self.problems.append(f"{self.title}: datatype not found: {name} (ignored)")
        return found


def _affix(node: Node, key: str) -> str | None:
    """A prefix or suffix as written: only the line's white space trimmed (a suffix may be "; ")."""
    raw = node.args.get(key)
    if raw is None:
        return None
    raw = raw.strip("\n\t ")
    return raw or None


def _key(raw: str) -> str:
    """A template parameter name as the scan writes keys: white space collapsed."""
    return " ".join(raw.split())


def _check_unit(unit: Datatype, prop: OntologyProperty) -> None:
    """A unit must measure the same dimension as the property's range (``SimplePropertyMapping``)."""
    unit_dim, range_dim = dimension_of(unit.iri), dimension_of(prop.range)
    if unit_dim is not None and range_dim is not None:
        if unit_dim != range_dim:
            raise MappingError(f"unit {unit.name} ({unit_dim}) does not conform to the dimension of the range "
                               f"of {prop.name} ({range_dim})")
    elif unit_dim is not None and prop.range in _NUMERIC:
        return  # a numeric range with a unit: the number is read in that unit (DBpedia accepts it)
    elif unit.iri != prop.range:
        raise MappingError(f"unit {unit.name} must be compatible with the range of {prop.name} ({prop.range})")


def _takes_factor(prop: OntologyProperty) -> bool:
    return not prop.is_object and (prop.range in _NUMERIC or dimension_of(prop.range) is not None
                                   or prop.range[len(vocab.DBT):] in DIMENSIONS)
