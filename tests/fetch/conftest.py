"""Fixtures of the fetch tests: a local stand-in of Wikipedia's Action API answering from real dumps.

English is the battles dump plus DBpedia's enwiki minidump (Berlin, page id 3354); Berlin's
language links are the rows of ``sql/enwiki-Berlin-langlinks.sql.gz``; the other editions are
their minidumps.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fetch.fake_mediawiki_api import FakeApi, FakeWiki, langlink_rows, read_dump, symmetric_langlinks
from tests.fetch.fake_wikimedia import LocalServer

OTHERS = ("de", "fr", "ja", "ru", "ar")


@pytest.fixture(scope="session")
def wikis(dumps: Path, shared: Path) -> dict[str, FakeWiki]:
    siteinfo, en_pages = read_dump(dumps / "minidumps/enwiki.xml.bz2")
    _, battles = read_dump(dumps / "en/enwiki-2020-battles-546pages.xml.bz2")
    sql = gzip.decompress((shared / "sql/enwiki-Berlin-langlinks.sql.gz").read_bytes()).decode("utf-8")
    berlin_links = [(lang, title) for pid, lang, title in langlink_rows(sql) if pid == 3354]
    languages = {lang for lang, _ in berlin_links}
    out = {"en": FakeWiki("en", siteinfo, en_pages + battles, {3354: berlin_links}, frozenset(languages))}
    views = symmetric_langlinks("en", "Berlin", berlin_links)
    for lang in OTHERS:
        # The minidumps all carry enwiki's <siteinfo>: the stand-in answers with it, under their language.
        _, pages = read_dump(dumps / f"minidumps/{lang}wiki.xml.bz2")
        title, links = views[lang]
        page = next(p for p in pages if p.title == title)
        out[lang] = FakeWiki(lang, siteinfo, pages, {page.pageid: links}, frozenset(languages))
    return out


@pytest.fixture
def api(wikis: dict[str, FakeWiki]) -> Iterator[tuple[LocalServer, FakeApi]]:
    app = FakeApi(wikis)
    with LocalServer(app) as server:
        yield server, app
