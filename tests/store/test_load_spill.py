"""``wikikg load`` under a tiny memory budget and on a full disk.

The Lookup index's whole-input steps (redirect targets, names, refCounts, rank order) are
SQLite tables, joins, ``GROUP BY`` and ``ORDER BY``: SQLite's sorter keeps at most
max(cache_size × page size, 250 pages) ≈ 1 MB in memory and writes sorted runs to temporary
files beyond that, merging them afterwards (``vdbesort.c``).  With ``cache_kib=16`` every sort
of the test graph (about 80,000 links of ~100 bytes) takes that spill-and-merge path, in the
``tmp_dir`` given, and the index must come out the same.
"""

from __future__ import annotations

import gzip
import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.store.graph import Graph
from tests.store.test_lookup_stream import _diff, index_rows, oracle
from wikikg.errors import InputError, StoreError
from wikikg.store import load
from wikikg.store.files import DatasetFile, discover
from wikikg.store.layout import StoreDir
from wikikg.store.loader import bulk_load
from wikikg.store.manifest import StoreManifest

pytestmark = pytest.mark.slow  # loads with a tiny budget and a full disk: the whole suite runs it, `make quick` does not


def _current(store: Path) -> tuple[Path, Path, StoreManifest]:
    gen = StoreDir(store).current()
    assert gen is not None
    return gen.oxigraph, gen.lookup, StoreManifest.read(gen.manifest)


def test_a_tiny_memory_budget_spills_and_builds_the_same_index(graph: Graph, tmp_path: Path) -> None:
    outs = [graph.outs["battles"], graph.outs["sample"]]
    links = 0
    for out in outs:
        with gzip.open(out / "wikilinks_lang=en.nt.gz") as fh:
            links += len(fh.read())
    assert links > 4 * 1024 * 1024  # the links alone are several times what the sorter may hold (1 MB)
    spill = tmp_path / "spill"
    spill.mkdir()
    said: list[str] = []
    load(outs, tmp_path / "tiny", tmp_dir=spill, cache_kib=16, bar=False, progress=said.append)
    load(outs, tmp_path / "roomy", bar=False, progress=lambda _: None)
    rdf, tiny, manifest = _current(tmp_path / "tiny")
    _, roomy, _ = _current(tmp_path / "roomy")
    assert index_rows(tiny) == index_rows(roomy)
    files = [f for loaded in manifest.files if (f := DatasetFile.parse(Path(loaded.source))) is not None]
    _diff(oracle(ox.Store.read_only(str(rdf)), files, "en"), index_rows(tiny))
    assert list(spill.iterdir()) == []  # the staging tables and runs are gone
    # every phase said what it did, with counts and rates
    # every dataset file the two manifests list with triples is loaded (datasets with none have no file)
    listed = sum(1 for out in outs
                 for entry in json.loads((out / "manifest.json").read_text())["datasets"].values()
                 if entry["triples"])
    loading = f"loading {listed} dataset files: "
    for phase in (loading, "Lookup index: reading wikilinks_lang=en.nt.gz: ",
                  "Lookup index: writing resources: ", "writing the store's files: done"):
        assert any(line.startswith(phase) for line in said), (phase, said)
    assert any(line.startswith(loading) and "triples (" in line and "/s" in line for line in said)


def test_a_tmp_dir_that_is_not_a_folder_is_one_line(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"nowhere: not a folder \(for the Lookup index's temporary files\)"):
        load([graph.outs["sample"]], tmp_path / "s", tmp_dir=tmp_path / "nowhere", progress=lambda _: None)
    assert StoreDir(tmp_path / "s").generations() == []


def _limited(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def _load_limited(out: Path, store: Path, tmp: Path, size: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "wikikg", "load", str(out), "-s", str(store), "--tmp-dir", str(tmp),
               "--no-progress", "--lookup-memory-mb", "1"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: _limited(size))


@pytest.mark.parametrize("size", [64 * 1024, 1024 * 1024])
def test_a_full_disk_is_one_line_and_leaves_nothing_that_looks_complete(graph: Graph, tmp_path: Path,
                                                                       size: int) -> None:
    """No file may grow past ``size`` bytes (``RLIMIT_FSIZE``): as a full disk, the store's
    table files or the Lookup index's staging file cannot be written."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    store = tmp_path / "store"
    # a served store first: a failed reload must leave it as it was
    load([graph.outs["slice"]], store, progress=lambda _: None)
    before = json.loads((store / "CURRENT").read_text())
    proc = _load_limited(graph.outs["battles"], store, tmp, size)
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if not line[:2].isdigit()]  # not the log lines
    assert len(errors) == 1 and errors[0].startswith("wikikg: ") and "Traceback" not in proc.stderr, proc.stderr
    assert "cannot" in errors[0] and ("File too large" in errors[0] or "full" in errors[0]), errors[0]
    assert json.loads((store / "CURRENT").read_text()) == before
    assert [g.name for g in StoreDir(store).generations()] == [before["generation"]]
    assert list(tmp.iterdir()) == []
    # a first load into an empty store: nothing is left that looks like a store's content
    empty = tmp_path / "empty"
    proc = _load_limited(graph.outs["battles"], empty, tmp, size)
    assert proc.returncode == 2
    assert not (empty / "CURRENT").exists() and StoreDir(empty).generations() == []


def test_the_bulk_load_in_parts_of_1000_lines_loads_every_triple_and_locates_errors(graph: Graph,
                                                                                   tmp_path: Path) -> None:
    """Oxigraph's bulk loader holds a call's triples in memory: the stream is cut into calls of
    ``part_lines`` lines, here 1,000, so the cut runs many times, inside files and between them."""
    files = [f for f in discover(graph.outs["sample"]) if f.path.name.startswith(("labels", "wikilinks", "page_"))]
    whole, parts = ox.Store(str(tmp_path / "whole")), ox.Store(str(tmp_path / "parts"))
    expected = bulk_load(whole, files, part_lines=1 << 40, say=lambda _: None, bar=False)
    assert bulk_load(parts, files, part_lines=1000, say=lambda _: None, bar=False) == expected
    assert sum(expected) > 10_000
    assert set(parts) == set(whole)
    # a bad line in the third part of a file, after other files
    bad = tmp_path / "out" / "wikilinks_lang=en.nt"
    bad.parent.mkdir()
    with gzip.open(graph.outs["sample"] / "wikilinks_lang=en.nt.gz", "rb") as fh:
        lines = fh.readlines()[:2600]
    lines[2499] = b"<http://dbpedia.org/resource/A> not a triple .\n"
    bad.write_bytes(b"".join(lines))
    broken = DatasetFile.parse(bad)
    assert broken is not None
    with pytest.raises(InputError, match=r"wikilinks_lang=en\.nt: line 2500: not valid N-Triples"):
        bulk_load(ox.Store(str(tmp_path / "bad")), [*files[:2], broken], part_lines=1000, say=lambda _: None,
                  bar=False)
