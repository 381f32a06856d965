"""The langlinks join: page ids from a ``page`` table, the ``--canonical`` option, user mistakes."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from tests.helpers import read_nt, triples
from tests.multilang.conftest import read_langlinks_raw

from wikikg.cli import main

ILL = "http://dbpedia.org/ontology/wikiPageInterLanguageLink"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CR = "http://cr.dbpedia.org/resource/"

# Hand-written: imitates crwiki's langlinks table dump (the layout of Wikimedia's dumps, as in
# sql/enwiki-Berlin-langlinks.sql.gz).  The page ids are real pages of crwiki-20160111-page.sql.gz
# (ᐊᒥᔅᒄ "beaver", ᒨᔅ "moose", a category, a template, a user page); the English titles are
# their translations, written by hand; 99999 is an id the page table does not have.
CR_LANGLINKS = """-- MySQL dump 10.13
--
-- Table structure for table `langlinks`
--

DROP TABLE IF EXISTS `langlinks`;
CREATE TABLE `langlinks` (
  `ll_from` int(8) unsigned NOT NULL DEFAULT '0',
  `ll_lang` varbinary(20) NOT NULL DEFAULT '',
  `ll_title` varbinary(255) NOT NULL DEFAULT '',
  UNIQUE KEY `ll_from` (`ll_from`,`ll_lang`)
) ENGINE=InnoDB DEFAULT CHARSET=binary;

