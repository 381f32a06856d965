"""The pieces of ``wikikg.fetch`` one by one: the langlinks writer against wikikg's SQL reader and
the real table, the export writer against the real dumps' SHA-1s, the catalogue's choice of files,
the progress lines."""

from __future__ import annotations

import bz2
import gzip
import logging
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.fetch.fake_mediawiki_api import langlink_rows, read_dump
from wikikg.dump import sql
from wikikg.dump.page import Page
from wikikg.dump.xml import DumpReader
from wikikg.errors import ConfigError
from wikikg.fetch.catalog import Checksum, DumpFile, DumpRun, parse_checksums, parse_dumpstatus
from wikikg.fetch.export import ExportWriter, Revision, base36_sha1
from wikikg.fetch.progress import LogProgress, byte_progress
from wikikg.fetch.sqldump import write_langlinks


def test_the_langlinks_table_written_is_read_back_by_wikikg_and_matches_the_real_one(shared: Path, tmp_path: Path) -> None:
    real = gzip.decompress((shared / "sql/enwiki-Berlin-langlinks.sql.gz").read_bytes()).decode("utf-8")
    rows = list(langlink_rows(real))
    tricky = [(3354, "fr", "Guerre d'Afghanistan (1979-1989)"), (7, "de", 'Back\\slash "quoted"'), (7, "ja", "改行\nなし")]
    path = tmp_path / "enwiki-20250101-langlinks.sql.gz"
    assert write_langlinks(path, rows + tricky, dbname="enwiki") == len(rows) + 3
    assert sorted((r.from_id, r.lang, r.title) for r in sql.langlinks(path)) == sorted(rows + tricky)
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    # The same statements as the real dump: its CREATE TABLE, one extended INSERT.
    create = re.search(r"CREATE TABLE `langlinks` \(.*?\) ENGINE=InnoDB DEFAULT CHARSET=binary;", real, re.S)
    assert create is not None and create.group(0) in text
    assert text.count("INSERT INTO `langlinks` VALUES ") == 1
    assert "(3354,'fr','Guerre d\\'Afghanistan (1979-1989)')" in text
    assert not list(tmp_path.glob("*.part"))


def test_long_tables_are_split_into_inserts_under_a_megabyte(tmp_path: Path) -> None:
    rows = [(i, "de", f"Seite {i} " + "x" * 200) for i in range(20_000)]
    path = tmp_path / "dewiki-20250101-langlinks.sql.gz"
    write_langlinks(path, rows, dbname="dewiki")
    lines = [line for line in gzip.decompress(path.read_bytes()).decode().splitlines() if line.startswith("INSERT")]
    assert len(lines) > 3 and max(map(len, lines)) < 1_100_000
    assert sum(1 for _ in sql.langlinks(path)) == 20_000


def test_the_export_writer_gives_mediawikis_own_sha1_and_byte_counts(dumps: Path, tmp_path: Path) -> None:
    siteinfo_dump = dumps / "multi/aawiki-2026-meta-current.xml.bz2"  # schema 0.11, MediaWiki 1.46
    _, pages = read_dump(siteinfo_dump)
    with DumpReader(siteinfo_dump) as reader:
        site = reader.siteinfo
    out = tmp_path / "aawiki-20260101-export.xml.bz2"
    with ExportWriter(out, site) as writer:
        for p in pages[:60]:
            writer.write(Revision(Page(p.title, p.ns, p.pageid, p.revid, p.timestamp, p.text, p.redirect, p.model,
                                       p.format, p.parentid)))
    root = etree.fromstring(bz2.decompress(out.read_bytes()))
    ns = "{http://www.mediawiki.org/xml/export-0.11/}"
    written = list(root.iter(f"{ns}page"))
    assert len(written) == 60
    source_root = etree.fromstring(bz2.decompress(siteinfo_dump.read_bytes()))
    source_ns = [(n.get("key"), n.get("case"), n.text) for n in source_root.iter(f"{ns}namespace")]
    assert [(n.get("key"), n.get("case"), n.text) for n in root.iter(f"{ns}namespace")] == source_ns
    for page, source in zip(written, pages, strict=False):
        text = page.find(f"{ns}revision/{ns}text")
        assert page.findtext(f"{ns}revision/{ns}sha1") == text.get("sha1") == source.sha1  # MediaWiki's value
        assert (text.text or "") == source.text
        assert int(text.get("bytes")) == len(source.text.encode("utf-8"))
    assert any(not p.text for p in pages[:60])  # the empty page ("Main Page", bytes="0") is among them


def test_base36_sha1_of_a_real_revision() -> None:
    assert base36_sha1("") == "phoiac9h4m842xq45sp7s6u21eteeq1"  # aawiki's blanked Main Page, revision 3988


def test_an_aborted_export_leaves_nothing(tmp_path: Path) -> None:
    from wikikg.dump.namespaces import default_siteinfo

    with pytest.raises(RuntimeError), ExportWriter(tmp_path / "x-export.xml.bz2", default_siteinfo("en")) as writer:
        writer.write(Revision(Page("A", 0, 1, 1, "2020-01-01T00:00:00Z", "text")))
        raise RuntimeError("cut")
    assert list(tmp_path.iterdir()) == []


def _run(files: dict[str, DumpFile]) -> DumpRun:
    return DumpRun("enwiki", "20240101", "https://dumps.example/enwiki/20240101/", files)


