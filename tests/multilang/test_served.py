"""On the page (issue 6, item 4): Berlin's abstract in the reader's language, the list of its
languages, and Lookup finding it by its label in any language — over real HTTP (in-process ASGI).

The store is the minidumps' extraction loaded with ``wikikg load``'s default (canonical) view.
"""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import httpx
import pytest
from tests.helpers import triples
from tests.multilang.conftest import LangLinkRow

from wikikg.server.app import create_app
from wikikg.server.config import ServerConfig

BERLIN = "http://dbpedia.org/resource/Berlin"
ABSTRACT = "http://dbpedia.org/ontology/abstract"


@pytest.fixture(scope="module")
def store(berlin_store: Path) -> Path:
    return berlin_store


def get(store: Path, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        app = create_app(ServerConfig(store), query_workers=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(url, headers=headers or {})
    return asyncio.run(go())


def abstract_of(out: Path, lang: str) -> str:
    """Berlin's abstract in ``lang``, read from the extraction's files (the canonical view)."""
    name = "long-abstracts_lang=en.nt.gz" if lang == "en" else f"long-abstracts_lang={lang}_canonicalized.nt.gz"
    (o,) = {o for s, p, o in triples(out / name) if s == BERLIN and p == ABSTRACT}
    text = re.match(r'^"(.*)"@', o).group(1)  # type: ignore[union-attr]
    return text.replace('\\"', '"').replace("\\\\", "\\")


@pytest.mark.parametrize(("query", "headers", "lang"), [
    ("?lang=ja", {}, "ja"),
    ("", {"Accept-Language": "uk,ru;q=0.8"}, "uk"),
    ("", {"Accept-Language": "ka"}, "ka"),
    ("?lang=he", {"Accept-Language": "de"}, "he"),
])
def test_the_page_shows_the_abstract_in_the_readers_language(store: Path, minidumps_out: Path, query: str,
                                                             headers: dict[str, str], lang: str) -> None:
    r = get(store, f"/page/Berlin{query}", headers)
    assert r.status_code == 200
    assert r.headers["content-language"] == lang
    m = re.search(r'<p lang="([^"]*)" dir="[^"]*">(.*?)</p>', r.text, re.S)
    assert m, "no abstract on the page"
    assert m.group(1) == lang
    assert html.unescape(m.group(2)) == abstract_of(minidumps_out, lang)


def test_the_page_lists_every_language(store: Path, berlin_rows: list[LangLinkRow]) -> None:
    r = get(store, "/page/Berlin?lang=en")
    listed = set(re.findall(r'hreflang="([^"]+)"', r.text)) | set(
        re.findall(r'<strong class="lang current"[^>]*>([^<]+)</strong>', r.text))
    assert listed == {row.lang for row in berlin_rows} | {"en"}


@pytest.mark.parametrize("label", ["ベルリン", "Берлин", "Βερολίνο", "ברלין", "베를린", "Berlyn"])
def test_lookup_finds_berlin_by_its_label_in_any_language(store: Path, label: str) -> None:
    r = get(store, f"/lookup/search?query={label}&format=json&maxResults=3")
    assert r.status_code == 200
    docs = r.json()["docs"]
    assert docs and docs[0]["resource"] == [BERLIN], docs
