"""User SPARQL: W3C result formats, limits, read-only, worker processes; and ``wikikg query``."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.store.graph import Graph
from wikikg.errors import QueryError
from wikikg.store import open_store
from wikikg.store.handle import KGStore
from wikikg.store.sparql import Limits, QueryTimeout, UpdateRefused, WorkerPool, execute, is_update

SELECT = """SELECT ?battle ?label ?id WHERE {
  ?battle a dbo:MilitaryConflict ; rdfs:label ?label ; dbo:wikiPageID ?id .
} ORDER BY ?id LIMIT 40"""
# a query no time limit would let finish on this graph: three-way cross product
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NS = {"r": "http://www.w3.org/2005/sparql-results#"}


@pytest.fixture(scope="module")
def store(graph: Graph) -> KGStore:
    return open_store(graph.store)


def run(store: KGStore, query: str, fmt: str = "json", graph_fmt: str = "ttl") -> bytes:
    out = io.BytesIO()
    execute(store.rdf, query, select_format=fmt, graph_format=graph_fmt, emit=out.write)
    return out.getvalue()


def reference(store: KGStore, query: str, fmt: ox.QueryResultsFormat) -> bytes:
    """pyoxigraph's own serialization of the same result: the oracle for ours."""
    from wikikg.store.prefixes import SPARQL_PREFIXES

    result = store.rdf.query(query, prefixes=SPARQL_PREFIXES)
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    return bytes(result.serialize(format=fmt))


def test_json_results_match_the_reference(store: KGStore) -> None:
    ours = json.loads(run(store, SELECT, "json"))
    theirs = json.loads(reference(store, SELECT, ox.QueryResultsFormat.JSON))
    assert ours["head"]["vars"] == theirs["head"]["vars"] == ["battle", "label", "id"]
    assert ours["results"]["bindings"] == theirs["results"]["bindings"]
    assert len(ours["results"]["bindings"]) == 40


def test_xml_results_match_the_reference(store: KGStore) -> None:
    def rows(doc: bytes) -> list[list[tuple[str, str, str]]]:
        root = ET.fromstring(doc)
        return [[(b.get("name") or "", b[0].tag, b[0].text or "") for b in r.findall("r:binding", NS)]
                for r in root.findall("r:results/r:result", NS)]

    ours = run(store, SELECT, "xml")
    assert rows(ours) == rows(reference(store, SELECT, ox.QueryResultsFormat.XML))
    assert [v.get("name") for v in ET.fromstring(ours).findall("r:head/r:variable", NS)] == ["battle", "label", "id"]