INSERT INTO `langlinks` VALUES (918,'en','User:Richie'),(1634,'en','Template:Delete'),\
(1841,'en','Category:Candidates for speedy deletion'),(1912,'en','Beaver'),(1912,'fr','Castor (animal)'),\
(1915,'en','Moose'),(99999,'en','Nowhere');
"""


def page_titles(page_table: Path) -> dict[int, tuple[int, str]]:
    """Page id → (namespace, title) of a page table dump, read with a regex (no wikikg code)."""
    text = gzip.decompress(page_table.read_bytes()).decode("utf-8")
    return {int(m.group(1)): (int(m.group(2)), m.group(3))
            for m in re.finditer(r"\((\d+),(-?\d+),'((?:[^'\\]|\\.)*)'", text)}


@pytest.fixture(scope="module")
def cr_folder(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    folder = tmp_path_factory.mktemp("crwiki")
    (folder / "crwiki-20160111-page.sql.gz").symlink_to(shared / "sql/crwiki-20160111-page.sql.gz")
    (folder / "crwiki-20160111-langlinks.sql.gz").write_bytes(gzip.compress(CR_LANGLINKS.encode("utf-8")))
    return folder


@pytest.fixture(scope="module")
def cr_out(tmp_path_factory: pytest.TempPathFactory, cr_folder: Path, dumps: Path) -> Path:
    """enwiki's 3-page dump extracted with crwiki's langlinks (crwiki itself is not extracted)."""
    out = tmp_path_factory.mktemp("cr-out")
    assert main(["extract", str(dumps / "en/enwiki-3pages.xml.bz2"), "-o", str(out), "--extractors", "labels",
                 "--langlinks", str(cr_folder / "crwiki-20160111-langlinks.sql.gz"), "--no-progress"]) == 0
    return out


def test_page_ids_come_from_the_page_table_beside_the_langlinks(cr_out: Path, cr_folder: Path) -> None:
    titles = page_titles(cr_folder / "crwiki-20160111-page.sql.gz")
    prefix = {0: "", 10: "Template:", 14: "Category:"}  # crwiki keeps MediaWiki's English names
    expected = set()
    for row in read_langlinks_raw(cr_folder / "crwiki-20160111-langlinks.sql.gz"):
        if row.page_id not in titles or titles[row.page_id][0] not in prefix:
            continue  # an unknown page, a user page
        ns, title = titles[row.page_id]
        base = "http://dbpedia.org/resource/" if row.lang == "en" else f"http://{row.lang}.dbpedia.org/resource/"
        expected.add((CR + prefix[ns] + title, ILL, f"<{base}{row.title.replace(' ', '_')}>"))
    assert len(expected) == 5
    assert triples(cr_out / "interlanguage-links_lang=cr.nt.gz") == expected


def test_same_as_reaches_the_extracted_edition_only(cr_out: Path) -> None:
    back = triples(cr_out / "interlanguage-links_lang=en_sameas.nt.gz")
    assert ("http://dbpedia.org/resource/Beaver", SAME_AS, f"<{CR}ᐊᒥᔅᒄ>") in back
    assert len(back) == 4
    assert not (cr_out / "interlanguage-links_lang=fr_sameas.nt.gz").exists()  # fr was not extracted


def test_without_page_ids_the_table_is_skipped_with_a_warning(tmp_path: Path, cr_folder: Path, dumps: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    lonely = tmp_path / "crwiki-20160111-langlinks.sql.gz"
    lonely.write_bytes((cr_folder / "crwiki-20160111-langlinks.sql.gz").read_bytes())  # no page table beside
    out = tmp_path / "out"
    assert main(["extract", str(dumps / "en/enwiki-3pages.xml.bz2"), "-o", str(out), "--extractors", "labels",
                 "--langlinks", str(lonely), "--no-progress"]) == 0
    assert not (out / "interlanguage-links_lang=cr.nt.gz").exists()
    assert any("no page ids of edition 'cr'" in r.getMessage() for r in caplog.records)


def test_another_canonical_edition(tmp_path: Path, dumps: Path, shared: Path) -> None:
    """``--canonical de``: English moves onto German IRIs through its own link; French has no link
    to German in enwiki's table (links are not chained through English), so it keeps nothing."""
    mini = dumps / "minidumps"
    out = tmp_path / "out"
    assert main(["extract", str(mini / "enwiki.xml.bz2"), str(mini / "dewiki.xml.bz2"), str(mini / "frwiki.xml.bz2"),
                 "-o", str(out), "--extractors", "labels,page-ids", "--canonical", "de",
                 "--langlinks", str(shared / "sql/enwiki-Berlin-langlinks.sql.gz"), "--no-progress"]) == 0
    assert triples(out / "labels_lang=en_canonicalized.nt.gz") == {
        ("http://de.dbpedia.org/resource/Berlin", LABEL, '"Berlin"@en')}
    assert triples(out / "labels_lang=fr_canonicalized.nt.gz") == set()
    assert not (out / "labels_lang=de_canonicalized.nt.gz").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--langlinks", "/nonexistent/enwiki-20240101-langlinks.sql.gz"], "no such file"),
    (["--langlinks", "{tmp}/links.sql.gz"], "cannot tell which edition"),
    (["--canonical", "klingon"], "--canonical 'klingon' is not"),
    (["--langlinks", "{tmp}/crwiki-20160111-page.sql.gz"], "holds no rows of a `langlinks` table"),
    (["--langlinks", "{tmp}/enwiki-20240101-langlinks.sql.gz"], "is not a MediaWiki SQL table dump"),
])
def test_mistakes_are_one_clear_line(tmp_path: Path, dumps: Path, shared: Path, capsys: pytest.CaptureFixture[str],
                                     args: list[str], message: str) -> None:
    (tmp_path / "links.sql.gz").write_bytes(gzip.compress(CR_LANGLINKS.encode("utf-8")))
    (tmp_path / "crwiki-20160111-page.sql.gz").symlink_to(shared / "sql/crwiki-20160111-page.sql.gz")
    (tmp_path / "enwiki-20240101-langlinks.sql.gz").symlink_to(dumps / "minidumps/enwiki.xml.bz2")  # XML
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    status = main(["extract", str(dumps / "en/enwiki-3pages.xml.bz2"), "-o", str(tmp_path / "out"),
                   "--extractors", "labels,interlanguage-links", *args, "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert err and message in err[-1], err


# Hand-written: imitates dewiki's langlinks table for its article Berlin (page id 2552494 in the
# dewiki minidump), stating two of the links enwiki's table states from the other side.
DE_LANGLINKS = """CREATE TABLE `langlinks` (
  `ll_from` int(8) unsigned NOT NULL DEFAULT 0,
  `ll_lang` varbinary(35) NOT NULL DEFAULT '',
  `ll_title` varbinary(255) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=binary;
INSERT INTO `langlinks` VALUES (2552494,'en','Berlin'),(2552494,'fr','Berlin');
"""


def test_a_link_stated_by_both_sides_is_written_once_each_way(tmp_path: Path, dumps: Path, shared: Path) -> None:
    de_table = tmp_path / "dewiki-20240101-langlinks.sql.gz"
    de_table.write_bytes(gzip.compress(DE_LANGLINKS.encode("utf-8")))
    mini = dumps / "minidumps"
    out = tmp_path / "out"
    assert main(["extract", *(str(mini / f"{e}wiki.xml.bz2") for e in ("en", "de", "fr")), "-o", str(out),
                 "--extractors", "labels,page-ids", "--langlinks", str(shared / "sql/enwiki-Berlin-langlinks.sql.gz"),
                 "--langlinks", str(de_table), "--no-progress"]) == 0
    en, de, fr = ("http://dbpedia.org/resource/Berlin", "http://de.dbpedia.org/resource/Berlin",
                  "http://fr.dbpedia.org/resource/Berlin")
    assert triples(out / "interlanguage-links_lang=de.nt.gz") == {(de, ILL, f"<{en}>"), (de, ILL, f"<{fr}>")}
    assert triples(out / "interlanguage-links_lang=de_sameas.nt.gz") == {(de, SAME_AS, f"<{en}>"),
                                                                        (de, SAME_AS, f"<{fr}>")}
    assert triples(out / "interlanguage-links_lang=fr_sameas.nt.gz") == {(fr, SAME_AS, f"<{en}>"),
                                                                        (fr, SAME_AS, f"<{de}>")}
    en_same = read_nt(out / "interlanguage-links_lang=en_sameas.nt.gz")
    assert len(en_same) == len(set(en_same)) == 119
    assert sum(1 for ln in read_nt(out / "interlanguage-links_lang=de_sameas.nt.gz") if en in ln) == 1
    assert triples(out / "labels_lang=de_canonicalized.nt.gz") == {(en, LABEL, '"Berlin"@de')}
