"""Example SPARQL queries for the home and query pages, fitted to what the store holds."""

from __future__ import annotations

from dataclasses import dataclass

from wikikg.rdf import vocab
from wikikg.server.terms import Prefixes
from wikikg.store import KGStore

EDITOR_PREFIXES = ("rdf", "rdfs", "owl", "xsd", "foaf", "dct", "skos", "geo", "dbo", "dbp", "dbr", "dbc")


@dataclass(frozen=True)
class Example:
    title: str
    query: str


def prologue(table: dict[str, str]) -> str:
    """The ``PREFIX`` lines the query editor starts with."""
    return "".join(f"PREFIX {p}: <{table[p]}>\n" for p in EDITOR_PREFIXES if p in table)


def examples(store: KGStore, prefixes: Prefixes) -> list[Example]:
    top = store.lookup.top(1)
    star = prefixes.short(top[0][0]) if top else "dbr:Berlin"
    if not star.startswith(("dbr:", "dbr-")) and top:
        star = f"<{top[0][0]}>"
    types = [t for t in store.manifest.stats.get("types") or [] if t[0] != vocab.OWL_THING]
    cls = prefixes.short(types[0][0]) if types else "dbo:Place"
    if cls.startswith("http"):
        cls = f"<{cls}>"
    return [
        Example("The most linked resources",
                "SELECT ?resource (COUNT(?page) AS ?links) WHERE {\n  ?page dbo:wikiPageWikiLink ?resource .\n}\n"
                "GROUP BY ?resource\nORDER BY DESC(?links)\nLIMIT 20"),
        Example(f"Everything about {star}",
                f"SELECT ?property ?value WHERE {{\n  {star} ?property ?value .\n}}\nORDER BY ?property"),
        Example(f"Labels of {star} in every language",
                f"SELECT ?label (LANG(?label) AS ?lang) WHERE {{\n  {star} rdfs:label ?label .\n}}\nORDER BY ?lang"),
        Example(f"Instances of {cls}",
                f"SELECT ?thing ?label WHERE {{\n  ?thing a {cls} ;\n         rdfs:label ?label .\n}}\nLIMIT 50"),
        Example("Classes and how many instances they have",
                "SELECT ?class (COUNT(?s) AS ?instances) WHERE {\n  ?s a ?class .\n}\n"
                "GROUP BY ?class\nORDER BY DESC(?instances)"),
        Example("Places with coordinates",
                "SELECT ?place ?lat ?long WHERE {\n  ?place geo:lat ?lat ;\n         geo:long ?long .\n}\nLIMIT 50"),
        Example("Redirects and where they lead",
                "SELECT ?redirect ?target WHERE {\n  ?redirect dbo:wikiPageRedirects ?target .\n}\nLIMIT 50"),
        Example(f"The graph around {star} (CONSTRUCT)",
                f"CONSTRUCT {{ {star} ?p ?o }} WHERE {{\n  {star} ?p ?o .\n  FILTER(isIRI(?o))\n}}"),
    ]
