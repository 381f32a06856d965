"""Terms the mappings use that the published OWL/Turtle ontology files leave out.

DBpedia reads its ontology from the mappings wiki, where ``OntologyProperty:Foaf:name`` and the
like define the few non-DBpedia properties the mappings may use; the OWL and Turtle exports omit
them.  ``OntologyReader.scala`` adds ``owl:Thing``, ``rdf:Property``, ``rdf:type``, ``rdfs:label``
and ``rdfs:comment`` itself.  The table below is copied from those wiki pages
(extraction-framework ``ontology.xml``, commit e3dfe8bb8, pages ``OntologyProperty:Foaf:…``,
``Geo:…``, ``Dc:…``, ``Dct:…``, ``Skos:…``, ``Owl:…``, ``Rdfs:…``, ``Bibo:…``); the loader adds an
entry only where the ontology file does not define the term.
"""

from __future__ import annotations

# class name → superclass names
CLASSES: dict[str, tuple[str, ...]] = {
    "owl:Thing": (),
    "rdf:Property": ("owl:Thing",),
    "foaf:Document": ("Work",),
    "foaf:Image": ("owl:Thing",),
    "foaf:Person": ("owl:Thing",),
    "geo:SpatialThing": ("owl:Thing",),
    "gml:_Feature": ("owl:Thing",),
    "skos:Concept": ("owl:Thing",),
}

# (name, object property?, range, domain, functional) — range None: owl:Thing for object properties
PROPERTIES: tuple[tuple[str, bool, str | None, str, bool], ...] = (
    ("rdf:type", True, "owl:Thing", "owl:Thing", False),
    ("rdfs:label", False, "rdf:langString", "owl:Thing", False),
    ("rdfs:comment", False, "rdf:langString", "owl:Thing", False),
    ("rdfs:seeAlso", True, None, "owl:Thing", False),
    ("bibo:pages", False, "xsd:string", "Work", False),
    ("dc:creator", False, "xsd:string", "owl:Thing", False),
    ("dc:description", False, "xsd:string", "owl:Thing", False),
    ("dc:identifier", False, "xsd:string", "owl:Thing", False),
    ("dc:language", False, "xsd:string", "owl:Thing", False),
    ("dc:publisher", False, "xsd:string", "Work", False),
    ("dc:rights", True, None, "owl:Thing", False),
    ("dc:subject", True, "owl:Thing", "owl:Thing", False),
    ("dc:title", False, "xsd:string", "owl:Thing", False),
    ("dc:type", False, "xsd:string", "owl:Thing", False),
    ("dct:created", False, "xsd:string", "owl:Thing", False),
    ("dct:dateSubmitted", False, "xsd:date", "owl:Thing", False),
    ("dct:description", False, "rdf:langString", "owl:Thing", False),
    ("dct:extent", False, "xsd:string", "owl:Thing", False),
    ("dct:format", False, "xsd:string", "owl:Thing", False),
    ("dct:medium", False, "xsd:string", "owl:Thing", False),
    ("dct:modified", False, "xsd:date", "owl:Thing", False),
    ("dct:references", True, "owl:Thing", "Work", False),
    ("dct:source", True, "owl:Thing", "Work", False),
    ("dct:spatial", True, None, "owl:Thing", False),
    ("dct:subject", True, None, "owl:Thing", False),
    ("dct:temporal", True, None, "owl:Thing", False),
    ("dct:type", True, None, "owl:Thing", False),
    ("foaf:based_near", True, None, "owl:Thing", False),
    ("foaf:depiction", True, "Image", "owl:Thing", False),
    ("foaf:familyName", False, "rdf:langString", "owl:Thing", False),
    ("foaf:gender", False, "xsd:string", "owl:Thing", False),
    ("foaf:givenName", False, "rdf:langString", "owl:Thing", False),
    ("foaf:homepage", True, "Website", "owl:Thing", False),
    ("foaf:img", True, None, "owl:Thing", False),
    ("foaf:isPrimaryTopicOf", True, "foaf:Document", "owl:Thing", False),
    ("foaf:logo", True, None, "owl:Thing", False),
    ("foaf:mbox", False, "xsd:string", "owl:Thing", False),
    ("foaf:name", False, "rdf:langString", "owl:Thing", False),
    ("foaf:nick", False, "rdf:langString", "owl:Thing", False),
    ("foaf:page", True, "foaf:Document", "owl:Thing", False),
    ("foaf:phone", False, "xsd:string", "owl:Thing", False),
    ("foaf:primaryTopic", True, None, "foaf:Document", False),
    ("foaf:surname", False, "rdf:langString", "owl:Thing", False),
    ("foaf:thumbnail", True, "Image", "owl:Thing", False),
    ("foaf:topic", True, None, "owl:Thing", False),
    ("geo:lat", False, "xsd:float", "gml:_Feature", True),
    ("geo:long", False, "xsd:float", "gml:_Feature", True),
    ("georss:point", False, "xsd:string", "gml:_Feature", True),
    ("owl:differentFrom", True, None, "owl:Thing", False),
    ("owl:sameAs", True, None, "owl:Thing", False),
    ("skos:broader", True, None, "owl:Thing", False),
    ("skos:notation", False, "xsd:string", "Work", False),
    ("skos:prefLabel", False, "rdf:langString", "owl:Thing", False),
    ("skos:related", True, None, "owl:Thing", False),
    ("skos:subject", True, None, "owl:Thing", False),
)

# The datatypes DBpedia builds in (OntologyDatatypes.scala); the ontology files declare the
# ``http://dbpedia.org/datatype/`` ones.
BUILTIN_DATATYPES: tuple[str, ...] = (
    "rdf:langString",
    "xsd:date", "xsd:time", "xsd:dateTime", "xsd:gYear", "xsd:gYearMonth", "xsd:gMonth",
    "xsd:gMonthDay", "xsd:gDay", "xsd:boolean", "xsd:string", "xsd:integer",
    "xsd:positiveInteger", "xsd:nonNegativeInteger", "xsd:nonPositiveInteger",
    "xsd:negativeInteger", "xsd:double", "xsd:float", "xsd:anyURI",
)
