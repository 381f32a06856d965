"""Prefixed names of the DBpedia mapping language and the IRIs they stand for.

The mappings wiki names ontology terms by prefixed names: ``Person`` and ``birthDate`` are in the
DBpedia ontology namespace, ``foaf:name`` or ``geo:lat`` in another vocabulary.  The prefixes, and
which namespaces DBpedia *validates* (classes in them must have a superclass; terms of the others —
schema.org, Wikidata, DUL … — are accepted as they come), are those of ``RdfNamespace.scala``
(extraction-framework, core/src/main/scala/org/dbpedia/extraction/ontology/).

>>> expand("Person"), expand("foaf:name"), expand("dbo:birthDate")
('http://dbpedia.org/ontology/Person', 'http://xmlns.com/foaf/0.1/name', 'http://dbpedia.org/ontology/birthDate')
>>> compact("http://xmlns.com/foaf/0.1/name"), compact("http://dbpedia.org/ontology/Person")
('foaf:name', 'Person')
>>> compact("http://schema.org/Person"), validated("schema:Person"), validated("Person")
('schema:Person', False, True)
"""

from __future__ import annotations

from wikikg.rdf import vocab
from wikikg.rdf.terms import IRI

# prefix → (namespace, validated?) — RdfNamespace.scala, in its order.
PREFIXES: dict[str, tuple[str, bool]] = {
    "owl": (vocab.OWL, True),
    "rdf": (vocab.RDF, True),
    "rdfs": (vocab.RDFS, True),
    "foaf": (vocab.FOAF, True),
    "geo": (vocab.GEO, True),
    "georss": (vocab.GEORSS, True),
    "gml": ("http://www.opengis.net/gml/", True),
    "xsd": (vocab.XSD, True),
    "dc": (vocab.DC, True),
    "dct": (vocab.DCT, True),
    "dcterms": (vocab.DCT, True),
    "skos": (vocab.SKOS, True),
    "schema": ("http://schema.org/", False),
    "bibo": ("http://purl.org/ontology/bibo/", False),
    "wikidata": ("http://www.wikidata.org/entity/", False),
    "mappings": ("http://mappings.dbpedia.org/wiki/", False),
    "d0": ("http://www.ontologydesignpatterns.org/ont/d0.owl#", False),
    "dul": ("http://www.ontologydesignpatterns.org/ont/dul/DUL.owl#", False),
    "dbo": (vocab.DBO, True),
    "prov": (vocab.PROV, True),
    "cidoccrm": ("http://purl.org/NET/cidoc-crm/core#", False),
    "bio": ("http://purl.org/vocab/bio/0.1/", False),
    "mo": ("http://purl.org/ontology/mo/", False),
    "gn": ("http://www.geonames.org/ontology#", False),
}

# For compacting, the first prefix of a namespace wins (dct before dcterms); dbo: compacts to
# the bare local name, as DBpedia names its own terms.
_BY_NAMESPACE: list[tuple[str, str]] = sorted(
    ((ns, p) for p, (ns, _) in reversed(PREFIXES.items()) if p != "dbo"),
    key=lambda item: -len(item[0]),
)


def expand(name: str) -> IRI:
    """The IRI of a prefixed or bare name (bare names are DBpedia ontology terms); IRIs pass."""
    name = name.strip()
    if name.startswith(("http://", "https://")):
        return IRI(name)
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES:
        return IRI(PREFIXES[prefix][0] + local)
    return IRI(vocab.DBO + name)


def compact(iri: str) -> str:
    """The name DBpedia gives an IRI: ``Person`` for dbo terms, ``foaf:name`` for known prefixes."""
    if iri.startswith(vocab.DBO):
        return iri[len(vocab.DBO):]
    for ns, prefix in _BY_NAMESPACE:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def validated(name: str) -> bool:
    """Whether DBpedia checks terms of this name's namespace (unknown IRIs: not validated)."""
    if name.startswith(("http://", "https://")):
        name = compact(name)
        if name.startswith(("http://", "https://")):
            return False
    prefix, colon, _ = name.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix][1]
    return True
