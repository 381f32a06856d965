"""The Lookup index: labels, redirect labels, every language, ranked by inbound links.

Expectations come from the raw dumps, read with regular expressions: page titles, redirect
targets, and which pages link where.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pytest

from tests.helpers import raw_dump_text
from tests.store.graph import Graph
from wikikg.store import open_store
from wikikg.store.handle import KGStore
from wikikg.store.lookup import normalize

_PAGE = re.compile(r"<page>.*?</page>", re.S)
_LINK = re.compile(r"\[\[([^\[\]|#]+)")
# link prefixes that are not articles: namespaces and interwiki/interlanguage prefixes of the dumps
_NOT_ARTICLE = {"category", "file", "image", "wikipedia", "template", "help", "portal", "wp", "wikt",
                "wiktionary", "s", "commons", "de", "fr", "ja", "ar", "ru", "es", "it", "simple", "w", "m",
                "meta", "media", "special", "user", "talk", "mw", "wikisource", "d", "wikidata", "q", "n", "b",
                "v", "species", "voy"}


def _title(raw: str) -> str:
    t = " ".join(html.unescape(raw).replace("_", " ").split())
    return t[:1].upper() + t[1:]


@cache
def english_pages(dumps: tuple[Path, ...]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """(article title → titles it links to, redirect title → target) of English dumps."""
    links: dict[str, set[str]] = {}
    redirects: dict[str, str] = {}
    for dump in dumps:
        for m in _PAGE.finditer(raw_dump_text(dump)):
            page = m.group(0)
            ns = re.search(r"<ns>(\d+)</ns>", page)
            if ns and ns.group(1) != "0":
                continue
            title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))  # type: ignore[union-attr]
            red = re.search(r'<redirect title="([^"]*)"', page)
            if red:
                redirects[title] = _title(red.group(1))
                continue
            body = re.search(r"<text[^>]*>(.*?)</text>", page, re.S)
            text = re.sub(r"<!--.*?-->", "", html.unescape(body.group(1) if body else ""), flags=re.S)
            targets = {_title(t) for t in _LINK.findall(text)}
            links.setdefault(title, set()).update(
                t for t in targets if t and not t.startswith(":") and t.split(":")[0].lower() not in _NOT_ARTICLE)
    return links, redirects


def inbound(graph: Graph, title: str) -> int:
    """Distinct English articles linking to ``title`` or to a redirect to it."""
    links, redirects = english_pages(_english(graph))
    names = {title} | {r for r, t in redirects.items() if t == title}
    return sum(1 for page, targets in links.items() if page != title and targets & names)


def _english(graph: Graph) -> tuple[Path, ...]:
    return (graph.dumps["battles"], graph.dumps["sample"], graph.dumps["slice"], graph.dumps["multi"])


@pytest.fixture(scope="module")
def store(graph: Graph) -> KGStore:
    return open_store(graph.store)


def test_every_article_is_found_by_its_title(graph: Graph, store: KGStore) -> None:
    links, _ = english_pages(_english(graph))
    titles = sorted(links)
    assert len(titles) > 600
    for title in titles[::7]:
        hits = store.lookup.search(title, 5)
        assert hits and normalize(hits[0].label) == normalize(title), title
        prefix = store.lookup.prefix(title[: max(4, len(title) - 3)], 100)
        assert any(normalize(h.label) == normalize(title) for h in prefix), title


def test_redirect_labels_find_their_target(graph: Graph, store: KGStore) -> None:
    _, redirects = english_pages(_english(graph))
    pairs = sorted(redirects.items())
    assert len(pairs) > 150
    checked = 0
    for source, target in pairs[::5]:
        hits = store.lookup.search(source, 10)
        mine = [h for h in hits if h.via_redirect and h.matched == source]
        if normalize(source) == normalize(target):
            continue  # a redirect that differs only in case finds the target by its own label
        assert mine, source
        assert normalize(mine[0].label) == normalize(target) or mine[0].iri.endswith(target.replace(" ", "_"))
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("title", ["Operation Overlord", "Battle of France", "Battle of Kursk", "Soviet Union",
                                   "Winston Churchill", "Afghanistan"])
def test_ref_count_is_the_number_of_linking_pages(graph: Graph, store: KGStore, title: str) -> None:
    (hit, *_) = store.lookup.search(title, 1)
    assert normalize(hit.label) == normalize(title)
    assert hit.refcount == inbound(graph, title) > 0


def test_results_are_ranked_by_inbound_links(graph: Graph, store: KGStore) -> None:
    hits = store.lookup.prefix("battle of", 50)
    assert len(hits) == 50
    counts = [h.refcount for h in hits if normalize(h.label) != "battle of"]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == max(inbound(graph, h.label) for h in hits)


def test_labels_in_every_language_find_the_canonical_resource(store: KGStore) -> None:
    # the titles of the Berlin articles in the minidumps, read from the files: ベルリン (ja),
    # Берлин (ru), برلين (ar)
    for name in ("ベルリン", "Берлин", "برلين", "berl"):
        hits = store.lookup.prefix(name, 5)
        assert hits and hits[0].iri == "http://dbpedia.org/resource/Berlin", name
    (hit,) = store.lookup.search("Берлин", 1)
    assert hit.matched == "Берлин" and hit.matched_lang == "ru"


def test_accents_and_case_do_not_matter(store: KGStore) -> None:
    # "Operation Weserübung" is a page of the battles dump
    for query in ("operation weserubung", "OPERATION WESERÜBUNG", "weserub"):
        hits = store.lookup.prefix(query, 5)
        assert any(h.label == "Operation Weserübung" for h in hits), query


def test_filter_by_class(store: KGStore) -> None:
    conflict = "http://dbpedia.org/ontology/MilitaryConflict"
    hits = store.lookup.search("battle", 30, conflict)
    assert len(hits) == 30 and all(conflict in h.types for h in hits)
    berlin = "http://dbpedia.org/resource/Berlin"
    assert berlin not in {h.iri for h in store.lookup.search("berlin", 10, conflict)}
    assert berlin in {h.iri for h in store.lookup.search("berlin", 10, "http://dbpedia.org/ontology/City")}


def test_odd_queries_are_harmless(store: KGStore) -> None:
    for query in ('"', "*", "AND OR NOT", "NEAR(", "^", "' OR 1=1 --", "\x00", "", "   ", "a" * 300):
        assert isinstance(store.lookup.search(query, 5), list)
        assert isinstance(store.lookup.prefix(query, 5), list)
    assert len(store.lookup.search("battle", 10_000)) <= 100
