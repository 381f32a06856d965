"""The DBpedia ontology in memory: classes, properties, datatypes, specific properties.

Terms are identified by IRI and carry DBpedia's *name* for them (``Person``, ``foaf:name``,
``xsd:date``).  The semantics follow ``org.dbpedia.extraction.ontology`` (extraction-framework):

* a class's **related classes** are the transitive closure of ``rdfs:subClassOf`` and
  ``owl:equivalentClass``, the class itself first (``OntologyClass.relatedClasses``) — the
  types DBpedia gives an instance of the class;
* a property is an **object property** (its range a class; ``owl:Thing`` if none is given) or a
  **datatype property** (its range a datatype: ``xsd:…``, ``rdf:langString`` or a DBpedia unit
  datatype such as ``http://dbpedia.org/datatype/kilometre``);
* a **specific property** ``dbo:Person/height`` restates a property for one class in a unit of
  its own (centimetres for a person's height) — ``Ontology.specializations``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wikikg.ontology.namespaces import compact, expand
from wikikg.rdf import vocab
from wikikg.rdf.terms import IRI

RDF_LANG_STRING = IRI(vocab.RDF + "langString")


@dataclass(frozen=True, slots=True)
class OntologyClass:
    """One class: ``Person``, ``MilitaryConflict``, or an external one such as ``schema:Person``."""

    iri: IRI
    name: str
    base_classes: tuple[IRI, ...] = ()
    equivalent_classes: tuple[IRI, ...] = ()
    disjoint_with: tuple[IRI, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, else the English one, else the name."""
        return self.labels.get(lang) or self.labels.get("en") or self.name