def test_the_catalogue_picks_whole_files_in_the_best_compression() -> None:
    sha = Checksum("sha1", "0" * 40)
    names = [
        "enwiki-20240101-pages-meta-history.xml.7z",
        "enwiki-20240101-pages-meta-history.xml.bz2",
        "enwiki-20240101-pages-articles-multistream.xml.bz2",
        "enwiki-20240101-pages-articles-multistream-index.txt.bz2",
        "enwiki-20240101-pages-articles-multistream1.xml-p1p41242.bz2",
        "enwiki-20240101-pages-articles-multistream-index1.txt-p1p41242.bz2",
        "enwiki-20240101-langlinks.sql.gz",
    ]
    run = _run({n: DumpFile(n, "u/" + n, sha) for n in names})
    assert run.kinds() == ["langlinks", "pages-articles-multistream", "pages-articles-multistream-index",
                           "pages-meta-history"]
    assert [f.name for f in run.select(["pages-meta-history", "pages-articles-multistream"])] == [
        "enwiki-20240101-pages-meta-history.xml.bz2",
        "enwiki-20240101-pages-articles-multistream.xml.bz2",
        "enwiki-20240101-pages-articles-multistream-index.txt.bz2",
    ]
    with pytest.raises(ConfigError, match="has no categorylinks; it offers: langlinks, "):
        run.select(["categorylinks"])


def test_checksum_files_and_dumpstatus_in_their_published_form() -> None:
    # sha1sum's output as the dumps publish it, and a dumpstatus.json job in the status API's
    # version 0.8 shape (written here by hand: no real one is in ../shared/data).
    sums = parse_checksums(
        "4ad1d7fb0b3a8bfba9e5ba1a3b5e8e1e0b2c1f8a  enwiki-20240101-langlinks.sql.gz\nnot a line\n", "sha1"
    )
    assert sums == {"enwiki-20240101-langlinks.sql.gz": Checksum("sha1", "4ad1d7fb0b3a8bfba9e5ba1a3b5e8e1e0b2c1f8a")}
    status = parse_dumpstatus({
        "jobs": {
            "langlinkstable": {"status": "done", "updated": "2024-01-02 08:12:31", "files": {
                "enwiki-20240101-langlinks.sql.gz": {"size": 431431119, "url": "/enwiki/20240101/enwiki-20240101-langlinks.sql.gz",
                                                     "md5": "d41d8cd98f00b204e9800998ecf8427e",
                                                     "sha1": "4AD1D7FB0B3A8BFBA9E5BA1A3B5E8E1E0B2C1F8A"}}},
            "articlesmultistreamdump": {"status": "in-progress", "updated": "2024-01-03 01:00:00", "files": {
                "enwiki-20240101-pages-articles-multistream.xml.bz2": {"size": 0}}},
        },
        "version": "0.8",
    })
    assert status["enwiki-20240101-langlinks.sql.gz"] == (
        "done", 431431119, Checksum("sha1", "4ad1d7fb0b3a8bfba9e5ba1a3b5e8e1e0b2c1f8a")
    )
    assert status["enwiki-20240101-pages-articles-multistream.xml.bz2"] == ("in-progress", 0, None)


def test_progress_lines_come_at_each_tenth(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.progress")
    caplog.set_level(logging.INFO, logger="test.progress")
    progress = LogProgress("file.bz2", 1000, 250, logger=logger)
    for _ in range(75):
        progress.update(10)
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0] == "file.bz2: resuming at 250 B"
    assert [m.split(": ")[1].split(" ")[0] for m in messages[1:]] == ["30%", "40%", "50%", "60%", "70%", "80%", "90%", "100%"]


def test_a_terminal_gets_a_tqdm_bar(capsys: pytest.CaptureFixture[str]) -> None:
    bar = byte_progress("enwiki-20240101-langlinks.sql.gz", 4 * 2**20, 2**20, tty=True)
    bar.update(3 * 2**20)
    bar.close()
    err = capsys.readouterr().err
    assert "enwiki-20240101-langlinks.sql.gz: 100%" in err and "4.00M/4.00M" in err


def test_a_redirect_met_outside_redirects_1_takes_its_target_from_its_text(tmp_path: Path) -> None:
    """A hand-written API record (formatversion=2) imitating a dewiki redirect: a live wiki can turn a
    page into a redirect between two requests, which no dump in ../shared/data can show."""
    from wikikg.dump.namespaces import default_siteinfo
    from wikikg.fetch.topic import _Edition

    record = {
        "pageid": 1001, "ns": 0, "title": "Berlin (Stadt)", "redirect": True,
        "revisions": [{"revid": 5, "parentid": 0, "timestamp": "2021-01-01T00:00:00Z", "user": "X", "userid": 1,
                       "slots": {"main": {"contentmodel": "wikitext", "contentformat": "text/x-wiki",
                                          "content": "#WEITERLEITUNG [[Berlin#Geschichte]]\n{{Weiterleitungshinweis}}"}}}],
    }
    path = tmp_path / "dewiki-20250101-export.xml.bz2"
    with ExportWriter(path, default_siteinfo("de")) as writer:
        edition = _Edition(api=None, lang="de", site=default_siteinfo("de"), writer=writer)  # type: ignore[arg-type]
        assert edition.write(record) and not edition.write(record)  # once only
    with DumpReader(path) as reader:
        (page,) = list(reader)
    assert (page.title, page.redirect, edition.redirects_written, edition.articles) == ("Berlin (Stadt)", "Berlin", 1, [])
