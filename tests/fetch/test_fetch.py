"""``wikikg fetch`` against a local stand-in of Wikipedia's Action API answering from real dumps.

English is the battles dump plus DBpedia's enwiki minidump (Berlin, page id 3354); Berlin's
language links are the rows of ``sql/enwiki-Berlin-langlinks.sql.gz``; the other editions are
their minidumps.  Expected values are read from those files here, with lxml and regular
expressions — never from wikikg's output.
"""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest
from lxml import etree

from tests.fetch.fake_mediawiki_api import (
    FakeApi,
    FakeWiki,
    WikiPage,
    langlink_rows,
)
from tests.fetch.fake_wikimedia import LocalServer
from tests.helpers import read_nt
from wikikg.cli import main
from wikikg.dump.xml import DumpReader

NS = "{http://www.mediawiki.org/xml/export-0.11/}"
OTHERS = ("de", "fr", "ja", "ru", "ar")


def fetch(server: LocalServer, out: Path, *argv: str) -> int:
    return main(["fetch", *argv, "-o", str(out), "--api-url", server.url + "/{lang}/w/api.php", "--backoff", "0.01"])


def read_export(path: Path) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The root and the pages (by title) of a written dump, parsed with lxml."""
    root = etree.fromstring(bz2.decompress(path.read_bytes()))
    return root, {p.findtext(f"{NS}title"): p for p in root.iter(f"{NS}page")}


def one(out: Path, pattern: str) -> Path:
    (path,) = out.glob(pattern)
    return path


def expected_closure(wiki: FakeWiki, seeds: list[str], depth: int) -> tuple[set[str], set[str]]:
    """Articles and redirect pages a fetch of ``seeds`` to ``depth`` must hold, by breadth-first search
    over the dump's own links."""
    articles: set[str] = set()
    redirects: set[str] = set()

    def land(title: str) -> str | None:
        final, hops = wiki.resolve(title)
        redirects.update(h["from"] for h in hops)
        return final if final in wiki.by_title and wiki.by_title[final].redirect is None else None

    frontier = [t for t in (land(s) for s in seeds) if t]
    articles.update(frontier)
    for _ in range(depth):
        nxt = []
        for title in frontier:
            for target in wiki.links(wiki.by_title[title]):
                final = land(target)
                if final and final not in articles:
                    articles.add(final)
                    nxt.append(final)
        frontier = nxt
    return articles, redirects


