"""The "About:" page: label, type, abstract in the reader's language, the Property | Value table."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import Server
from tests.server.test_resource import page_facts
from tests.store.graph import Graph


def cells(page: str) -> dict[str, str]:
    """Property → the HTML of its value cell, from the page's table."""
    rows = re.findall(r'<tr(?: class="inverse")?>\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*</tr>', page, re.S)
    return {re.sub(r"<[^>]+>", "", th).strip(): td for th, td in rows}


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


@pytest.fixture(scope="module")
def compass(server: Server) -> str:
    r = httpx.get(server.url + "/page/Operation_Compass")
    assert r.status_code == 200
    return r.text


def test_label_type_and_wikipedia(compass: str) -> None:
    assert "<title>About: Operation Compass</title>" in compass
    assert '<h1 dir="auto">Operation Compass</h1>' in compass
    # {{Infobox military conflict}} is mapped to dbo:MilitaryConflict (Mapping_en.xml)
    types = re.search(r'<p class="types">(.*?)</p>', compass, re.S)
    assert types and "military conflict" in text(types.group(1))
    assert 'href="https://en.wikipedia.org/wiki/Operation_Compass"' in compass


def test_literals_carry_their_datatype_or_language(compass: str, server: Server) -> None:
    table = cells(compass)
    facts = page_facts(server, "Operation Compass")
    assert text(table["dbo:wikiPageID"]) == f"{facts['id']} (xsd:integer)"
    assert text(table["dbo:wikiPageRevisionID"]) == f"{facts['revision']} (xsd:integer)"
    assert text(table["rdfs:label"]) == "Operation Compass (en)"
    assert 'lang="en"' in table["rdfs:label"]


def test_predicates_are_prefixed_and_sorted(compass: str) -> None:
    rows = list(cells(compass))
    direct = [r for r in rows if not r.startswith("is ")]
    inverse = [r for r in rows if r.startswith("is ")]
    assert direct == sorted(direct, key=str.casefold)
    assert rows == direct + inverse
    assert {"dbo:abstract", "dbo:wikiPageWikiLink", "dct:subject", "rdf:type", "rdfs:label"} <= set(direct)
    assert all(re.fullmatch(r"[a-z-]+:\S+", r) for r in direct)


def compass_wikitext(server: Server) -> str:
    from tests.helpers import page_wikitext, raw_dump_text

    return page_wikitext(raw_dump_text(server.graph.dumps["battles"]), "Operation Compass")


def dump_redirects(server: Server) -> dict[str, str]:
    """Redirect pages of the battles dump → their targets, underscored, read with a regex."""
    from tests.helpers import raw_dump_text

    raw = raw_dump_text(server.graph.dumps["battles"])
    return {m.group(1).replace(" ", "_"): html.unescape(m.group(2)).replace(" ", "_") for m in re.finditer(
        r"<title>([^<]*)</title>\s*<ns>0</ns>\s*<id>\d+</id>\s*<redirect title=\"([^\"]*)\"", raw)}


def test_resources_link_to_their_pages_and_long_lists_collapse(compass: str, server: Server) -> None:
    links = html.unescape(cells(compass)["dbo:wikiPageWikiLink"])
    listed = set(re.findall(r'<li><a href="/page/[^"]+">dbr:([^<]+)</a></li>', links))
    # every [[Link]] of the article's lead paragraph, read from the wikitext, is a link of the page
    lead = compass_wikitext(server).split("\n==", 1)[0]
    lead = re.sub(r"\{\{[^{}]*\}\}", "", lead)  # drop infobox-free templates
    targets = {t.strip().replace(" ", "_") for t in re.findall(r"\[\[([^\]|#:]+)[\]|]", lead)}
    targets = {t[:1].upper() + t[1:] for t in targets}
    assert len(targets) > 5
    # a link to a redirect page is a link to its target ([[Western Desert Campaign]] → … campaign)
    redirects = dump_redirects(server)
    assert redirects["Western_Desert_Campaign"] == "Western_Desert_campaign"
    targets = {redirects.get(t, t) for t in targets}
    data = httpx.get(server.url + "/data/Operation_Compass.nt").text
    everything = set(re.findall(r"<http://dbpedia.org/resource/Operation_Compass> "
                                r"<http://dbpedia.org/ontology/wikiPageWikiLink> <http://dbpedia.org/resource/([^>]+)>",
                                data))
    assert targets <= everything
    # the first 150 (in order) are on the page, the first few open, the rest behind "more"
    assert len(everything) > 150 and len(listed) == 150
    assert listed == set(sorted(everything, key=str.casefold)[:150])
    assert "<details>" in links and re.search(r"<summary>\d+ more</summary>", links)
    more = re.search(r"… and (\d+) more: <a href=\"(/sparql\?query=[^\"]+)\">all of them in SPARQL</a>", links)
    assert more and int(more.group(1)) == len(everything) - 150
    subjects = cells(compass)["dct:subject"]
    assert 'href="/page/Category:' in subjects and "dbc:" in subjects


