"""The prefixes DBpedia's endpoint predeclares, for queries and for display.

Source: the namespace prefixes of dbpedia.org's Virtuoso endpoint (``/sparql?nsdecl``) for the
vocabularies wikikg writes.  Note DBpedia's own conventions: ``dbc:`` is the category
namespace (``…/resource/Category:``), ``dbt:`` the template namespace (``…/resource/Template:``)
and ``dbd:`` the datatype namespace (``http://dbpedia.org/datatype/``).
"""

from __future__ import annotations

from wikikg.rdf import vocab

SPARQL_PREFIXES: dict[str, str] = {
    "rdf": vocab.RDF,
    "rdfs": vocab.RDFS,
    "owl": vocab.OWL,
    "xsd": vocab.XSD,
    "foaf": vocab.FOAF,
    "dct": vocab.DCT,
    "dc": vocab.DC,
    "skos": vocab.SKOS,
    "prov": vocab.PROV,
    "geo": vocab.GEO,
    "georss": vocab.GEORSS,
    "dbo": vocab.DBO,
    "dbp": vocab.DBP,
    "dbr": vocab.DBR,
    "dbc": vocab.DBR + "Category:",
    "dbt": vocab.DBR + "Template:",
    "dbd": vocab.DBT,
}


def edition_prefixes(lang: str) -> dict[str, str]:
    """Prefixes for another edition's namespaces: ``dbr-de:``, ``dbp-de:``.

    >>> edition_prefixes("de")["dbr-de"]
    'http://de.dbpedia.org/resource/'
    """
    return {f"dbr-{lang}": f"http://{lang}.dbpedia.org/resource/",
            f"dbp-{lang}": f"http://{lang}.dbpedia.org/property/"}