@dataclass(frozen=True, slots=True)
class OntologyProperty:
    """One property; ``range`` is a class IRI for object properties, a datatype IRI otherwise."""

    iri: IRI
    name: str
    is_object: bool
    domain: IRI
    range: IRI
    functional: bool = False
    equivalent_properties: tuple[IRI, ...] = ()
    super_properties: tuple[IRI, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_datatype(self) -> bool:
        return not self.is_object


@dataclass(frozen=True, slots=True)
class Datatype:
    """A datatype the ontology knows: ``xsd:integer``, ``rdf:langString``, ``Length``, ``kilometre``."""

    iri: IRI
    name: str


class Ontology:
    """Classes, properties and datatypes by IRI, with DBpedia's name lookups and class closure.

    >>> thing = OntologyClass(vocab.OWL_THING, "owl:Thing")
    >>> agent = OntologyClass(expand("Agent"), "Agent", (thing.iri,))
    >>> person = OntologyClass(expand("Person"), "Person", (agent.iri,), (IRI("http://schema.org/Person"),))
    >>> o = Ontology([thing, agent, person], [], [])
    >>> [compact(c) for c in o.related_classes(person.iri)]
    ['Person', 'schema:Person', 'Agent', 'owl:Thing']
    >>> o.is_subclass(person.iri, agent.iri), o.is_subclass(agent.iri, person.iri)
    (True, False)
    """

    def __init__(
        self,
        classes: Iterable[OntologyClass],
        properties: Iterable[OntologyProperty],
        datatypes: Iterable[Datatype],
        specializations: Mapping[tuple[IRI, IRI], IRI] | None = None,
    ) -> None:
        self.classes: dict[IRI, OntologyClass] = {c.iri: c for c in classes}
        self.properties: dict[IRI, OntologyProperty] = {p.iri: p for p in properties}
        self.datatypes: dict[IRI, Datatype] = {d.iri: d for d in datatypes}
        self.specializations: dict[tuple[IRI, IRI], IRI] = dict(specializations or {})
        self._related: dict[IRI, tuple[IRI, ...]] = {}
        self._ancestors: dict[IRI, frozenset[IRI]] = {}

    def __repr__(self) -> str:
        return (f"<Ontology {len(self.classes)} classes, {len(self.properties)} properties, "
                f"{len(self.datatypes)} datatypes, {len(self.specializations)} specific properties>")

    # --- lookups by DBpedia name ------------------------------------------------------------
    def find_class(self, name: str) -> OntologyClass | None:
        """A class by name as the mappings wiki writes it (``Person``, ``dbo:Person``, ``foaf:Person``).

        Wiki page names ignore the case of their first letter, so ``person`` finds ``Person``.
        """
        iri = expand(name)
        found = self.classes.get(iri)
        if found is None:
            found = self.classes.get(_recase(iri, upper=True))
        return found

    def find_property(self, name: str) -> OntologyProperty | None:
        """A property by name (``birthDate``, ``dbo:birthDate``, ``foaf:name``; ``BirthDate`` too)."""
        iri = expand(name)
        found = self.properties.get(iri)
        if found is None:
            found = self.properties.get(_recase(iri, upper=False))
        return found

    def find_datatype(self, name: str) -> Datatype | None:
        """A datatype by name: ``xsd:date``, ``kilometre``, ``Length`` (DBpedia datatypes are bare)."""
        name = name.strip()
        if ":" in name and not name.startswith(("http://", "https://")):
            return self.datatypes.get(expand(name))
        if name.startswith(("http://", "https://")):
            return self.datatypes.get(IRI(name))
        found = self.datatypes.get(IRI(vocab.DBT + name))
        if found is None and name:
            found = self.datatypes.get(IRI(vocab.DBT + name[0].lower() + name[1:]))
            found = found or self.datatypes.get(IRI(vocab.DBT + name[0].upper() + name[1:]))
        return found

    def is_datatype(self, iri: str) -> bool:
        return iri in self.datatypes

    # --- class hierarchy -------------------------------------------------------------------
    def related_classes(self, iri: IRI) -> tuple[IRI, ...]:
        """The class, its equivalent classes and all superclasses, transitively, without repeats.

        Order as DBpedia collects them: the class, then (recursively) its equivalent classes, then
        its superclasses.  Cycles are skipped silently, as DBpedia does.
        """
        cached = self._related.get(iri)
        if cached is not None:
            return cached
        out: list[IRI] = []
        seen: set[IRI] = set()
        stack = [iri]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            out.append(current)
            cls = self.classes.get(current)
            if cls is not None:
                # reversed so that the stack pops them in declaration order: equivalents first
                stack.extend(reversed((*cls.equivalent_classes, *cls.base_classes)))
        result = tuple(out)
        self._related[iri] = result
        return result

    def ancestors(self, iri: IRI) -> frozenset[IRI]:
        """The class and every class it is a subclass or equivalent of (as a set)."""
        cached = self._ancestors.get(iri)
        if cached is None:
            cached = frozenset(self.related_classes(iri))
            self._ancestors[iri] = cached
        return cached

    def is_subclass(self, sub: IRI, sup: IRI) -> bool:
        """``sub`` ⊑ ``sup`` through subclass or equivalence links (every class is its own subclass)."""
        return sup in self.ancestors(sub)

    def depth(self, iri: IRI) -> int:
        """Number of superclass steps up to ``owl:Thing`` along the longest path (``owl:Thing`` is 0)."""
        best = 0
        frontier = [(iri, 0)]
        seen: set[IRI] = set()
        while frontier:
            current, d = frontier.pop()
            best = max(best, d)
            cls = self.classes.get(current)
            if cls is None or current in seen:
                continue
            seen.add(current)
            frontier.extend((b, d + 1) for b in cls.base_classes)
        return best

    def most_specific(self, classes: Iterable[IRI]) -> list[IRI]:
        """The classes of ``classes`` that no other of them is a subclass of (its leaves)."""
        pool = list(dict.fromkeys(classes))
        return [c for c in pool if not any(o != c and self.is_subclass(o, c) for o in pool)]

    def disjoint(self, a: IRI, b: IRI) -> bool:
        """Whether two classes are disjoint: some class related to ``a`` is declared
        ``owl:disjointWith`` some class related to ``b`` (``TypeConsistencyCheck.isDisjoined``)."""
        ra, rb = self.ancestors(a), self.ancestors(b)
        for x in ra:
            cls = self.classes.get(x)
            if cls is not None and any(d in rb for d in cls.disjoint_with):
                return True
        for y in rb:
            cls = self.classes.get(y)
            if cls is not None and any(d in ra for d in cls.disjoint_with):
                return True
        return False

    # --- specific properties ---------------------------------------------------------------
    def specific_property(self, cls: IRI, prop: IRI) -> tuple[IRI, IRI] | None:
        """``(dbo:Person/height, dbt:centimetre)`` if ``prop`` is specialised for ``cls``."""
        unit = self.specializations.get((cls, prop))
        if unit is None:
            return None
        return IRI(f"{vocab.DBO}{compact(cls)}/{compact(prop)}"), unit


def _recase(iri: IRI, *, upper: bool) -> IRI:
    """Flip the case of the first letter of an IRI's local name (after the last ``/``, ``#`` or ``:``)."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    local = iri[cut:]
    if not local:
        return iri
    first = local[0].upper() if upper else local[0].lower()
    return IRI(iri[:cut] + first + local[1:])
