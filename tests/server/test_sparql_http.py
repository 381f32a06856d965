"""``/sparql`` over HTTP: the SPARQL 1.1 Protocol, formats, limits, read-only, the query page."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest

from tests.server.conftest import MAX_ROWS, QUERY_TIMEOUT, Server

BATTLES = "SELECT ?b ?label WHERE { ?b a dbo:MilitaryConflict ; rdfs:label ?label } ORDER BY ?b LIMIT 30"
FORM = "application/x-www-form-urlencoded"
RESULTS = "http://www.w3.org/2005/sparql-results#"


def labels_of(doc: dict[str, object]) -> list[str]:
    bindings = doc["results"]["bindings"]  # type: ignore[index]
    return [b["label"]["value"] for b in bindings]  # type: ignore[index]


def test_get_post_form_and_post_direct_agree(http: httpx.Client) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = http.get("/sparql", params={"query": BATTLES}, headers=accept)
    by_form = http.post("/sparql", data={"query": BATTLES}, headers=accept)
    direct = http.post("/sparql", content=BATTLES.encode(),
                       headers={**accept, "Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, direct):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert labels_of(by_get.json()) == labels_of(by_form.json()) == labels_of(direct.json())
    assert len(labels_of(by_get.json())) == 30


@pytest.mark.parametrize(("how", "media"), [
    ({"format": "json"}, "application/sparql-results+json"),
    ({"format": "xml"}, "application/sparql-results+xml"),
    ({"format": "csv"}, "text/csv"),
    ({"format": "tsv"}, "text/tab-separated-values"),
    ({"accept": "application/sparql-results+xml"}, "application/sparql-results+xml"),
    ({"accept": "text/csv"}, "text/csv"),
    ({"accept": "text/tab-separated-values"}, "text/tab-separated-values"),
    ({"accept": "*/*"}, "application/sparql-results+json"),
])
def test_select_formats(http: httpx.Client, how: dict[str, str], media: str) -> None:
    params = {"query": BATTLES}
    headers = {}
    if "format" in how:
        params["format"] = how["format"]
    else:
        headers["Accept"] = how["accept"]
    r = http.get("/sparql", params=params, headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    json_labels = labels_of(http.get("/sparql", params={"query": BATTLES, "format": "json"}).json())
    if media.endswith("json"):
        got = labels_of(r.json())
    elif media.endswith("xml"):
        root = ET.fromstring(r.content)
        got = [b.findtext(f"{{{RESULTS}}}literal") or ""
               for b in root.iter(f"{{{RESULTS}}}binding") if b.get("name") == "label"]
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["b", "label"]
        got = [row[1] for row in rows[1:]]
    else:
        rows = [line.split("\t") for line in r.text.splitlines()]
        assert rows[0] == ["?b", "?label"]
        got = [ox.parse(f"<a:s> <a:p> {row[1]} .".encode(), ox.RdfFormat.N_TRIPLES).__next__().object.value
               for row in rows[1:]]
    assert got == json_labels


@pytest.mark.parametrize(("fmt", "media", "rdf"), [
    ("ttl", "text/turtle", ox.RdfFormat.TURTLE),
    ("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_and_describe_formats(http: httpx.Client, fmt: str, media: str, rdf: ox.RdfFormat) -> None:
    construct = "CONSTRUCT { dbr:Berlin rdfs:label ?l } WHERE { dbr:Berlin rdfs:label ?l }"
    by_format = http.get("/sparql", params={"query": construct, "format": fmt})
    by_accept = http.get("/sparql", params={"query": construct}, headers={"Accept": media})
    for r in (by_format, by_accept):
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        labels = {t.object.language: t.object.value for t in ox.parse(r.content, rdf)}
        assert labels["ru"] == "Берлин" and labels["ja"] == "ベルリン" and labels["en"] == "Berlin"
    describe = http.get("/sparql", params={"query": "DESCRIBE dbr:Operation_Compass", "format": fmt})
    assert describe.status_code == 200
    assert len(list(ox.parse(describe.content, rdf))) > 50


def test_ask(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "ASK { dbr:Berlin a dbo:City }", "format": "json"})
    assert r.json() == {"head": {}, "boolean": True}
    r = http.get("/sparql", params={"query": "ASK { dbr:Berlin a dbo:MilitaryConflict }", "format": "xml"})
    assert ET.fromstring(r.content).findtext(f"{{{RESULTS}}}boolean") == "false"


def test_limits_are_announced_and_enforced(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "format": "json"})
    assert r.status_code == 200
    assert r.headers["x-sparql-max-rows"] == str(MAX_ROWS)
    assert float(r.headers["x-sparql-time-limit"]) == QUERY_TIMEOUT
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    # how soon after the limit the answer comes is a figure of `make bench-serve`
    r = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                    "format": "json"})
    assert r.status_code == 503 and "time limit" in r.text
    assert r.headers["x-sparql-time-limit"]
    # the endpoint still answers afterwards
    assert http.get("/sparql", params={"query": "ASK {}", "format": "json"}).json()["boolean"] is True


def test_large_results_stream(server: Server) -> None:
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    with httpx.stream("GET", server.url + "/sparql", params={"query": query, "format": "nt"}, timeout=30) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers  # chunked: written while it is computed
        chunks = list(r.iter_bytes())
    body = b"".join(chunks)
    assert len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == MAX_ROWS


def test_updates_are_refused(http: httpx.Client) -> None:
    update = "INSERT DATA { dbr:Berlin rdfs:label \"Hacked\"@en }"
    for r in (http.post("/sparql", data={"update": update}),
              http.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}),
              http.get("/sparql", params={"query": update}),
              http.post("/sparql", data={"query": "DROP ALL"})):
        assert r.status_code == 403, r.text
        assert "read-only" in r.text
    r = http.get("/sparql", params={"query": "ASK { dbr:Berlin rdfs:label \"Hacked\"@en }", "format": "json"})
    assert r.json()["boolean"] is False


def test_bad_requests_are_4xx(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x", "format": "json"})
    assert r.status_code == 400 and "syntax error at line 1" in r.text
    assert http.get("/sparql", params={"query": "ASK {}", "format": "pdf"}).status_code == 400
    assert http.get("/sparql", params={"format": "json"}).status_code == 400
    r = http.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = http.post("/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    r = http.post("/sparql", content=b"x" * 300_000, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_query_page(http: httpx.Client) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = http.get("/sparql", headers=browser)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<textarea id="query" name="query"' in page.text
    for prefix in ("PREFIX dbo: &lt;http://dbpedia.org/ontology/&gt;", "PREFIX rdfs:", "PREFIX dbr:"):
        assert prefix in page.text
    assert page.text.count("data-query=") >= 5  # example queries
    result = http.get("/sparql", params={"query": BATTLES}, headers=browser)
    assert result.status_code == 200
    assert result.text.count('<tr><td><a href="/page/') == 30
    assert "30 results" in result.text
    bad = http.post("/sparql", data={"query": "SELECT ?x WHERE {", "format": "html"}, headers=browser)
    assert bad.status_code == 400 and 'class="query-error"' in bad.text


def test_prefixes_are_predeclared_and_json_is_the_default(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "SELECT ?l WHERE { dbr:Berlin rdfs:label ?l FILTER(lang(?l) = 'ja') }"})
    assert r.status_code == 200
    assert json.loads(r.text)["results"]["bindings"][0]["l"] == {"type": "literal", "value": "ベルリン",
                                                                  "xml:lang": "ja"}
