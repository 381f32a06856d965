"""The vocabularies DBpedia writes, as namespaces and the terms we use.

Sources: DBpedia's ``RdfNamespace.scala`` and ``DBpediaNamespace.scala`` (extraction-framework,
core/src/main/scala/org/dbpedia/extraction/ontology/).
"""

from __future__ import annotations

from wikikg.rdf.terms import IRI

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
GEORSS = "http://www.georss.org/georss/"
DBO = "http://dbpedia.org/ontology/"
DBP = "http://dbpedia.org/property/"
DBR = "http://dbpedia.org/resource/"
DBT = "http://dbpedia.org/datatype/"  # DBpedia's datatypes (prefix ``dbd:`` on dbpedia.org)
DBT_TEMPLATE = "http://dbpedia.org/resource/Template:"
DBC = "http://dbpedia.org/resource/Category:"

PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "foaf": FOAF,
    "dct": DCT,
    "dc": DC,
    "skos": SKOS,
    "prov": PROV,
    "geo": GEO,
    "georss": GEORSS,
    "dbo": DBO,
    "dbp": DBP,
    "dbr": DBR,
    "dbc": DBC,
    "dbt": DBT_TEMPLATE,
    "dbd": DBT,
}

RDF_TYPE = IRI(RDF + "type")
RDF_PROPERTY = IRI(RDF + "Property")
RDFS_LABEL = IRI(RDFS + "label")
RDFS_COMMENT = IRI(RDFS + "comment")
RDFS_SUBCLASS_OF = IRI(RDFS + "subClassOf")
OWL_SAME_AS = IRI(OWL + "sameAs")
OWL_THING = IRI(OWL + "Thing")

XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_NON_NEGATIVE_INTEGER = XSD + "nonNegativeInteger"
XSD_POSITIVE_INTEGER = XSD + "positiveInteger"
XSD_DOUBLE = XSD + "double"
XSD_FLOAT = XSD + "float"
XSD_DECIMAL = XSD + "decimal"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATE = XSD + "date"
XSD_DATETIME = XSD + "dateTime"
XSD_GYEAR = XSD + "gYear"
XSD_GYEARMONTH = XSD + "gYearMonth"
XSD_GMONTHDAY = XSD + "gMonthDay"
XSD_ANYURI = XSD + "anyURI"

FOAF_IS_PRIMARY_TOPIC_OF = IRI(FOAF + "isPrimaryTopicOf")
FOAF_PRIMARY_TOPIC = IRI(FOAF + "primaryTopic")
FOAF_DEPICTION = IRI(FOAF + "depiction")
FOAF_THUMBNAIL = IRI(FOAF + "thumbnail")
FOAF_HOMEPAGE = IRI(FOAF + "homepage")
FOAF_DOCUMENT = IRI(FOAF + "Document")
DC_LANGUAGE = IRI(DC + "language")
DCT_SUBJECT = IRI(DCT + "subject")
SKOS_CONCEPT = IRI(SKOS + "Concept")
SKOS_PREF_LABEL = IRI(SKOS + "prefLabel")
SKOS_BROADER = IRI(SKOS + "broader")
PROV_WAS_DERIVED_FROM = IRI(PROV + "wasDerivedFrom")
GEO_LAT = IRI(GEO + "lat")
GEO_LONG = IRI(GEO + "long")
GEO_SPATIAL_THING = IRI(GEO + "SpatialThing")
GEORSS_POINT = IRI(GEORSS + "point")

DBO_WIKI_PAGE_ID = IRI(DBO + "wikiPageID")
DBO_WIKI_PAGE_REVISION_ID = IRI(DBO + "wikiPageRevisionID")
DBO_WIKI_PAGE_LENGTH = IRI(DBO + "wikiPageLength")
DBO_WIKI_PAGE_OUT_DEGREE = IRI(DBO + "wikiPageOutDegree")
DBO_WIKI_PAGE_WIKI_LINK = IRI(DBO + "wikiPageWikiLink")
DBO_WIKI_PAGE_EXTERNAL_LINK = IRI(DBO + "wikiPageExternalLink")
DBO_WIKI_PAGE_REDIRECTS = IRI(DBO + "wikiPageRedirects")
DBO_WIKI_PAGE_DISAMBIGUATES = IRI(DBO + "wikiPageDisambiguates")
DBO_WIKI_PAGE_INTER_LANGUAGE_LINK = IRI(DBO + "wikiPageInterLanguageLink")
DBO_ABSTRACT = IRI(DBO + "abstract")
DBO_THUMBNAIL = IRI(DBO + "thumbnail")
