"""``/lookup/search``, ``/lookup/prefix`` (DBpedia Lookup's API), the home page and downloads."""

from __future__ import annotations

import gzip
import html
import re
import xml.etree.ElementTree as ET

import httpx

from tests.server.conftest import Server


def test_search_json(http: httpx.Client) -> None:
    r = http.get("/lookup/search", params={"query": "battle of kursk", "maxResults": 5, "format": "json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    docs = r.json()["docs"]
    first = docs[0]
    assert first["resource"] == ["http://dbpedia.org/resource/Battle_of_Kursk"]
    assert first["label"] == ["Battle of Kursk"]
    assert "MilitaryConflict" in first["typeName"] and "http://dbpedia.org/ontology/MilitaryConflict" in first["type"]
    assert int(first["refCount"][0]) > 0
    assert first["comment"][0].startswith("The Battle of Kursk")
    assert any(c.startswith("http://dbpedia.org/resource/Category:") for c in first["category"])
    assert first["page"] == ["/page/Battle_of_Kursk"]


def test_search_xml_and_legacy_parameters(http: httpx.Client) -> None:
    r = http.get("/lookup/search", params={"QueryString": "Battle of Kursk", "MaxHits": 3},
                 headers={"Accept": "application/xml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(r.content)
    assert root.tag == "results"
    assert root.find("result/resource").text == "http://dbpedia.org/resource/Battle_of_Kursk"  # type: ignore[union-attr]
    assert len(root.findall("result")) <= 3


def test_prefix_for_autocomplete(http: httpx.Client) -> None:
    docs = http.get("/lookup/prefix", params={"query": "operation bar", "maxResults": 5}).json()["docs"]
    assert docs[0]["label"] == ["Operation Barbarossa"]
    counts = [int(d["refCount"][0]) for d in http.get("/lookup/prefix", params={"query": "battle of"}).json()["docs"]]
    assert len(counts) == 10 and counts == sorted(counts, reverse=True)
    # any language: the Russian and Japanese titles of Berlin (the minidumps) find the one resource
    for name in ("Берл", "ベルリ"):
        docs = http.get("/lookup/prefix", params={"query": name}).json()["docs"]
        assert docs[0]["resource"] == ["http://dbpedia.org/resource/Berlin"], name
        assert docs[0]["label"] == ["Berlin"] and docs[0]["matchedLabel"][0].startswith(name)


def test_class_filter(http: httpx.Client) -> None:
    docs = http.get("/lookup/search", params={"query": "berlin", "typeName": "City"}).json()["docs"]
    assert [d["resource"][0] for d in docs] == ["http://dbpedia.org/resource/Berlin"]
    docs = http.get("/lookup/search", params={"query": "berlin", "QueryClass": "dbo:MilitaryConflict"}).json()["docs"]
    assert docs and all("MilitaryConflict" in d["typeName"] for d in docs)


def test_lookup_mistakes_are_400(http: httpx.Client) -> None:
    for params in ({}, {"query": ""}, {"query": "x", "maxResults": "ten"}, {"query": "x", "maxResults": 0},
                   {"query": "x", "maxResults": 10**9}, {"query": "x", "format": "yaml"}, {"query": "x" * 1000}):
        for route in ("/lookup/search", "/lookup/prefix"):
            r = http.get(route, params=params)
            assert r.status_code == 400, (route, params)
            assert "Traceback" not in r.text


def test_search_page_for_browsers(http: httpx.Client) -> None:
    r = http.get("/lookup/search", params={"query": "kursk"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<a href="/page/Battle_of_Kursk" dir="auto" class="hit-label">Battle of Kursk</a>' in r.text


def test_home_page(http: httpx.Client, server: Server) -> None:
    r = http.get("/")
    assert r.status_code == 200
    page = html.unescape(r.text)
    store = server.graph.store
    import json

    (gen,) = [p for p in store.iterdir() if p.name.startswith("g")]
    manifest = json.loads((gen / "store.json").read_text())
    assert f"{manifest['triples']:,} triples" in page
    # triples per dataset: the labels datasets of four extractions, summed, counted from the files
    labels = 0
    for out in server.graph.outs.values():
        for path in out.glob("labels_lang=*.nt.gz"):
            if "canonicalized" in path.name or not (out / path.name.replace(".nt.gz", "_canonicalized.nt.gz")).exists():
                with gzip.open(path, "rb") as fh:
                    labels += sum(1 for line in fh if line.strip())
    row = re.search(r'<tr><th scope="row">labels</th><td class="num">([\d,]+)</td>', page)
    assert row and int(row.group(1).replace(",", "")) == labels
    for lang in ("en", "de", "fr", "ar", "ja", "ru"):
        assert f"<strong>{lang}</strong>" in page
    assert page.count('href="/sparql?query=') >= 8  # example queries
    assert 'href="/page/' in page
    download = re.search(r'href="(/downloads/labels_lang=en\.nt\.gz[^"]*)"', r.text)
    assert download


def test_downloads(http: httpx.Client, server: Server) -> None:
    r = http.get("/downloads/labels_lang=en.nt.gz")
    assert r.status_code == 200
    assert gzip.decompress(r.content).startswith(b"<http://dbpedia.org/resource/")
    assert http.get("/downloads/labels_lang=en.nt.gz", params={"n": 2}).status_code == 200
    for bad in ("/downloads/..%2F..%2Fetc%2Fpasswd", "/downloads/manifest.json", "/downloads/store.json",
                "/downloads/labels_lang=en.nt.gz?n=99", "/downloads/%2e%2e", "/static/../../pyproject.toml"):
        assert http.get(bad).status_code == 404, bad


def test_static_and_health(http: httpx.Client) -> None:
    assert http.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert "autocomplete" in http.get("/static/app.js").text
    assert http.get("/health").json()["status"] == "ok"
