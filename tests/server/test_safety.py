"""Titles with any character round-trip through every URL; wiki text is escaped; bad input is 4xx.

Real dumps have a title with ``?`` ("? (film)"), one with a backtick and an apostrophe
("`Abdu'l-Bahá"), double quotes (Anthony "Tuba Fats" Lacen) and many accents; they are checked
on the shared graph.  Slashes, ``%``, ``#``-escapes, ``+`` and text that looks like HTML do not
occur in those titles, so a small hand-written extraction imitates a ``labels``/``long-abstracts``/
``wikilinks`` output with such titles, minted by the same IRI minter as the extractors.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pyoxigraph as ox
import pytest

from tests.store.graph import seal
from wikikg.rdf import ntriples, vocab
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import Literal
from wikikg.server.app import create_app
from wikikg.server.config import ServerConfig
from wikikg.store import load

ODD_TITLES = ["What?", "AC/DC", "50%", "100%25 pure", 'Say "Hi" #1', "Ünïcödé 東京", "C++", "A b/c?d&e=f",
              "Left/Right (2019)", "Semi;colon:name", "Back\\slash", "Tab\tname", "Ümlaut/Ñandú?"]
EVIL = '<script>alert("pwned")</script> & <img src=x onerror=alert(1)> "quoted"'


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("odd") / "out"
    out.mkdir()
    minter = IriMinter("en")
    hub = minter.resource("AC/DC")
    labels, abstracts, links = [], [], []
    for title in ODD_TITLES:
        iri = minter.resource(title.replace(" ", "_"))
        labels.append(ntriples.line(iri, vocab.RDFS_LABEL, Literal(title, lang="en")))
        abstracts.append(ntriples.line(iri, vocab.DBO_ABSTRACT, Literal(f"{title} is odd. {EVIL}", lang="en")))
        if iri != hub:
            links.append(ntriples.line(iri, vocab.DBO_WIKI_PAGE_WIKI_LINK, hub))
            links.append(ntriples.line(hub, vocab.DBO_WIKI_PAGE_WIKI_LINK, iri))
    (out / "labels_lang=en.nt").write_text("".join(labels), encoding="utf-8")
    (out / "long-abstracts_lang=en.nt").write_text("".join(abstracts), encoding="utf-8")
    (out / "wikilinks_lang=en.nt").write_text("".join(links), encoding="utf-8")
    seal(out)  # the manifest `wikikg extract` would write: `load` reads only what it lists
    store = out.parent / "store"
    load([out], store)
    return store


def fetch(store: Path, requests: list[tuple[str, str, dict[str, str]]]) -> list[httpx.Response]:
    """Run requests against the app in-process (``httpx.ASGITransport``)."""
    app = create_app(ServerConfig(store=store, query_workers=1))

    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with app.router.lifespan_context(app), \
                httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            out = []
            for method, url, headers in requests:
                r = await client.request(method, url, headers=headers)
                await r.aread()
                out.append(r)
            return out

    return asyncio.run(go())


def heading(page: str) -> str:
    m = re.search(r'<h1 dir="auto">(.*?)</h1>', page, re.S)
    assert m, "no heading"
    assert "<" not in m.group(1), "markup inside the heading"
    return html.unescape(m.group(1))


def links_in(page: str) -> Iterator[str]:
    for href in re.findall(r'href="([^"]+)"', page):
        yield html.unescape(href)


def test_odd_titles_round_trip_through_every_url(odd_store: Path) -> None:
    search = fetch(odd_store, [("GET", f"/lookup/search?{httpx.QueryParams({'query': t})}", {})
                               for t in ODD_TITLES])
    pages = []
    for title, r in zip(ODD_TITLES, search, strict=True):
        docs = r.json()["docs"]
        mine = [d for d in docs if d["label"] == [title]]
        assert mine, title
        pages.append((title, mine[0]["page"][0], mine[0]["resource"][0]))
    requests = []
    for _, page, _ in pages:
        resource = page.replace("/page/", "/resource/", 1)
        requests += [("GET", page, {}), ("GET", resource, {"Accept": "text/html"}),
                     ("GET", resource, {"Accept": "text/turtle"}),
                     ("GET", page.replace("/page/", "/data/", 1) + ".nt", {})]
    answers = fetch(odd_store, requests)
    for i, (title, page, iri) in enumerate(pages):
        got_page, to_page, to_data, data = answers[4 * i: 4 * i + 4]
        assert got_page.status_code == 200, (title, page)
        assert heading(got_page.text) == title, title
        assert to_page.status_code == 303 and to_page.headers["location"] == page, title
        assert to_data.status_code == 303 and to_data.headers["location"] == page.replace("/page/", "/data/") + ".ttl"
        assert data.status_code == 200, title
        subjects = {t.subject.value for t in ox.parse(data.content, ox.RdfFormat.N_TRIPLES)}
        assert iri in subjects, title
        # the URL is a plain URI: no raw space, quote, non-ASCII character, "?" or "#"
        assert re.fullmatch(r"[!$&'()*+,;=:@~/%A-Za-z0-9._-]+", page), page
        assert unquote(page.split("/page/", 1)[1]).replace("_", " ") == title.replace("\t", "_").replace("_", " ") \
            or title in {"Tab\tname"}


def test_every_link_on_a_page_resolves(odd_store: Path) -> None:
    (hub,) = fetch(odd_store, [("GET", "/page/AC/DC", {})])
    local = sorted({h for h in links_in(hub.text) if h.startswith("/") and not h.startswith("/static/")})
    assert sum(1 for h in local if h.startswith("/page/")) >= len(ODD_TITLES) - 1
    browser = {"Accept": "text/html"}
    for href, r in zip(local, fetch(odd_store, [("GET", h, browser) for h in local]), strict=True):
        assert r.status_code in (200, 303), (href, r.status_code)


def test_wiki_text_is_escaped(odd_store: Path) -> None:
    page, lookup, search_page = fetch(odd_store, [("GET", "/page/AC/DC", {}),
                                                  ("GET", "/lookup/search?query=AC%2FDC", {}),
                                                  ("GET", "/lookup/search?query=%3Cscript%3E", {"Accept": "text/html"})])
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page.text
    assert lookup.json()["docs"][0]["comment"][0].endswith(EVIL)  # JSON carries the text as data
    assert "<script>" not in search_page.text.replace('<script src="/static/app.js', "")


def test_real_titles_with_odd_characters(http: httpx.Client) -> None:
    # "? (film)" (enwiki minidump)
    for title in ("? (film)",):
        docs = http.get("/lookup/search", params={"query": title}).json()["docs"]
        assert docs and docs[0]["label"] == [title], title
        page = docs[0]["page"][0]
        r = http.get(page)
        assert r.status_code == 200 and heading(r.text) == title, title
        assert http.get(page.replace("/page/", "/resource/", 1)).headers["location"] == page
    # "`Abdu'l-Bahá" (enwiki minidump) redirects to "ʻAbdu'l-Bahá": DBpedia writes the backtick as
    # %60 in the IRI, and the URL carries the rest as UTF-8 escapes
    r = http.get("/resource/%60Abdu'l-Bah%C3%A1")
    assert r.status_code == 301 and unquote(r.headers["location"]) == "/resource/ʻAbdu'l-Bahá"
    docs = http.get("/lookup/search", params={"query": "`Abdu'l-Bahá"}).json()["docs"]
    assert docs[0]["redirectlabel"] == ["`Abdu'l-Bahá"] and docs[0]["label"] == ["ʻAbdu'l-Bahá"]
    assert http.get(docs[0]["page"][0]).status_code == 200
    # Anthony "Tuba Fats" Lacen (2019 slice) redirects to Anthony Lacen; quotes are %22 in the IRI
    r = http.get("/resource/Anthony_%22Tuba_Fats%22_Lacen")
    assert r.status_code == 301 and r.headers["location"] == "/resource/Anthony_Lacen"
    r = http.get("/page/Anthony_%22Tuba_Fats%22_Lacen", params={"redirect": "no"})
    assert r.status_code == 200 and heading(r.text) == 'Anthony "Tuba Fats" Lacen'


def test_bad_input_is_4xx_never_500(http: httpx.Client) -> None:
    cases = [
        "/describe", "/describe?uri=", "/describe?uri=not%20an%20iri", "/describe?uri=%3Cscript%3E",
        "/describe?uri=http://dbpedia.org/resource/Berlin&format=exe",
        "/page/%00", "/page/" + "x" * 5000, "/resource/%FF%FE", "/data/%00.ttl", "/data/.ttl",
        "/lookup/search?query=a&maxResults=-1", "/lookup/prefix?query=a&maxResults=1e9",
        "/sparql?query=%00", "/sparql?query=SELECT", "/downloads/%2E%2E%2Fstore.json", "/nope", "/de/page/Berlin",
        "/ontology/", "/page/", "/resource/",
    ]
    for url in cases:
        r = http.get(url)
        assert 400 <= r.status_code < 500, (url, r.status_code)
        assert "Traceback" not in r.text
    assert http.request("DELETE", "/page/Berlin").status_code == 405
    assert http.request("PUT", "/sparql").status_code == 405
