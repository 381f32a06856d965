"""Fixtures for the Spark engine's tests: one local Spark session, real multistream dumps, outputs.

Spark starts a JVM, which takes seconds: every test of this folder shares ONE session
(``local[2,4]``: two cores, and — the second number — up to four attempts per task, since local
mode ignores ``spark.task.maxFailures``).
"""

from __future__ import annotations

import bz2
import gzip
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Multistream, build_multistream, read_nt
from wikikg.pipeline.run import extract as local_extract
from wikikg.spark.session import get_session

MASTER = "local[2,4]"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = get_session(MASTER, app_name="wikikg tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def options(shared: Path) -> dict[str, Any]:
    """Run options for both engines: DBpedia's mappings from the shared data (no download)."""
    return {"mappings_dir": str(shared / "dbpedia"), "canonical": "en"}


@pytest.fixture(scope="session")
def battles_multistream(dumps: Path, tmp_path_factory: pytest.TempPathFactory) -> Multistream:
    folder = tmp_path_factory.mktemp("multistream")
    return build_multistream(dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2", folder,
                             "enwiki-20200101-pages-articles")


@pytest.fixture(scope="session")
def local_run(tmp_path_factory: pytest.TempPathFactory, options: dict[str, Any]) -> Any:
    """Extract with the local engine (one process), once per set of inputs: the reference output."""
    done: dict[tuple[str, ...], Path] = {}

    def run(*inputs: Path, lang: str | None = None) -> Path:
        key = (*map(str, inputs), lang or "")
        if key not in done:
            out = tmp_path_factory.mktemp("local")
            local_extract(list(inputs), out, jobs=1, lang=lang, options=options)
            done[key] = out
        return done[key]

    return run


def dataset_lines(out: Path) -> dict[str, Counter[str]]:
    """Every dataset file of an extraction: its decompressed lines, counted."""
    return {f.name: Counter(read_nt(f)) for f in sorted(out.glob("*.nt*"))}


def assert_same_output(spark_out: Path, local_out: Path) -> int:
    """The same files, each with the same set of triples and no triple more often than the other's."""
    ours, theirs = dataset_lines(spark_out), dataset_lines(local_out)
    assert sorted(ours) == sorted(theirs)
    for name in theirs:
        missing = set(theirs[name]) - set(ours[name])
        extra = set(ours[name]) - set(theirs[name])
        assert not missing and not extra, (name, sorted(missing)[:3], sorted(extra)[:3])
        assert ours[name] == theirs[name], (name, "duplicated lines differ")
    return sum(sum(c.values()) for c in theirs.values())


def raw_xml(path: Path) -> bytes:
    data = path.read_bytes()
    return bz2.decompress(data) if data[:3] == b"BZh" else gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