def test_csv_and_tsv_results_match_the_reference(store: KGStore) -> None:
    for fmt, ref in (("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV)):
        ours = run(store, SELECT, fmt).decode()
        theirs = reference(store, SELECT, ref).decode()
        delimiter = "," if fmt == "csv" else "\t"
        assert list(csv.reader(io.StringIO(ours), delimiter=delimiter)) == list(
            csv.reader(io.StringIO(theirs), delimiter=delimiter)), fmt


def test_ask_and_graph_results(store: KGStore) -> None:
    assert json.loads(run(store, "ASK { dbr:Berlin rdfs:label ?l }")) == {"head": {}, "boolean": True}
    assert b"<boolean>false</boolean>" in run(store, "ASK { dbr:Berlin rdfs:label 'no such label' }", "xml")
    query = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a dbo:MilitaryConflict ; rdfs:label ?l } LIMIT 25"
    expected = {str(t) for t in store.rdf.query(query, prefixes={"dbo": "http://dbpedia.org/ontology/",
                                                                 "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})}
    assert len(expected) == 25
    for fmt, rdf in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                     ("jsonld", ox.RdfFormat.JSON_LD), ("rdf", ox.RdfFormat.RDF_XML)):
        body = run(store, query, graph_fmt=fmt)
        assert {str(t) for t in ox.parse(body, rdf)} == expected, fmt
    describe = run(store, "DESCRIBE dbr:Berlin", graph_fmt="nt")
    assert b'<http://dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@de .' in describe


def test_row_limit_cuts_and_closes_the_document(store: KGStore) -> None:
    out = io.BytesIO()
    outcome = execute(store.rdf, "SELECT ?s WHERE { ?s ?p ?o }", limits=Limits(max_rows=7), emit=out.write)
    assert outcome.truncated == "rows" and outcome.rows == 7
    assert len(json.loads(out.getvalue())["results"]["bindings"]) == 7


def test_updates_and_bad_queries_are_refused(store: KGStore) -> None:
    for update in ("INSERT DATA { dbr:A dbr:b dbr:c }", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
                   "# comment\nDROP ALL", "LOAD <http://example.org/data.ttl>", "CLEAR DEFAULT"):
        assert is_update(update)
        with pytest.raises(UpdateRefused):
            run(store, update)
    with pytest.raises(QueryError, match="syntax error"):
        run(store, "SELEKT * WHERE { ?s ?p ?o }")
    assert not is_update("SELECT ?insert WHERE { ?insert ?p ?o }")
    assert len(store.rdf) == store.manifest.triples


def test_worker_pool_limits_and_recovers(graph: Graph) -> None:
    async def scenario() -> None:
        pool = WorkerPool(open_store(graph.store).generation.oxigraph, 1, Limits(timeout=1.5, max_rows=5),
                          grace=0.5)
        await pool.start()
        try:
            with pytest.raises(QueryTimeout):  # how soon: a figure of `make bench-serve`
                await pool.run(HEAVY)
            running = await pool.run("SELECT ?s WHERE { ?s a dbo:MilitaryConflict }")
            body = await running.read_all()
            assert running.outcome.truncated == "rows" and running.outcome.rows == 5
            assert len(json.loads(body)["results"]["bindings"]) == 5
            with pytest.raises(UpdateRefused):
                await pool.run("INSERT DATA { dbr:A dbr:b dbr:c }")
            with pytest.raises(QueryError):
                await pool.run("SELECT ?s WHERE {")
            running = await pool.run("CONSTRUCT WHERE { dbr:Berlin rdfs:label ?l }", graph_format="nt")
            assert b'"Berlin"@en' in await running.read_all()
        finally:
            await pool.close()

    asyncio.run(scenario())


def wikikg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wikikg", *args], capture_output=True, text=True)


def test_query_command(graph: Graph) -> None:
    store = str(graph.store)
    proc = wikikg("query", "-s", store, "-f", "json", SELECT)
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)["results"]["bindings"]) == 40
    proc = wikikg("query", "-s", store, "-f", "csv", SELECT)
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["battle", "label", "id"] and len(rows) == 41
    proc = wikikg("query", "-s", store, "-f", "xml", "ASK { dbr:Berlin ?p ?o }")
    assert "<boolean>true</boolean>" in proc.stdout
    proc = wikikg("query", "-s", store, "-f", "table", "SELECT ?l WHERE { dbr:Berlin rdfs:label ?l } ORDER BY ?l")
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("?l") and any("Берлин @ru" in line for line in lines)
    proc = wikikg("query", "-s", store, "-f", "ttl", "CONSTRUCT WHERE { dbr:Berlin rdfs:label ?l }")
    assert len(list(ox.parse(proc.stdout.encode(), ox.RdfFormat.TURTLE))) >= 6


def test_query_command_errors_are_one_line(graph: Graph, tmp_path: Path) -> None:
    for args in (["query", "-s", str(graph.store), "SELECT ?x WHERE { ?x"],
                 ["query", "-s", str(graph.store), "DELETE WHERE { ?s ?p ?o }"],
                 ["query", "-s", str(tmp_path / "nowhere"), "ASK {}"],
                 ["query", "-s", str(graph.store), "@" + str(tmp_path / "missing.rq")]):
        proc = wikikg(*args)
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("wikikg: ") and proc.stderr.count("\n") == 1, proc.stderr
