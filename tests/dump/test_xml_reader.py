"""DumpReader on the real dumps of ../shared/data; expected values counted independently."""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
from pathlib import Path

import pytest

from wikikg.dump.page import Page
from wikikg.dump.xml import DumpReader
from wikikg.errors import DumpFormatError, InputError


def _pages(path: Path, **kw: str) -> tuple[list[Page], DumpReader]:
    reader = DumpReader(path, **kw)  # type: ignore[arg-type]
    with reader:
        return list(reader), reader


def test_enwiki_2016_sample_counts_and_a_fact(dumps: Path) -> None:
    path = dumps / "en" / "enwiki-2016-sample-206pages.xml.bz2"
    xml = bz2.decompress(path.read_bytes()).decode("utf-8")
    pages, reader = _pages(path)
    assert len(pages) == len(re.findall(r"<page>", xml)) == 206
    assert sum(p.redirect is not None for p in pages) == len(re.findall(r"<redirect ", xml))
    assert reader.pages_skipped == 0 and reader.warnings == []
    site = reader.siteinfo
    assert (site.lang, site.dbname, site.sitename) == ("en", "enwiki", "Wikipedia")
    assert site.namespace(14) is not None and site.namespace(14).name == "Category"  # type: ignore[union-attr]
    # read by hand: <title>Anarchism</title><ns>0</ns><id>12</id>
    anarchism = next(p for p in pages if p.title == "Anarchism")
    assert (anarchism.id, anarchism.ns, anarchism.redirect, anarchism.model) == (12, 0, None, "wikitext")
    assert anarchism.text.startswith("{{")
    assert "&lt;" not in anarchism.text and "&amp;" not in anarchism.text  # entities decoded
    assert reader.bytes_read == reader.total_bytes == path.stat().st_size


@pytest.mark.slow  # the whole battles dump, twice: 4 s
def test_battles_without_siteinfo_gets_standard_namespaces(dumps: Path) -> None:
    path = dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2"
    xml = bz2.decompress(path.read_bytes()).decode("utf-8")
    pages, reader = _pages(path)
    assert "<siteinfo>" not in xml
    assert len(pages) == xml.count("<page>") == 546
    assert sum(p.is_redirect for p in pages) == xml.count("<redirect ") == 64
    assert reader.siteinfo.namespace_id("Category") == 14
    assert reader.siteinfo.namespace_id("Image") == 6
    first = pages[0]  # read by hand from the first lines of the file
    assert (first.title, first.id, first.redirect) == (
        "Western Desert Campaign",
        11904183,
        "Western Desert campaign",
    )
    assert (first.revision_id, first.parent_id, first.timestamp) == (
        903219788,
        903219743,
        "2019-06-24T10:11:12Z",
    )
    assert first.format == "text/x-wiki"


def test_minidump_with_language_gets_that_languages_namespaces(dumps: Path) -> None:
    path = dumps / "minidumps" / "dewiki.xml.bz2"
    xml = bz2.decompress(path.read_bytes()).decode("utf-8")
    assert "<dbname>enwiki</dbname>" in xml  # the quirk: an enwiki header on a German dump
    pages, reader = _pages(path, lang="de")
    assert len(pages) == xml.count("<page>")
    site = reader.siteinfo
    assert site.lang == "de"
    assert site.namespace(14).name == "Kategorie"  # type: ignore[union-attr]
    assert site.namespace_id("Kategorie") == site.namespace_id("Category") == 14
    assert site.namespace_id("Datei") == site.namespace_id("Bild") == 6
    assert site.namespace_id("Vorlage") == 10
    assert site.article_base == "https://de.wikipedia.org/wiki/"
    # without the override the header speaks
    _, plain = _pages(path)
    assert plain.siteinfo.lang == "en" and plain.siteinfo.namespace_id("Kategorie") is None


