"""Fixtures for the multilingual tests: the minidumps extracted once, the langlinks rows read raw.

DBpedia's minidumps hold the article "Berlin" in ~120 editions, each file carrying an enwiki
``<siteinfo>`` (the language comes from the file name); ``sql/enwiki-Berlin-langlinks.sql.gz`` is
enwiki's ``langlinks`` table for Berlin (page id 3354), one row per edition.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from wikikg.cli import main

EXTRACTORS = "labels,page-ids,interlanguage-links,abstracts"

# One row of MySQL's INSERT syntax for langlinks: (ll_from, 'll_lang', 'll_title').
_ROW = re.compile(r"\((\d+),'((?:[^'\\]|\\.)*)','((?:[^'\\]|\\.)*)'\)")


@dataclass(frozen=True)
class LangLinkRow:
    page_id: int
    lang: str
    title: str


def read_langlinks_raw(path: Path) -> list[LangLinkRow]:
    """The rows of a langlinks dump, read with a regex over the decompressed SQL (no wikikg code)."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    rows = []
    for stmt in re.findall(r"^INSERT INTO `langlinks` VALUES (.*);$", text, re.M):
        for m in _ROW.finditer(stmt):
            rows.append(LangLinkRow(int(m.group(1)), m.group(2), re.sub(r"\\(.)", r"\1", m.group(3))))
    return rows


@pytest.fixture(scope="session")
def berlin_langlinks(shared: Path) -> Path:
    return shared / "sql/enwiki-Berlin-langlinks.sql.gz"


@pytest.fixture(scope="session")
def berlin_rows(berlin_langlinks: Path) -> list[LangLinkRow]:
    return read_langlinks_raw(berlin_langlinks)


@pytest.fixture(scope="session")
def minidumps(dumps: Path) -> list[Path]:
    return sorted((dumps / "minidumps").glob("*wiki.xml.bz2"))


@pytest.fixture(scope="session")
def minidumps_out(tmp_path_factory: pytest.TempPathFactory, minidumps: list[Path], berlin_langlinks: Path) -> Path:
    """Every minidump extracted in one run with enwiki's langlinks for Berlin (canonical: en)."""
    out = tmp_path_factory.mktemp("minidumps")
    args = ["extract", *map(str, minidumps), "-o", str(out), "--extractors", EXTRACTORS,
            "--langlinks", str(berlin_langlinks), "--no-progress"]
    assert main(args) == 0
    return out


@pytest.fixture(scope="session")
def berlin_store(tmp_path_factory: pytest.TempPathFactory, minidumps_out: Path) -> Path:
    """The minidumps' extraction loaded with ``wikikg load``'s default view (the canonical one)."""
    store = tmp_path_factory.mktemp("store") / "kg"
    assert main(["load", str(minidumps_out), "-s", str(store)]) == 0
    return store