def test_an_article_becomes_a_real_export_dump(
    api: tuple[LocalServer, FakeApi], wikis: dict[str, FakeWiki], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = api
    assert fetch(server, tmp_path, "--lang", "en", "Italian invasion of Egypt") == 0
    dump = one(tmp_path, "enwiki-*-export.xml.bz2")
    langlinks = one(tmp_path, "enwiki-*-langlinks.sql.gz")
    assert capsys.readouterr().out.split() == [str(dump), str(langlinks)]
    root, pages = read_export(dump)
    assert root.get("version") == "0.11"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(f"{NS}siteinfo/{NS}dbname") == "enwiki"
    keys = [int(n.get("key")) for n in root.iter(f"{NS}namespace")]
    assert keys == [k for k, _, _ in wikis["en"].siteinfo["namespaces"]]
    assert list(pages) == ["Italian invasion of Egypt"]
    source = wikis["en"].by_title["Italian invasion of Egypt"]
    page = pages["Italian invasion of Egypt"]
    rev = page.find(f"{NS}revision")
    assert (int(page.findtext(f"{NS}id")), int(page.findtext(f"{NS}ns"))) == (17811878, 0)
    assert (int(rev.findtext(f"{NS}id")), int(rev.findtext(f"{NS}parentid"))) == (967291893, 967291810)
    assert rev.findtext(f"{NS}timestamp") == "2020-07-12T11:24:20Z"
    assert rev.findtext(f"{NS}contributor/{NS}username") == "Keith-264"
    assert rev.find(f"{NS}minor") is not None
    assert rev.findtext(f"{NS}text") == source.text
    # MediaWiki computed the source dump's <sha1>; ours must agree, base 36 and all.
    assert rev.findtext(f"{NS}sha1") == rev.find(f"{NS}text").get("sha1") == source.sha1
    assert int(rev.find(f"{NS}text").get("bytes")) == len(source.text.encode("utf-8")) == 55224
    manifest = json.loads((tmp_path / "fetch.json").read_text())
    assert manifest["wikis"][0]["seeds"] == ["Italian invasion of Egypt"]
    assert manifest["wikis"][0]["dump"] == dump.name


def test_a_redirect_is_followed_and_kept_as_a_redirect_page(
    api: tuple[LocalServer, FakeApi], wikis: dict[str, FakeWiki], tmp_path: Path
) -> None:
    server, _ = api
    assert fetch(server, tmp_path, "invasion_of  Normandy") == 0  # normalised, then a redirect
    _, pages = read_export(one(tmp_path, "enwiki-*-export.xml.bz2"))
    assert sorted(pages) == ["Invasion of Normandy", "Operation Overlord"]
    redirect = pages["Invasion of Normandy"]
    assert redirect.find(f"{NS}redirect").get("title") == "Operation Overlord"
    assert int(redirect.findtext(f"{NS}id")) == 46128
    assert redirect.findtext(f"{NS}revision/{NS}text").startswith("#REDIRECT [[Operation Overlord]]")
    target = pages["Operation Overlord"]
    assert target.find(f"{NS}redirect") is None
    assert int(target.findtext(f"{NS}id")) == wikis["en"].by_title["Operation Overlord"].pageid
    manifest = json.loads((tmp_path / "fetch.json").read_text())
    assert manifest["wikis"][0]["seeds"] == ["Operation Overlord"]


@pytest.mark.parametrize("depth", [1, 2])
def test_linked_articles_to_the_given_depth(
    api: tuple[LocalServer, FakeApi], wikis: dict[str, FakeWiki], tmp_path: Path, depth: int
) -> None:
    server, _ = api
    seed = "Battle of the Bulge"  # links to 19 articles of the dump (2 through redirects), 96 at depth 2
    assert fetch(server, tmp_path, seed, "--links-depth", str(depth)) == 0
    _, pages = read_export(one(tmp_path, "enwiki-*-export.xml.bz2"))
    articles, redirects = expected_closure(wikis["en"], [seed], depth)
    assert (len(articles), len(redirects)) == ((20, 2) if depth == 1 else (97, 4))
    assert {t for t, p in pages.items() if p.find(f"{NS}redirect") is None} == articles
    assert {t for t, p in pages.items() if p.find(f"{NS}redirect") is not None} == redirects
    for title, page in pages.items():  # every page as the wiki has it
        source = wikis["en"].by_title[title]
        assert int(page.findtext(f"{NS}id")) == source.pageid
        assert page.findtext(f"{NS}revision/{NS}text") == source.text
    assert len(pages) == len(set(pages))
    for request in server.requests:  # polite: batched, lag-aware, modern format, identified
        params = request.params
        assert len(params.get("titles", "").split("|")) <= 50 and len(params.get("pageids", "").split("|")) <= 50
        assert (params["maxlag"], params["formatversion"], params["format"]) == ("5", "2", "json")
        assert request.headers["user-agent"].startswith("wikikg/")


def test_max_pages_bounds_the_link_walk(api: tuple[LocalServer, FakeApi], tmp_path: Path) -> None:
    server, _ = api
    assert fetch(server, tmp_path, "Battle of the Bulge", "--links-depth", "2", "--max-pages", "7") == 0
    _, pages = read_export(one(tmp_path, "enwiki-*-export.xml.bz2"))
    assert sum(1 for p in pages.values() if p.find(f"{NS}redirect") is None) == 7


def test_language_links_and_the_other_editions(
    api: tuple[LocalServer, FakeApi], wikis: dict[str, FakeWiki], shared: Path, tmp_path: Path
) -> None:
    server, _ = api
    assert fetch(server, tmp_path, "Berlin", "--languages", "de,fr,ja,ru,ar,xx") == 0
    sql = gzip.decompress((shared / "sql/enwiki-Berlin-langlinks.sql.gz").read_bytes()).decode("utf-8")
    expected = sorted(langlink_rows(sql))
    written = gzip.decompress(one(tmp_path, "enwiki-*-langlinks.sql.gz").read_bytes()).decode("utf-8")
    assert sorted(langlink_rows(written)) == expected
    assert len(expected) == 119  # zcat … | grep -o "(3354," | wc -l
    assert "CREATE TABLE `langlinks`" in written and written.rstrip().splitlines()[-1].startswith("-- Dump completed")
    by_lang = {lang: title for _, lang, title in expected}
    for lang in ("de", "fr", "ja", "ru", "ar"):
        root, pages = read_export(one(tmp_path, f"{lang}wiki-*-export.xml.bz2"))
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert list(pages) == [by_lang[lang]]  # ベルリン, Берлин, برلين …
        source = wikis[lang].by_title[by_lang[lang]]
        assert int(pages[by_lang[lang]].findtext(f"{NS}id")) == source.pageid
        assert pages[by_lang[lang]].findtext(f"{NS}revision/{NS}text") == source.text
        # each edition's own langlinks table: its Berlin links back to English and to the others
        rows = list(langlink_rows(gzip.decompress(one(tmp_path, f"{lang}wiki-*-langlinks.sql.gz").read_bytes()).decode()))
        assert (source.pageid, "en", "Berlin") in rows and len(rows) == 119
    manifest = json.loads((tmp_path / "fetch.json").read_text())
    assert [w["lang"] for w in manifest["wikis"]] == ["en", "de", "fr", "ja", "ru", "ar"]  # no xx: no link to it


def _page_set(out: Path) -> dict[str, tuple[int, str]]:
    _, pages = read_export(one(out, "enwiki-*-export.xml.bz2"))
    return {t: (int(p.findtext(f"{NS}id")), p.findtext(f"{NS}revision/{NS}text")) for t, p in pages.items()}


def test_continuations_maxlag_429_and_503(
    api: tuple[LocalServer, FakeApi], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, app = api
    args = ("Berlin", "Battle of the Bulge", "Operation Compass", "--links-depth", "1")
    assert fetch(server, tmp_path / "plain", *args) == 0
    plain_requests = len(server.requests)
    app.content_per_answer, app.max_limit = 4, 25  # answers truncated: rvcontinue, llcontinue, gplcontinue
    app.faults[:] = ["maxlag", "429", "503"]
    assert fetch(server, tmp_path / "hard", *args) == 0
    assert _page_set(tmp_path / "hard") == _page_set(tmp_path / "plain")
    rows = [
        sorted(langlink_rows(gzip.decompress(one(tmp_path / d, "enwiki-*-langlinks.sql.gz").read_bytes()).decode()))
        for d in ("plain", "hard")
    ]
    assert rows[0] == rows[1] and len(rows[0]) == 119
    continued = server.requests[plain_requests:]
    for key in ("rvcontinue", "llcontinue", "gplcontinue"):
        assert any(key in r.params for r in continued), key
    assert "maxlag: Waiting for 10.64.48.35: 7 seconds lagged.; retrying" in caplog.text
    assert "HTTP 429" in caplog.text and "HTTP 503" in caplog.text


def test_missing_titles(api: tuple[LocalServer, FakeApi], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                        caplog: pytest.LogCaptureFixture) -> None:
    server, _ = api
    assert fetch(server, tmp_path / "none", "No such battle", "Nor this one") == 2
    assert capsys.readouterr().err == (
        "wikikg: none of the titles exist on en: No such battle, Nor this one (check spelling and --lang)\n"
    )
    assert list((tmp_path / "none").iterdir()) == []  # nothing that looks like a dump
    assert fetch(server, tmp_path / "some", "Berlin", "No such battle") == 0
    assert "en: no page 'No such battle'" in caplog.text
    manifest = json.loads((tmp_path / "some" / "fetch.json").read_text())
    assert manifest["wikis"][0]["missing"] == ["No such battle"]


def test_the_written_pages_match_what_the_wiki_serves(wikis: dict[str, FakeWiki]) -> None:
    """The stand-in itself: its links and redirects are those of the dump (a guard for the tests above)."""
    page: WikiPage = wikis["en"].by_title["Italian invasion of Egypt"]
    links = wikis["en"].links(page)
    assert "Western Desert Campaign" in links and "Second World War" in links
    assert not any(t.startswith(("File:", "Category:", "Template:")) for t in links)
    assert wikis["en"].resolve("Western Desert Campaign")[0] == "Western Desert campaign"
    assert wikis["en"].resolve("Invasion of Normandy") == (
        "Operation Overlord", [{"from": "Invasion of Normandy", "to": "Operation Overlord"}]
    )


def test_wikikgs_own_reader_reads_the_fetched_dumps(
    api: tuple[LocalServer, FakeApi], wikis: dict[str, FakeWiki], tmp_path: Path
) -> None:
    server, _ = api
    assert fetch(server, tmp_path, "Berlin", "Invasion of Normandy", "--languages", "ja,ru") == 0
    for lang, expected in (("en", {"Berlin", "Invasion of Normandy", "Operation Overlord"}), ("ja", {"ベルリン"}),
                           ("ru", {"Берлин"})):
        with DumpReader(one(tmp_path, f"{lang}wiki-*-export.xml.bz2")) as reader:
            assert (reader.siteinfo.dbname, reader.siteinfo.lang) == (f"{lang}wiki", lang)
            pages = {p.title: p for p in reader}
            assert reader.warnings == [] and reader.pages_skipped == 0
        assert set(pages) == expected
        for title, page in pages.items():
            source = wikis[lang].by_title[title]
            assert (page.id, page.ns, page.revision_id, page.timestamp) == (
                source.pageid, source.ns, source.revid, source.timestamp
            )
            assert page.text == source.text
            assert page.redirect == source.redirect
            assert (page.model, page.format) == ("wikitext", "text/x-wiki")


def test_wikikg_extract_builds_the_graph_of_the_fetched_topic(
    api: tuple[LocalServer, FakeApi], tmp_path: Path
) -> None:
    server, _ = api
    fetched = tmp_path / "fetched"
    assert fetch(server, fetched, "Berlin", "Invasion of Normandy", "--languages", "de,ja,ar") == 0
    out = tmp_path / "out"
    dumps = sorted(str(p) for p in fetched.glob("*-export.xml.bz2"))
    assert len(dumps) == 4
    status = main(["extract", *dumps, "-o", str(out), "--extractors", "labels,page-ids,redirects,interlanguage-links",
                   "--langlinks", str(one(fetched, "enwiki-*-langlinks.sql.gz")), "--no-progress"])
    assert status == 0
    labels = {line for path in out.glob("labels_lang=*") for line in read_nt(path)}
    for label in ('"Berlin"@en', '"Berlin"@de', '"ベルリン"@ja', '"برلين"@ar'):
        assert f"<http://dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> {label} ." in labels
    assert (
        "<http://dbpedia.org/resource/Invasion_of_Normandy> <http://dbpedia.org/ontology/wikiPageRedirects> "
        "<http://dbpedia.org/resource/Operation_Overlord> ."
    ) in read_nt(out / "redirects_lang=en.nt.gz")
    ids = read_nt(out / "page_lang=en_ids.nt.gz")
    assert '<http://dbpedia.org/resource/Berlin> <http://dbpedia.org/ontology/wikiPageID> "3354"^^<http://www.w3.org/2001/XMLSchema#integer> .' in ids
    interlanguage = read_nt(out / "interlanguage-links_lang=en.nt.gz")
    assert sum(1 for line in interlanguage if line.startswith("<http://dbpedia.org/resource/Berlin> ")) == 119
