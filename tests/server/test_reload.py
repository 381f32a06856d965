"""``wikikg serve`` follows a new ``wikikg load`` into its store, without a restart.

Store A is enwiki-3pages (AccessibleComputing, Computer accessibility, Accessibility), store B
the enwiki 2019 partial dump (Konica Minolta Cup, Stockton Airport …): no resource in common.
The server is the real command over real HTTP; the new load is the real command too.  Expected
titles come from the dumps' XML, expected counts from the dataset files, both read here without
wikikg.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest

from tests.helpers import raw_dump_text, triples
from tests.server.conftest import free_port
from wikikg.pipeline.run import extract
from wikikg.store import load, open_store
from wikikg.store.layout import StoreDir

pytestmark = pytest.mark.slow  # two editions extracted and loaded, a server following loads: the whole suite runs it, `make quick` does not

EXTRACTORS = ["labels", "page-ids", "wikilinks"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# every triple beside every triple: a result far larger than the socket buffers between server
# and client, so that a client that stops reading keeps the request in flight
PAIRS = "SELECT ?s ?p ?o ?x WHERE { ?s ?p ?o . ?x ?y ?z }"
SETTLE = 15.0  # seconds the switch may take at most on a busy two-core machine
T = TypeVar("T")


@dataclass(frozen=True)
class Edition:
    """What one extraction holds, read from its dump and its files without wikikg."""

    out: Path
    articles: list[str]  # main-namespace pages that are not redirects, from the XML
    triples: set[tuple[str, str, str]]

    @property
    def subjects(self) -> set[str]:
        return {s for s, _, _ in self.triples}


def articles(dump: Path) -> list[str]:
    pages = re.findall(r"<page>(.*?)</page>", raw_dump_text(dump), re.S)
    return [re.search(r"<title>(.*?)</title>", p).group(1)  # type: ignore[union-attr]
            for p in pages if "<ns>0</ns>" in p and "<redirect" not in p]


def edition(dump: Path, out: Path) -> Edition:
    extract([dump], out, extractors=EXTRACTORS, progress=False)
    found: set[tuple[str, str, str]] = set()
    for path in out.glob("*.nt.gz"):
        found |= triples(path)
    return Edition(out, articles(dump), found)


def resource(title: str) -> str:
    return "http://dbpedia.org/resource/" + title.replace(" ", "_")


def path_of(title: str) -> str:
    return quote(title.replace(" ", "_"), safe="_()-.,")


def until(check: Callable[[], T | None], what: str) -> T:
    """``check()`` once it is truthy; fails after :data:`SETTLE` seconds."""
    deadline = time.monotonic() + SETTLE
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"not within {SETTLE:g} s: {what}"
        time.sleep(0.1)


@contextlib.contextmanager
def serving(store: Path, log: Path, *args: str) -> Iterator[str]:
    """``wikikg serve`` on ``store``, until the block ends; yields its base URL."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "wikikg", "serve", "-s", str(store), "--port", str(port), *args],
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert proc.poll() is None, "wikikg serve stopped: " + log.read_text()
        try:
            return httpx.get(url + "/health", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    try:
        until(up, "wikikg serve answers")
        yield url
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        proc.kill()  # nothing when it has stopped
        proc.wait()


@pytest.fixture()
def a(dumps: Path, tmp_path: Path) -> Edition:
    return edition(dumps / "en" / "enwiki-3pages.xml.bz2", tmp_path / "a")


@pytest.fixture()
def b(dumps: Path, tmp_path: Path) -> Edition:
    return edition(dumps / "en" / "enwiki-2019-partial-11pages.xml.bz2", tmp_path / "b")


def test_a_new_load_is_served_without_a_restart(a: Edition, b: Edition, tmp_path: Path) -> None:
    ta, tb = a.articles[0], b.articles[0]
    assert resource(ta) in a.subjects and resource(ta) not in b.subjects
    assert resource(tb) in b.subjects and resource(tb) not in a.subjects
    store = tmp_path / "store"
    load([a.out], store)
    rows = len(a.triples) ** 2
    with serving(store, tmp_path / "serve.log", "--query-workers", "1", "--query-timeout", "60",
                 "--max-rows", str(rows)) as url, httpx.Client(base_url=url, timeout=30) as http:

        def count() -> int:
            r = http.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
            assert r.status_code == 200, r.text
            return int(r.json()["results"]["bindings"][0]["n"]["value"])

        def prefix(title: str) -> str:
            r = http.get("/lookup/prefix", params={"query": title[:4], "format": "json"})
            assert r.status_code == 200
            return r.text

        # before: store A, every answer cached once
        old = http.get("/health").json()["generation"]
        for _ in range(2):
            page = http.get(f"/page/{path_of(ta)}")
            assert page.status_code == 200 and f">{ta}</h1>" in page.text
            assert http.get(f"/data/{path_of(ta)}.nt").status_code == 200
            assert resource(ta) in prefix(ta)
            assert f'<span class="big">{len(a.triples):,}</span> triples' in http.get("/").text
        assert page.headers["x-cache"] == "hit"
        assert count() == len(a.triples)

        # a request in flight on A: a result far larger than the socket buffers, read slowly
        with http.stream("GET", "/sparql", params={"query": PAIRS},
                         headers={"Accept": "application/sparql-results+json", "Accept-Encoding": "identity"}) as slow:
            assert slow.status_code == 200
            chunks = slow.iter_bytes()
            first = next(chunks)

            loaded = subprocess.run([sys.executable, "-m", "wikikg", "load", str(b.out), "-s", str(store), "--replace"],
                                    capture_output=True, text=True, timeout=60)
            assert loaded.returncode == 0, loaded.stderr
            # the server still reads A: the load left it
            assert f"kept {old}" in loaded.stderr
            assert (store / old).is_dir()

            new = until(lambda: (g := http.get("/health").json()["generation"]) != old and g, "the server switches")

            # after: store B, and no answer from A's cache
            gone = http.get(f"/page/{path_of(ta)}", headers={"If-None-Match": page.headers["etag"]})
            assert gone.status_code == 404
            page = http.get(f"/page/{path_of(tb)}")
            assert page.status_code == 200 and f">{tb}</h1>" in page.text
            assert http.get(f"/data/{path_of(ta)}.nt").status_code == 404
            data = http.get(f"/data/{path_of(tb)}.nt")
            assert data.status_code == 200 and f'"{tb}"@en' in data.text
            assert resource(ta) not in prefix(ta)
            assert resource(tb) in prefix(tb)
            assert count() == len(b.triples)
            assert f'<span class="big">{len(b.triples):,}</span> triples' in http.get("/").text
            assert http.get("/health").json()["triples"] == len(b.triples)
            assert (store / old).is_dir(), "A was removed while a request still read it"

            # the request in flight finishes on A, whole
            body = first + b"".join(chunks)
        doc = json.loads(body)
        assert len(doc["results"]["bindings"]) == rows
        assert {row["s"]["value"] for row in doc["results"]["bindings"]} == a.subjects

        # its last request done, the server lets go of A and removes it
        until(lambda: [g.name for g in StoreDir(store).generations()] == [new], f"{old} removed")
        assert count() == len(b.triples)


def test_a_generation_a_reader_holds_outlives_the_load_that_replaced_it(a: Edition, b: Edition,
                                                                        tmp_path: Path) -> None:
    """What ``wikikg query`` or a server still on the old generation sees: the load leaves it."""
    store = tmp_path / "store"
    load([a.out], store)
    reader = open_store(store)
    first = reader.generation.name
    report = load([b.out], store, replace=True)
    assert report.kept == first and (store / first).is_dir()
    assert len(reader.rdf) == len(a.triples)
    # every label of A, looked up by value: another index of the old generation's RocksDB
    labels = [json.loads(o.removesuffix("@en")) for _, p, o in a.triples if p.endswith("rdf-schema#label")]
    found = [len(list(reader.rdf.quads_for_pattern(None, None, ox.Literal(label, language="en")))) for label in labels]
    assert labels and found == [1] * len(labels)
    reader.close()
    sdir = StoreDir(store)
    assert sdir.describe_problem() is None  # an old generation is no interrupted load
    third = load([a.out], store, replace=True)
    assert third.removed_strays == [first]
    assert [g.name for g in sdir.generations()] == [third.generation]