def test_utf16_with_bom(dumps: Path) -> None:
    path = dumps / "multi" / "bgwiki-3pages-utf16.xml.bz2"
    raw = bz2.decompress(path.read_bytes())
    assert raw.startswith(b"\xff\xfe")
    xml = raw.decode("utf-16")
    pages, reader = _pages(path)
    assert [p.title for p in pages] == re.findall(r"<title>([^<]*)</title>", xml)
    assert pages[0].title == "Григориански календар" and pages[0].id == 558
    assert [p.ns for p in pages] == [0, 4, 4]
    assert reader.siteinfo.lang == "bg"
    assert reader.siteinfo.namespace(4).name == "Уикипедия"  # type: ignore[union-attr]


def test_history_export_latest_revision_wins(dumps: Path) -> None:
    path = dumps / "en" / "enwiki-Pyrus-history-6revisions.xml"
    text = path.read_text("utf-8")
    assert text.count("<revision>") == 6
    pages, _ = _pages(path)
    assert len(pages) == 1
    page = pages[0]
    # read by hand: the last revision, 2008-09-14T17:08:56Z by Rkitko, id 238392911
    assert (page.revision_id, page.timestamp) == (238392911, "2008-09-14T17:08:56Z")
    assert page.text == "#REDIRECT [[Pear]]"
    assert page.ns == 0  # schema 0.3: no <ns>, taken from the title


@pytest.mark.slow  # seven whole dumps: 5 s
@pytest.mark.parametrize("lang", ["bn", "el", "hy", "ja", "mr", "uk", "vi"])
def test_truncated_dump_yields_every_complete_page_then_warns(dumps: Path, lang: str) -> None:
    path = dumps / "truncated" / f"{lang}wiki-20230501-truncated.xml.xz"
    raw = lzma.decompress(path.read_bytes())
    assert b"</mediawiki>" not in raw
    pages, reader = _pages(path)
    assert len(pages) == raw.count(b"</page>")
    last_open = raw.rindex(b"<page>")
    assert len(reader.warnings) == 1
    warning = reader.warnings[0]
    assert "mid-page" in warning
    assert f"at byte {len(raw)}" in warning and f"starting at byte {last_open}" in warning
    assert reader.siteinfo.lang == lang


def test_broken_page_costs_only_that_page(tmp_path: Path) -> None:
    """Hand-written, imitating a pages-articles dump: page 2 has a stray '<' in its text and
    page 4 never closes; pages 1, 3 and 5 must come through."""

    def page(n: int, body: str = "text") -> str:
        return (
            f"  <page>\n    <title>P{n}</title>\n    <ns>0</ns>\n    <id>{n}</id>\n    <revision>\n"
            f"      <id>{100 + n}</id>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n"
            f'      <model>wikitext</model>\n      <format>text/x-wiki</format>\n      <text bytes="4" xml:space="preserve">{body}</text>\n'
            "    </revision>\n  </page>\n"
        )

    xml = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n'
        + page(1)
        + page(2, "a < b & c")
        + page(3, "x &amp; y")
        + page(4).replace("  </page>\n", "")
        + page(5)
        + "</mediawiki>\n"
    )
    p = tmp_path / "broken.xml.gz"
    p.write_bytes(gzip.compress(xml.encode()))
    pages, reader = _pages(p)
    assert [pg.title for pg in pages] == ["P1", "P3", "P5"]
    assert pages[1].text == "x & y"
    assert reader.pages_skipped == 2
    assert any("'P2'" in w and "malformed" in w for w in reader.warnings)
    assert any("'P4'" in w and "no </page>" in w for w in reader.warnings)


@pytest.mark.slow  # a whole 16,145-page dump: 2.3 s
def test_fandom_schema_06(dumps: Path) -> None:
    path = dumps / "fandom" / "friends_fandom_pages_current.xml.bz2"
    xml = bz2.decompress(path.read_bytes()).decode("utf-8")
    pages, reader = _pages(path)
    assert 'version="0.6"' in xml[:500]
    assert len(pages) == xml.count("<page>") == 16145
    assert sum(p.ns == 0 for p in pages) == len(re.findall(r"<ns>0</ns>", xml))
    site = reader.siteinfo
    assert site.sitename == "Friends Central"
    assert site.namespace(110).name == "Forum"  # type: ignore[union-attr]
    assert site.namespace_id("Friends Central") == 4
    assert site.namespace_id("WP") is None  # Wikipedia's aliases do not leak into other wikis
    ross = next(p for p in pages if p.title == "Ross Geller")
    assert (ross.id, ross.revision_id) == (1515, 61874)  # read by hand


