"""Several editions in one run: each dump's language is given, else its file name's, else <siteinfo>'s.

DBpedia's minidumps carry enwiki's ``<siteinfo>`` in every language, so they show the case where
the file name and the siteinfo disagree: the file name wins, with a warning.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from tests.helpers import raw_dump_text, triples

from wikikg.cli import main

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def run(*args: str) -> int:
    return main(["extract", *args, "--extractors", "labels", "--no-progress"])


def test_every_edition_is_written_side_by_side(minidumps_out: Path, minidumps: list[Path]) -> None:
    editions = {p.name.removesuffix("wiki.xml.bz2") for p in minidumps}
    m = json.loads((minidumps_out / "manifest.json").read_text())
    assert set(m["languages"]) == editions
    assert {i["lang"] for i in m["inputs"]} == editions
    assert {p.name for p in minidumps_out.glob("labels_lang=*.nt.gz") if "_canonicalized" not in p.name} == {
        f"labels_lang={e}.nt.gz" for e in editions}


def test_the_file_name_beats_the_siteinfo_with_a_warning(tmp_path: Path, dumps: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    dump = dumps / "minidumps/dewiki.xml.bz2"
    assert "<dbname>enwiki</dbname>" in raw_dump_text(dump)  # the quirk: an English header
    with caplog.at_level(logging.WARNING, logger="wikikg"):
        assert run(str(dump), "-o", str(tmp_path)) == 0
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert m["languages"] == ["de"]
    assert ("http://de.dbpedia.org/resource/Berlin", LABEL, '"Berlin"@de') in triples(tmp_path / "labels_lang=de.nt.gz")
    warned = [w for w in m["inputs"][0]["warnings"] if "enwiki" in w and "de" in w]
    assert warned, "the manifest must say that <siteinfo> names another wiki"
    assert any("enwiki" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING), \
        "the user must be warned on the console too"


def test_a_given_language_per_dump_wins(tmp_path: Path, dumps: Path) -> None:
    a, b = tmp_path / "a.xml.bz2", tmp_path / "b.xml.bz2"  # names that say nothing
    a.symlink_to(dumps / "minidumps/jawiki.xml.bz2")
    b.symlink_to(dumps / "minidumps/elwiki.xml.bz2")
    out = tmp_path / "out"
    assert run(str(a), str(b), "-o", str(out), "--lang", "ja,el") == 0
    assert {o for _, _, o in triples(out / "labels_lang=ja.nt.gz")} == {'"ベルリン"@ja'}
    assert {o for _, _, o in triples(out / "labels_lang=el.nt.gz")} == {'"Βερολίνο"@el'}


def test_the_siteinfo_decides_when_the_file_name_says_nothing(tmp_path: Path, dumps: Path) -> None:
    dump = tmp_path / "dump.xml.bz2"
    dump.symlink_to(dumps / "multi/aawiki-2026-meta-current.xml.bz2")
    assert "<dbname>aawiki</dbname>" in raw_dump_text(dump)
    assert run(str(dump), "-o", str(tmp_path / "out")) == 0
    m = json.loads((tmp_path / "out/manifest.json").read_text())
    assert m["languages"] == ["aa"]
    assert not m["inputs"][0]["warnings"]


def test_a_wrong_number_of_languages_is_one_clear_line(tmp_path: Path, dumps: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    de, fr = dumps / "minidumps/dewiki.xml.bz2", dumps / "minidumps/frwiki.xml.bz2"
    assert run(str(de), str(fr), "-o", str(tmp_path), "--lang", "de,fr,it") == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--lang names 3 languages for 2 dumps" in err
