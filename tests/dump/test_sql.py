"""SQL table dumps: every file of ../shared/data/sql, rows counted independently with a regex."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from wikikg.dump import sql
from wikikg.errors import DumpFormatError

# One row: "(" then quoted strings (with backslash escapes), NULL or bare numbers, then ")".
_ROW = re.compile(rb"\((?:'(?:[^'\\]|\\.)*'|[^'()])*\)", re.S)


def _expected_rows(path: Path) -> int:
    count = 0
    for line in gzip.decompress(path.read_bytes()).splitlines():
        if line.startswith(b"INSERT INTO"):
            count += len(_ROW.findall(line, line.index(b"VALUES")))
    return count


SQL_FILES = sorted((Path(__file__).resolve().parents[3] / "shared" / "data" / "sql").glob("*.sql.gz"))


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_every_row_is_read(path: Path) -> None:
    rows = list(sql.iter_rows(path))
    assert len(rows) == _expected_rows(path) > 0
    width = {len(r) for r in rows}
    assert len(width) == 1  # every row of a table has its columns


def test_langlinks_berlin(shared: Path) -> None:
    links = list(sql.langlinks(shared / "sql" / "enwiki-Berlin-langlinks.sql.gz"))
    assert len(links) == 119
    assert {link.from_id for link in links} == {3354}
    by_lang = {link.lang: link.title for link in links}
    # read by hand from zcat: (3354,'af','Berlyn'),(3354,'am','በርሊን'),(3354,'ar','برلين')
    assert by_lang["af"] == "Berlyn" and by_lang["am"] == "በርሊን" and by_lang["ar"] == "برلين"
    minidump_langs = {
        p.name.removesuffix("wiki.xml.bz2") for p in (shared / "dumps" / "minidumps").glob("*.xml.bz2")
    }
    assert set(by_lang) <= minidump_langs


def test_records_use_create_table_columns(shared: Path) -> None:
    rec = next(sql.iter_records(shared / "sql" / "crwiki-20160111-redirect.sql.gz"))
    # read by hand: INSERT INTO `redirect` VALUES (1398,0,'ᐃᔨᔨᐤ_ᐊᔨᒧᐎᓐ\'','',''),…
    assert rec == {
        "rd_from": 1398,
        "rd_namespace": 0,
        "rd_title": "ᐃᔨᔨᐤ_ᐊᔨᒧᐎᓐ'",
        "rd_interwiki": "",
        "rd_fragment": "",
    }


def test_old_schema_tables(shared: Path) -> None:
    page = next(sql.pages(shared / "sql" / "mtwiki-20160111-page.sql.gz"))
    # read by hand: (1,0,'Il-Paġna_prinċipali','',0,0,0,0.869985908675,'20151225184815','20160112060939',234421,3130,0,'wikitext')
    assert page == sql.PageRow(1, 0, "Il-Paġna_prinċipali", False, 234421, 3130, "wikitext")
    red = next(sql.redirects(shared / "sql" / "mtwiki-20160111-redirect.sql.gz"))
    assert red == sql.RedirectRow(2, 0, "Utilisateur:Alibaba", "fr", None)
    link = next(sql.pagelinks(shared / "sql" / "mtwiki-20160111-pagelinks.sql.gz"))
    # (17536,0,'\"Fast\"_Eddie_Clarke',0)
    assert link == sql.PageLink(17536, 0, 0, '"Fast"_Eddie_Clarke', None)


def test_new_schema_tables_expose_target_ids(shared: Path) -> None:
    link = next(sql.pagelinks(shared / "sql" / "aawiki-20260101-pagelinks.sql.gz"))
    assert link == sql.PageLink(1426, 0, None, None, 233)  # (1426,0,233)
    cats = list(sql.categorylinks(shared / "sql" / "aawiki-20260101-categorylinks.sql.gz"))
    # (1341,'DIAGRAPH01','2025-02-17 13:31:43','','page',1,208)
    assert cats[0] == sql.CategoryLink(1341, None, 208, "page", "")
    assert cats[1].from_id == 1343 and cats[1].sortkey_prefix == "Sj"
    assert {c.type for c in cats} <= {"page", "subcat", "file"}


def test_escapes_and_broken_lines(tmp_path: Path) -> None:
    """Hand-written, imitating a langlinks dump: MySQL escapes, and one truncated INSERT line."""
    p = tmp_path / "xxwiki-langlinks.sql"
    p.write_bytes(
        b"-- MySQL dump 10.13\n"
        b"INSERT INTO `langlinks` VALUES (1,'de','A\\'s \\\"q\\\" \\\\ \\n'),(2,'fr',NULL);\n"
        b"INSERT INTO `langlinks` VALUES (3,'it','cut\n"
        b"INSERT INTO `langlinks` VALUES (4,'es','ok');\n"
    )
    dump = sql.SqlDump(p)
    rows = [r for _, r in dump.rows()]
    assert rows == [(1, "de", 'A\'s "q" \\ \n'), (2, "fr", None), (4, "es", "ok")]
    assert len(dump.warnings) == 1 and "line 3" in dump.warnings[0]


def test_not_sql(dumps: Path) -> None:
    with pytest.raises(DumpFormatError, match="not a MediaWiki SQL table dump"):
        list(sql.iter_rows(dumps / "en" / "enwiki-Pyrus-history-6revisions.xml"))