def test_aawiki_2026_namespaces_from_siteinfo(dumps: Path) -> None:
    path = dumps / "multi" / "aawiki-2026-meta-current.xml.bz2"
    xml = bz2.decompress(path.read_bytes()).decode("utf-8")
    pages, reader = _pages(path)
    assert 'version="0.11"' in xml[:300]
    declared = dict(re.findall(r'<namespace key="(-?\d+)" case="[^"]+"\s*>([^<]*)</namespace>', xml))
    site = reader.siteinfo
    assert site.lang == "aa" and site.dbname == "aawiki"
    assert {str(k): ns.name for k, ns in site.namespaces.items() if ns.name} == declared
    assert len(pages) == xml.count("<page>")
    by_ns: dict[int, int] = {}
    for n in re.findall(r"<ns>(-?\d+)</ns>", xml):
        by_ns[int(n)] = by_ns.get(int(n), 0) + 1
    got: dict[int, int] = {}
    for p in pages:
        got[p.ns] = got.get(p.ns, 0) + 1
    assert got == by_ns


def test_itwiki_gzip(dumps: Path) -> None:
    path = dumps / "multi" / "itwiki-2013-747pages.xml.gz"
    xml = gzip.decompress(path.read_bytes()).decode("utf-8")
    pages, reader = _pages(path)
    assert len(pages) == xml.count("<page>") == 747
    assert reader.siteinfo.lang == "it"
    assert reader.siteinfo.namespace_id("Categoria") == 14
    assert reader.siteinfo.namespace_id("Immagine") == 6  # an alias the siteinfo does not list


def test_not_a_dump(tmp_path: Path, dumps: Path) -> None:
    html = tmp_path / "page.xml"
    html.write_text("<html><body>hello</body></html>")
    with pytest.raises(DumpFormatError, match=r"is not a MediaWiki XML dump.*<html>"):
        DumpReader(html)
    text = tmp_path / "notes.bz2"
    text.write_bytes(bz2.compress(b"just some text\n"))
    with pytest.raises(DumpFormatError, match="is not a MediaWiki XML dump"):
        DumpReader(text)
    sql = dumps.parent / "sql" / "enwiki-Berlin-langlinks.sql.gz"
    with pytest.raises(DumpFormatError, match="is not a MediaWiki XML dump"):
        DumpReader(sql)
    with pytest.raises(InputError, match="no such file"):
        DumpReader(tmp_path / "missing.xml.bz2")


def test_ns_from_title_when_no_ns_element(tmp_path: Path) -> None:
    """Schema 0.5-like pages without <ns> (hand-written, as in export-0.3 dumps)."""
    xml = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.5/" version="0.5" xml:lang="de">'
        "<siteinfo><sitename>Wikipedia</sitename><base>https://de.wikipedia.org/wiki/Wikipedia:Hauptseite</base>"
        '<case>first-letter</case><namespaces><namespace key="14">Kategorie</namespace>'
        '<namespace key="10">Vorlage</namespace></namespaces></siteinfo>'
        "<page><title>Kategorie:Berlin</title><id>1</id><revision><id>2</id><text>x</text></revision></page>"
        "<page><title>Vorlage:Infobox</title><id>3</id><revision><id>4</id><text>y</text></revision></page>"
        "<page><title>Berlin: Die Sinfonie der Großstadt</title><id>5</id><revision><id>6</id><text>z</text></revision></page>"
        "</mediawiki>"
    )
    p = tmp_path / "old.xml"
    p.write_text(xml, "utf-8")
    pages, reader = _pages(p)
    assert [pg.ns for pg in pages] == [14, 10, 0]
    assert reader.siteinfo.lang == "de"
    assert reader.siteinfo.namespace(14).case == "first-letter"  # type: ignore[union-attr]
