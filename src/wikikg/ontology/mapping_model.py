"""The DBpedia mapping language, as data.

A mappings wiki page ``Mapping en:Infobox military conflict`` holds one *class mapping* for the
infobox template of that name: a :class:`TemplateMapping` (the template's pages become instances
of ``mapToClass``; each of its ``mappings`` turns template parameters into ontology property
values) or a :class:`ConditionalMapping` (the first :class:`Condition` that holds picks the
template mapping; ``defaultMappings`` apply in every case).

The property mappings (one per kind, as ``MappingsLoader.loadPropertyMapping`` knows them):

=========================  ==========================================================================
``PropertyMapping``        one parameter → one property, parsed by the property's range
``IntermediateNodeMapping`` several parameters → a new node of ``nodeClass`` linked by ``correspondingProperty``
``DateIntervalMapping``    one parameter "1939–1945" → a start and an end date property
``CombineDateMapping``     parameters for day/month and year → one date
``CalculateMapping``       two parameters added (feet + inches) → one property
``GeocoordinatesMapping``  coordinates (one parameter, lat/long, or degrees/minutes/seconds) → geo:lat/long
``ConstantMapping``        a fixed value for every page using the template
=========================  ==========================================================================

The records are immutable and refer to the ontology's terms directly; :mod:`.mappings_loader`
builds them and rejects what DBpedia rejects (a unit of the wrong dimension, a language on a
non-``rdf:langString`` property …).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from wikikg.ontology.model import Datatype, OntologyClass, OntologyProperty


@dataclass(frozen=True, slots=True)
class PropertyMapping:
    """``{{PropertyMapping | templateProperty = … | ontologyProperty = … }}``.

    ``unit`` is the unit the template writes bare numbers in (or a dimension); ``language`` tags
    ``rdf:langString`` values with another language than the edition's; ``factor`` multiplies
    numbers; ``select`` (``first``/``last``) keeps one of several values; ``prefix``/``suffix``
    are added around a plain-text value before it is parsed, and ``transform`` makes such a value a
    link: ``internal`` to the page of that title (``{{See also|Alpha}}`` → ``dbr:Alpha``),
    ``external`` to that URL.
    """

    template_property: str
    ontology_property: OntologyProperty
    unit: Datatype | None = None
    language: str | None = None
    factor: float = 1.0
    select: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    transform: str | None = None


@dataclass(frozen=True, slots=True)
class IntermediateNodeMapping:
    """``{{IntermediateNodeMapping | nodeClass = … | correspondingProperty = … | mappings = … }}``."""

    node_class: OntologyClass
    corresponding_property: OntologyProperty
    mappings: tuple[PropertyMappingLike, ...]


@dataclass(frozen=True, slots=True)
class DateIntervalMapping:
    """``{{DateIntervalMapping | templateProperty | startDateOntologyProperty | endDateOntologyProperty}}``."""

    template_property: str
    start_property: OntologyProperty
    end_property: OntologyProperty


@dataclass(frozen=True, slots=True)
class CombineDateMapping:
    """``{{CombineDateMapping | templateProperty1 | unit1 | templateProperty2 | unit2 [| …3] | ontologyProperty}}``.

    ``parts`` pairs each template parameter with the date datatype it holds (``xsd:gMonthDay`` …).
    """

    ontology_property: OntologyProperty
    parts: tuple[tuple[str, Datatype], ...]


@dataclass(frozen=True, slots=True)
class CalculateMapping:
    """``{{CalculateMapping | templateProperty1 | unit1 | templateProperty2 | unit2 | operation = add | ontologyProperty}}``."""

    template_property1: str
    template_property2: str
    unit1: Datatype | None
    unit2: Datatype | None
    operation: str
    ontology_property: OntologyProperty


@dataclass(frozen=True, slots=True)
class GeocoordinatesMapping:
    """``{{GeocoordinatesMapping}}``: one ``coordinates`` parameter, or ``latitude``/``longitude``, or
    degrees/minutes/seconds/direction parameters.  With ``ontologyProperty`` the point becomes a
    node of its own linked by that property; without, it describes the page's resource."""

    ontology_property: OntologyProperty | None = None
    coordinates: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    latitude_degrees: str | None = None
    latitude_minutes: str | None = None
    latitude_seconds: str | None = None
    latitude_direction: str | None = None
    longitude_degrees: str | None = None
    longitude_minutes: str | None = None
    longitude_seconds: str | None = None
    longitude_direction: str | None = None


@dataclass(frozen=True, slots=True)
class ConstantMapping:
    """``{{ConstantMapping | ontologyProperty | value [| unit]}}``."""

    ontology_property: OntologyProperty
    value: str
    unit: Datatype | None = None


PropertyMappingLike = (PropertyMapping | IntermediateNodeMapping | DateIntervalMapping | CombineDateMapping
                       | CalculateMapping | GeocoordinatesMapping | ConstantMapping)


@dataclass(frozen=True, slots=True)
class TemplateMapping:
    """``{{TemplateMapping | mapToClass | correspondingClass | correspondingProperty | mappings}}``.

    ``correspondingClass``/``correspondingProperty``: when a page's main template was mapped to
    ``correspondingClass``, this template describes a *second* resource, linked from the page's
    resource by ``correspondingProperty`` (an engine of an automobile).
    """

    map_to_class: OntologyClass
    mappings: tuple[PropertyMappingLike, ...] = ()
    corresponding_class: OntologyClass | None = None
    corresponding_property: OntologyProperty | None = None


CONDITION_OPERATORS = ("isSet", "equals", "contains", "otherwise")


@dataclass(frozen=True, slots=True)
class Condition:
    """``{{Condition | templateProperty | operator | value | mapping}}``; operators as ``ConditionMapping``:
    ``isSet`` (non-empty), ``equals`` and ``contains`` (case-insensitive, on the value's text),
    ``otherwise`` (always)."""

    operator: str
    mapping: TemplateMapping
    template_property: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ConditionalMapping:
    """``{{ConditionalMapping | cases = {{Condition …}}… | defaultMappings = …}}``."""

    cases: tuple[Condition, ...]
    default_mappings: tuple[PropertyMappingLike, ...] = ()


ClassMapping = TemplateMapping | ConditionalMapping


@dataclass(frozen=True)
class Mappings:
    """The class mappings of one edition, by template name (``Infobox military conflict``).

    ``problems`` lists what was skipped while loading (one line each, with the page's title),
    as DBpedia logs them.
    """

    lang: str
    templates: Mapping[str, ClassMapping]
    problems: tuple[str, ...] = field(default=(), compare=False)

    def get(self, template_name: str) -> ClassMapping | None:
        return self.templates.get(template_name)

    def __len__(self) -> int:
        return len(self.templates)
