"""``/resource``: 303 by content negotiation, 301 for redirects, 404 with a search box; ``/data``."""

from __future__ import annotations

import html
import re

import httpx
import pyoxigraph as ox
import pytest

from tests.helpers import raw_dump_text
from tests.server.conftest import Server

DBR = "http://dbpedia.org/resource/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF = {
    "text/turtle": ("ttl", ox.RdfFormat.TURTLE),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/rdf+xml": ("rdf", ox.RdfFormat.RDF_XML),
}


def page_facts(server: Server, title: str) -> dict[str, str]:
    """Page id, revision id and redirect target of ``title``, read from the battles dump's XML."""
    text = raw_dump_text(server.graph.dumps["battles"])
    start = text.index(f"<title>{html.escape(title, quote=False)}</title>")
    page = text[start: text.index("</page>", start)]
    ids = re.findall(r"<id>(\d+)</id>", page)
    red = re.search(r'<redirect title="([^"]*)"', page)
    return {"id": ids[0], "revision": ids[1], "redirect": html.unescape(red.group(1)) if red else ""}


def test_browsers_are_sent_to_the_page(http: httpx.Client) -> None:
    for accept in (BROWSER, "*/*", None):
        headers = {"Accept": accept} if accept else {}
        r = http.get("/resource/Operation_Compass", headers=headers)
        assert r.status_code == 303, accept
        assert r.headers["location"] == "/page/Operation_Compass"
        assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize("media", sorted(RDF))
def test_rdf_clients_are_sent_to_the_data(http: httpx.Client, server: Server, media: str) -> None:
    ext, fmt = RDF[media]
    r = http.get("/resource/Operation_Compass", headers={"Accept": f"{media}, text/html;q=0.5"})
    assert r.status_code == 303
    assert r.headers["location"] == f"/data/Operation_Compass.{ext}"
    data = http.get(r.headers["location"])
    assert data.status_code == 200 and data.headers["content-type"].startswith(media)
    triples = list(ox.parse(data.content, fmt))
    me = ox.NamedNode(DBR + "Operation_Compass")
    facts = page_facts(server, "Operation Compass")
    ids = [t.object.value for t in triples
           if t.subject == me and t.predicate.value == "http://dbpedia.org/ontology/wikiPageID"]
    assert ids == [facts["id"]]
    # the inbound triples are part of the description, as on dbpedia.org
    assert any(t.object == me and t.predicate.value == "http://dbpedia.org/ontology/wikiPageWikiLink"
               for t in triples)
    assert 'rel="alternate"; type="text/html"' in data.headers["link"]


def test_redirect_resources_answer_301(http: httpx.Client, server: Server) -> None:
    target = page_facts(server, "Air Raid on Bari")["redirect"]
    assert target == "Air raid on Bari"
    r = http.get("/resource/Air_Raid_on_Bari")
    assert r.status_code == 301 and r.headers["location"] == "/resource/Air_raid_on_Bari"
    r = http.get("/page/Air_Raid_on_Bari")
    assert r.status_code == 301 and r.headers["location"] == "/page/Air_raid_on_Bari"
    # the redirect itself is still there to be seen and fetched
    r = http.get("/page/Air_Raid_on_Bari", params={"redirect": "no"})
    assert r.status_code == 200 and "dbo:wikiPageRedirects" in r.text
    r = http.get("/data/Air_Raid_on_Bari.nt")
    assert f"<{DBR}Air_raid_on_Bari>" in r.text


def test_unknown_resources_get_a_404_page_with_a_search_box(http: httpx.Client) -> None:
    r = http.get("/resource/No_such_battle_anywhere", headers={"Accept": BROWSER})
    assert r.status_code == 404
    assert '<form class="search big"' in r.text and 'name="query"' in r.text
    assert 'value="No such battle anywhere"' in r.text
    r = http.get("/page/Battle_of_Nowhere_(1941)", headers={"Accept": BROWSER})
    assert r.status_code == 404
    assert "Perhaps you meant" in r.text  # suggestions from the Lookup index
    r = http.get("/data/No_such_battle_anywhere.ttl")
    assert r.status_code == 404
    assert http.get("/data/Operation_Compass.xyz").status_code == 404
    assert http.get("/data/Operation_Compass").status_code == 404


def test_another_editions_resources(http: httpx.Client) -> None:
    """The minidumps' ja edition also keeps its own IRIs (datasets that were not canonicalized)."""
    r = http.get("/page/Berlin")
    assert r.status_code == 200
    ja = [m for m in re.findall(r'href="(/ja/page/[^"]+)"', r.text)]
    if ja:
        assert http.get(ja[0]).status_code in (200, 301)


def test_link_headers_name_every_format(http: httpx.Client) -> None:
    r = http.get("/page/Operation_Compass")
    assert r.status_code == 200
    link = r.headers["link"]
    for media, (ext, _) in RDF.items():
        assert f'</data/Operation_Compass.{ext}>; rel="alternate"; type="{media}"' in link
        assert f'<link rel="alternate" type="{media}" href="/data/Operation_Compass.{ext}"' in r.text