def test_inverse_relations(compass: str, server: Server) -> None:
    """Every article of the battles dump that links [[Operation Compass]] is listed as linking here."""
    from tests.helpers import raw_dump_text

    linking = []
    for page in re.findall(r"<page>.*?</page>", raw_dump_text(server.graph.dumps["battles"]), re.S):
        if "<redirect" not in page and re.search(r"\[\[\s*Operation[ _]Compass\s*[\]|#]", page):
            linking.append(html.unescape(re.search(r"<title>(.*?)</title>", page).group(1)))  # type: ignore[union-attr]
    assert len(linking) > 3
    inverse = html.unescape(cells(compass)["is dbo:wikiPageWikiLink of"])
    for title in linking:
        if title != "Operation Compass":
            assert f'href="/page/{title.replace(" ", "_")}"' in inverse, title


def test_map_link_for_coordinates(http: httpx.Client) -> None:
    # Battle of Prokhorovka: {{coord|51|02|11|N|36|44|11|E|...}} in its infobox → 51.0364 N, 36.7364 E
    r = http.get("/page/Battle_of_Prokhorovka")
    m = re.search(r'href="https://www\.openstreetmap\.org/\?mlat=([\d.-]+)&amp;mlon=([\d.-]+)', r.text)
    assert m, "no map link"
    assert float(m.group(1)) == pytest.approx(51.0364, abs=1e-3)
    assert float(m.group(2)) == pytest.approx(36.7364, abs=1e-3)


def test_abstract_in_the_readers_language(http: httpx.Client) -> None:
    # first words of each edition's Berlin article, read from the minidumps' wikitext
    expected = {"de": "Berlin ist Hauptstadt und als Land eine parlamentarische Republik",
                "fr": "Berlin est la capitale et la plus grande ville d'Allemagne",
                "ru": "Берли́н (нем. Berlin) — столица и крупнейший город Германии",
                "en": "Berlin is the capital and largest city of Germany"}
    for lang, words in expected.items():
        r = http.get("/page/Berlin", params={"lang": lang})
        abstract = re.search(r'<div class="abstract">\s*<p lang="([^"]*)" dir="[^"]*">(.*?)</p>', r.text, re.S)
        assert abstract and abstract.group(1) == lang, lang
        assert html.unescape(abstract.group(2)).startswith(words), lang
        assert f'<html lang="{lang}">' in r.text
    r = http.get("/page/Berlin", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"})
    assert html.unescape(r.text).count(expected["fr"]) >= 1
    assert r.headers["content-language"] == "fr"
    r = http.get("/page/Berlin", headers={"Accept-Language": "ar"})
    assert re.search(r'<p lang="ar" dir="rtl">برلين هي', r.text)
    # every other language one click away
    for lang in ("de", "en", "fr", "ja", "ru"):
        assert f'href="?lang={lang}" hreflang="{lang}"' in r.text
    assert '<strong class="lang current" aria-current="true">ar</strong>' in r.text


def test_month_day_values_read_as_dates(http: httpx.Client, server: Server) -> None:
    """An xsd:gMonthDay is shown as "May 15"-like text, never "0001-05-15"."""
    r = http.get("/sparql", params={"query": "SELECT ?s ?v WHERE { ?s ?p ?v FILTER(datatype(?v) = xsd:gMonthDay) } LIMIT 1",
                                    "format": "json"})
    bindings = r.json()["results"]["bindings"]
    assert bindings, "the battles' infoboxes have month-day dates (e.g. Battle of the Sea of Azov)"
    subject, value = bindings[0]["s"]["value"], bindings[0]["v"]["value"]
    month, day = int(value[2:4]), int(value[5:7])
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    page = http.get("/describe", params={"uri": subject}, follow_redirects=True).text
    assert f"{months[month - 1]} {day} (xsd:gMonthDay)" in text(page)
    assert "0001-" not in page


def test_phone_layout_is_declared(compass: str) -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in compass
    assert '<form class="search"' in compass and "data-autocomplete" in compass


def test_the_infobox_image_is_shown(compass: str, server: Server) -> None:
    wikitext = compass_wikitext(server)
    (image,) = re.findall(r"\|\s*image\s*=\s*(?:File:|Image:)?([^\n|]+)", wikitext)[:1]
    name = image.strip().replace(" ", "_")
    img = re.search(r'<figure class="depiction"><img src="([^"]+)" alt="Operation Compass"', compass)
    assert img and img.group(1).startswith("http://commons.wikimedia.org/wiki/Special:FilePath/")
    assert html.unescape(img.group(1)).split("FilePath/", 1)[1].split("?")[0] == name


def test_serve_command_errors_are_one_line(tmp_path: Path, graph: Graph, server: Server) -> None:
    import subprocess
    import sys

    busy = server.url.rsplit(":", 1)[1]
    for args in (["serve", "-s", str(tmp_path / "nowhere")], ["serve", "-s", str(graph.store), "--port", "99999"],
                 ["serve", "-s", str(graph.store), "--max-rows", "0"],
                 ["serve", "-s", str(graph.store), "--port", busy]):
        proc = subprocess.run([sys.executable, "-m", "wikikg", *args], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("wikikg: ") and proc.stderr.count("\n") == 1, proc.stderr
