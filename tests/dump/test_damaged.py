"""Damaged input says so (issue 13, F13): a corrupt bz2 block costs that block, not the rest of
the dump, and an SQL table with broken syntax warns with the line and counts what it lost.

The damaged files are real data with one change, made in a temporary folder: the battles dump
with one byte flipped in the middle, the enwiki langlinks table of Berlin with a comma missing.
"""

from __future__ import annotations

import bz2
import gzip
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import build_multistream
from wikikg.dump import sql
from wikikg.dump.xml import DumpReader

pytestmark = pytest.mark.slow  # whole real dumps damaged and read again: the whole suite runs it, `make quick` does not

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
BATTLES = SHARED / "dumps/en/enwiki-2020-battles-546pages.xml.bz2"
LANGLINKS = SHARED / "sql/enwiki-Berlin-langlinks.sql.gz"
MINIDUMP = SHARED / "dumps/minidumps/enwiki.xml.bz2"
_PAGE = re.compile(rb"<page>.*?</page>", re.S)
_TITLE = re.compile(rb"<title>(.*?)</title>")
_TEXT = re.compile(rb"<text[^>]*>(.*?)</text>", re.S)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    data = bytearray(BATTLES.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    path = tmp_path_factory.mktemp("damaged") / "enwiki-battles-damaged.xml.bz2"
    path.write_bytes(bytes(data))
    return path, middle


def original_pages() -> dict[str, bytes]:
    """Title → wikitext of every page of the sound dump, read without wikikg."""
    xml = bz2.decompress(BATTLES.read_bytes())
    pages = {}
    for m in _PAGE.finditer(xml):
        title = _TITLE.search(m.group(0))
        text = _TEXT.search(m.group(0))
        assert title is not None
        pages[title.group(1).decode().replace("&amp;", "&").replace("&quot;", '"').replace("&#039;", "'")] = (
            text.group(1) if text else b"")
    return pages


def test_a_corrupt_bz2_block_costs_only_that_block(damaged: tuple[Path, int]) -> None:
    path, flipped = damaged
    originals = original_pages()
    assert len(originals) == 546  # the data README's count
    with DumpReader(path) as reader:
        pages = list(reader)
        damage = reader.damage
    # reading went on after the damaged block: before, it stopped at page 195
    assert 546 - 40 <= len(pages) < 546
    assert len(damage) == 1 and damage[0].offset <= flipped < damage[0].offset + damage[0].size
    assert damage[0].size < 1_000_000  # one block (at most 900 kB of text, compressed)
    # no page is made of two: each one read is the original page, whole
    for page in pages:
        assert page.text.encode() == _unescape(originals[page.title]), page.title
    assert reader.pages_skipped >= 1  # the page the gap cut
    said = " ".join(reader.warnings)
    assert f"damaged bz2 block at byte {damage[0].offset:,}" in said and "of the file" in said


def _unescape(text: bytes) -> bytes:
    for entity, char in ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&#039;", b"'"), (b"&amp;", b"&")):
        text = text.replace(entity, char)
    return text


def test_the_run_warns_and_the_manifest_records_the_damage(damaged: tuple[Path, int], tmp_path: Path) -> None:
    path, flipped = damaged
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "wikikg", "extract", str(path), "-o", str(out), "--lang", "en",
                        "-e", "labels", "--no-progress"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    last = [ln for ln in r.stderr.splitlines() if "WARNING" in ln][-1]
    assert "is damaged" in last and "of the file) unread" in last
    report = json.loads((out / "manifest.json").read_text())["inputs"][0]
    (d,) = report["damage"]
    assert d["offset"] <= flipped < d["offset"] + d["bytes"] and 0 < d["share"] < 0.3
    assert report["pages_read"] + report["pages_skipped"] < 546 <= report["pages_read"] + 40


@pytest.fixture(scope="module")
def broken_langlinks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    """The table with the comma after its ``de`` row missing: (path, rows before it, all rows)."""
    text = gzip.decompress(LANGLINKS.read_bytes())
    (line,) = [ln for ln in text.split(b"\n") if ln.startswith(b"INSERT")]
    rows = line.count(b"),(") + 1
    cut = line.index(b"(3354,'de',")
    before = line[:cut].count(b"(3354,") + 1  # the rows up to and including the de row
    broken = text.replace(line, line[:cut] + line[cut:].replace(b"),(", b") (", 1))
    path = tmp_path_factory.mktemp("sql") / "enwiki-20240101-langlinks.sql.gz"
    path.write_bytes(gzip.compress(broken))
    return path, before, rows


def test_broken_insert_syntax_warns_with_its_line(broken_langlinks: tuple[Path, int, int],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    path, before, rows = broken_langlinks
    lineno = gzip.decompress(LANGLINKS.read_bytes()).split(b"\n").index(
        next(ln for ln in gzip.decompress(LANGLINKS.read_bytes()).split(b"\n") if ln.startswith(b"INSERT"))) + 1
    with caplog.at_level(logging.WARNING, logger="wikikg"):
        dump = sql.SqlDump(path)
        got = list(dump.rows("langlinks"))
    assert len(got) == before < rows
    assert dump.statements == 1 and dump.statements_skipped == 1 and dump.rows_read == before
    messages = [r.getMessage() for r in caplog.records]
    assert any(f"on line {lineno} is malformed" in m for m in messages), messages
    assert any("1 of 1 INSERT statements could not be read" in m for m in messages)


def test_broken_insert_syntax_is_counted_in_the_manifest(broken_langlinks: tuple[Path, int, int],
                                                         tmp_path: Path) -> None:
    path, before, _ = broken_langlinks
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "wikikg", "extract", str(MINIDUMP), "-o", str(out), "-e", "generic",
                        "--langlinks", str(path), "--no-progress"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "is malformed" in r.stderr
    (d,) = json.loads((out / "manifest.json").read_text())["damage"]
    assert d["file"] == str(path) and d["statements_skipped"] == 1 and d["rows_read"] == before


def test_a_corrupt_stream_of_a_multistream_dump_costs_only_that_stream(tmp_path: Path) -> None:
    """Workers reading byte ranges (``--jobs 2`` with the index): the damaged stream is skipped, the
    next streams of its range are read, and the pages lost are counted from the index."""
    ms = build_multistream(BATTLES, tmp_path, "enwiki-20200101-pages-articles")
    data = bytearray(ms.dump.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    ms.dump.write_bytes(bytes(data))
    offsets = [int(line.split(":", 1)[0]) for line in bz2.decompress(ms.index.read_bytes()).decode().splitlines()]
    hit = max(o for o in set(offsets) if o <= middle)  # the stream the flipped byte is in
    in_it = offsets.count(hit)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "wikikg", "extract", str(ms.dump), "-o", str(out), "-e", "labels",
                        "--jobs", "2", "--no-progress"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"damaged bz2 stream at byte {hit:,} of the file" in r.stderr
    report = json.loads((out / "manifest.json").read_text())["inputs"][0]
    assert report["pages_read"] + report["pages_skipped"] == ms.pages == 546
    assert 1 <= report["pages_skipped"] <= in_it  # at most the pages of that one stream
