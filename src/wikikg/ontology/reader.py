"""Read the DBpedia ontology from its published OWL (RDF/XML) or Turtle files.

The files are DBpedia's own exports of the mappings wiki's ontology pages
(``ontology.owl`` in the extraction framework, ``dbpedia-ontology.ttl`` snapshots of the ontology
tracker).  What is read, per term:

* classes (``owl:Class``): ``rdfs:subClassOf`` (``owl:Thing`` when none is given, as
  ``OntologyReader.ClassBuilder`` does), ``owl:equivalentClass``, ``owl:disjointWith``, labels;
* properties (``owl:ObjectProperty`` / ``owl:DatatypeProperty``): ``rdfs:domain`` (``owl:Thing``
  when none), ``rdfs:range`` (``owl:Thing`` for object properties without one; datatype
  properties without a range are skipped, as DBpedia skips them), ``owl:FunctionalProperty``,
  ``owl:equivalentProperty``, ``rdfs:subPropertyOf``, labels;
* datatypes (``rdfs:Datatype``) and the ``xsd:`` ones DBpedia builds in;
* specific properties — a datatype property named ``Class/property`` (``dbo:Person/height``
  with range ``dbt:centimetre``) specialises ``property`` for ``Class``.

Equivalent and super classes outside the validated namespaces (schema.org, Wikidata, DUL …) are
kept as classes of their own without superclasses, as DBpedia keeps them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from wikikg.errors import InputError
from wikikg.ontology import external
from wikikg.ontology.model import Datatype, Ontology, OntologyClass, OntologyProperty
from wikikg.ontology.namespaces import compact, expand, validated
from wikikg.ontology.units import dimension_of
from wikikg.rdf import vocab
from wikikg.rdf.terms import IRI

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".owl": ox.RdfFormat.RDF_XML, ".rdf": ox.RdfFormat.RDF_XML,
            ".nt": ox.RdfFormat.N_TRIPLES}

_TYPE = vocab.RDF + "type"
_LABEL = vocab.RDFS + "label"
_SUBCLASS = vocab.RDFS + "subClassOf"
_DOMAIN = vocab.RDFS + "domain"
_RANGE = vocab.RDFS + "range"
_SUBPROPERTY = vocab.RDFS + "subPropertyOf"
_EQ_CLASS = vocab.OWL + "equivalentClass"
_EQ_PROPERTY = vocab.OWL + "equivalentProperty"
_DISJOINT = vocab.OWL + "disjointWith"
_OWL_CLASS = vocab.OWL + "Class"
_OBJECT_PROPERTY = vocab.OWL + "ObjectProperty"
_DATATYPE_PROPERTY = vocab.OWL + "DatatypeProperty"
_FUNCTIONAL = vocab.OWL + "FunctionalProperty"
_DATATYPE = vocab.RDFS + "Datatype"
_XSD_DOUBLE = IRI(vocab.XSD_DOUBLE)


def ontology_files(directory: Path) -> list[Path]:
    """The ontology files of a directory: its ``*.ttl`` files, else its ``*.owl`` files.

    A directory holds one ontology, often in both serialisations (as ``../shared/data/dbpedia``
    does); Turtle is preferred, being the newer snapshot there.
    """
    if not directory.is_dir():
        raise InputError(f"ontology directory not found: {directory}")
    for pattern in ("*.ttl", "*.owl", "*.rdf", "*.nt"):
        found = sorted(directory.glob(pattern))
        if found:
            return found
    raise InputError(f"no ontology file (*.ttl, *.owl) in {directory}")


def load_ontology(source: Path | Iterable[Path]) -> Ontology:
    """Load an ontology from a file, a directory of files (see :func:`ontology_files`) or a list."""
    if isinstance(source, Path):
        if not source.exists():
            raise InputError(f"ontology file or directory not found: {source}")
        files = ontology_files(source) if source.is_dir() else [source]
    else:
        files = list(source)
    return build(_triples(files))


def _triples(files: list[Path]) -> Iterator[tuple[str, str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
    for path in files:
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"not an ontology file (expected .ttl or .owl): {path}")
        try:
            with path.open("rb") as fh:
                for t in ox.parse(fh, format=fmt):
                    if isinstance(t.subject, ox.NamedNode):
                        yield t.subject.value, t.predicate.value, t.object
        except FileNotFoundError:
            raise InputError(f"ontology file not found: {path}") from None
        except SyntaxError as exc:
            raise InputError(f"{path}: not a valid ontology file: {exc}") from None


def build(triples: Iterable[tuple[str, str, ox.NamedNode | ox.BlankNode | ox.Literal]]) -> Ontology:
    """Build an :class:`Ontology` from ``(subject, predicate, object)`` triples."""
    types: dict[str, set[str]] = defaultdict(set)
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in triples:
        if p == _LABEL and isinstance(o, ox.Literal):
            labels[s].setdefault(o.language or "en", o.value)
        elif isinstance(o, ox.NamedNode):
            if p == _TYPE:
                types[s].add(o.value)
            else:
                values = links[(s, p)]
                if o.value not in values:
                    values.append(o.value)

    def first(s: str, p: str) -> str | None:
        values = links.get((s, p))
        return values[0] if values else None

    def many(s: str, p: str) -> tuple[IRI, ...]:
        return tuple(IRI(v) for v in links.get((s, p), ()))

    # datatypes
    datatypes: dict[IRI, Datatype] = {}
    for name in external.BUILTIN_DATATYPES:
        iri = expand(name)
        datatypes[iri] = Datatype(iri, name)
    for s, ts in types.items():
        if _DATATYPE in ts:
            datatypes[IRI(s)] = Datatype(IRI(s), _datatype_name(s))

    # classes
    classes: dict[IRI, OntologyClass] = {}
    for s, ts in types.items():
        if _OWL_CLASS in ts and not _is_blank(s):
            iri = IRI(s)
            bases = many(s, _SUBCLASS)
            if not bases and iri != vocab.OWL_THING:
                bases = (vocab.OWL_THING,)
            classes[iri] = OntologyClass(iri, compact(iri), bases, many(s, _EQ_CLASS), many(s, _DISJOINT),
                                         labels.get(s, {}))
    for name, base_names in external.CLASSES.items():
        iri = expand(name)
        if iri not in classes:
            classes[iri] = OntologyClass(iri, name, tuple(expand(b) for b in base_names))
    # stand-ins for the external classes that classes point to (schema:Person, wikidata:Q5 …)
    for cls in list(classes.values()):
        for other in (*cls.base_classes, *cls.equivalent_classes, *cls.disjoint_with):
            if other not in classes and not validated(other):
                classes[other] = OntologyClass(other, compact(other))
    # drop links to validated classes that do not exist (DBpedia warns and ignores them)
    for iri, cls in list(classes.items()):
        bases = tuple(b for b in cls.base_classes if b in classes)
        if bases != cls.base_classes:
            if not bases and iri != vocab.OWL_THING:
                bases = (vocab.OWL_THING,)
            classes[iri] = OntologyClass(iri, cls.name, bases, tuple(e for e in cls.equivalent_classes if e in classes),
                                         cls.disjoint_with, cls.labels)

    # properties
    properties: dict[IRI, OntologyProperty] = {}
    specializations: dict[tuple[IRI, IRI], IRI] = {}
    specific: list[tuple[str, IRI]] = []
    for s, ts in types.items():
        declared_object = _OBJECT_PROPERTY in ts
        if not (declared_object or _DATATYPE_PROPERTY in ts) or _is_blank(s):
            continue
        local = s[len(vocab.DBO):] if s.startswith(vocab.DBO) else ""
        rng = first(s, _RANGE)
        if "/" in local and rng is not None:
            specific.append((local, IRI(rng)))
            continue
        prop = _property(IRI(s), declared_object, first(s, _DOMAIN), rng, _FUNCTIONAL in ts,
                         many(s, _EQ_PROPERTY), many(s, _SUBPROPERTY), labels.get(s, {}), classes, datatypes)
        if prop is not None:
            properties[prop.iri] = prop
    for name, is_object, rng_name, domain_name, functional in external.PROPERTIES:
        iri = expand(name)
        if iri not in properties:
            prop = _property(iri, is_object, expand(domain_name),
                             expand(rng_name) if rng_name else None, functional, (), (), {}, classes, datatypes)
            if prop is not None:
                properties[iri] = prop
    for local, unit in specific:
        cls_name, _, prop_name = local.partition("/")
        cls_iri, prop_iri = expand(cls_name), expand(prop_name)
        if cls_iri in classes and prop_iri in properties and unit in datatypes:
            specializations[(cls_iri, prop_iri)] = unit
    _restore_dimensions(properties, specializations, datatypes)

    return Ontology(classes.values(), properties.values(), datatypes.values(), specializations)


# The label suffix the OWL export gives a property whose range is a dimension: the shortest label
# of the dimension's first unit (OntologyOWLWriter.scala, labelPostfix; labels from
# OntologyDatatypes.scala).  "μ3" is the suffix of Density (kilogramPerCubicMetre), "μ³" of Volume.
_DIMENSION_BY_SUFFIX: dict[str, str] = {
    "m2": "Area", "m²": "Area", "μ2": "Area", "μ²": "Area",
    "$": "Currency",
    "μ3": "Density",
    "J": "Energy",
    "m³/s": "FlowRate",
    "N": "Force",
    "Hz": "Frequency",
    "km/l": "FuelEfficiency", "km/L": "FuelEfficiency",
    "B": "InformationUnit",
    "m": "Length", "μ": "Length",
    "g": "Mass",
    "/sqkm": "PopulationDensity",
    "W": "Power",
    "A": "ElectricCurrent",
    "V": "Voltage",
    "Pa": "Pressure",
    "kmh": "Speed",
    "K": "Temperature", "Κ": "Temperature",
    "s": "Time", "δ": "Time",
    "Nm": "Torque",
    "m3": "Volume", "m³": "Volume", "μ³": "Volume",
    "g/km": "LinearMassDensity",
    "%": "Ratio",
}
_LABEL_SUFFIX = re.compile(r"\(([^()]+)\)\s*$")


def _restore_dimensions(properties: dict[IRI, OntologyProperty], specializations: dict[tuple[IRI, IRI], IRI],
                        datatypes: dict[IRI, Datatype]) -> None:
    """Give back the dimension ranges the OWL/Turtle export flattened to ``xsd:double``.

    In the mappings wiki ``dbo:height`` has the range ``Length``; the export writes
    ``xsd:double`` and appends the unit to the labels ("height (μ)").  DBpedia extracts with the
    dimension (values converted to the standard unit, specific properties written), so the range
    is restored from a specific property's unit (``dbo:Person/height`` is in centimetres: a
    Length) or else from the label suffix.
    """
    from_specific: dict[IRI, str] = {}
    for (_, specialised), unit in specializations.items():
        dim = dimension_of(unit)
        if dim:
            from_specific.setdefault(specialised, dim)
    for iri, prop in list(properties.items()):
        if prop.is_object or prop.range != _XSD_DOUBLE:
            continue
        dim = from_specific.get(iri)
        if dim is None:
            suffixes = {m.group(1).strip() for label in prop.labels.values() if (m := _LABEL_SUFFIX.search(label))}
            dims = {_DIMENSION_BY_SUFFIX[s] for s in suffixes if s in _DIMENSION_BY_SUFFIX}
            dim = dims.pop() if len(dims) == 1 else None
        if dim is not None:
            rng = IRI(vocab.DBT + dim)
            if rng in datatypes:
                properties[iri] = replace(prop, range=rng)


def _property(iri: IRI, declared_object: bool, domain: str | None, rng: str | None, functional: bool,
              equivalents: tuple[IRI, ...], supers: tuple[IRI, ...], labels: dict[str, str],
              classes: dict[IRI, OntologyClass], datatypes: dict[IRI, Datatype]) -> OntologyProperty | None:
    dom = IRI(domain) if domain and domain in classes else vocab.OWL_THING
    if rng is None:
        if not declared_object:
            return None  # a datatype property needs a range (OntologyReader skips it)
        return OntologyProperty(iri, compact(iri), True, dom, vocab.OWL_THING, functional, equivalents, supers, labels)
    if rng in datatypes:
        return OntologyProperty(iri, compact(iri), False, dom, IRI(rng), functional, equivalents, supers, labels)
    # a class range (or an unknown one, read as any thing): an object property
    target = IRI(rng) if rng in classes else vocab.OWL_THING
    return OntologyProperty(iri, compact(iri), True, dom, target, functional, equivalents, supers, labels)


def _datatype_name(iri: str) -> str:
    return iri[len(vocab.DBT):] if iri.startswith(vocab.DBT) else compact(iri)


def _is_blank(s: str) -> bool:
    return not s.startswith(("http://", "https://"))
