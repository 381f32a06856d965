"""``wikikg load`` reads exactly what an extraction's ``manifest.json`` lists, checked against it
(issue 13, F6).  Real extractions of a real dump; expected triples read from the files with
pyoxigraph's own parser."""

from __future__ import annotations

import bz2
import gzip
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.store.graph import Graph
from wikikg.cli import main
from wikikg.pipeline.run import extract
from wikikg.store import load, open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SMALL = SHARED / "dumps/en/enwiki-3pages.xml.bz2"
MAPPINGS = {"mappings_dir": str(SHARED / "dbpedia")}


def triples_of(folder: Path, names: list[str]) -> set[str]:
    found: set[str] = set()
    for name in names:
        opener = gzip.open if name.endswith(".gz") else bz2.open
        memory = ox.Store()
        with opener(folder / name, "rb") as fh:
            memory.load(fh.read(), ox.RdfFormat.N_TRIPLES)
        found.update(str(q.triple) for q in memory)
    return found


def listed(folder: Path) -> list[str]:
    """The dataset files the manifest lists (a dataset with no triple is listed with no file)."""
    datasets = json.loads((folder / "manifest.json").read_text())["datasets"]
    return sorted(name for name, entry in datasets.items() if entry["triples"])


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("full") / "out"
    extract([SMALL], out, options=MAPPINGS, progress=False)
    return out


def test_files_the_manifest_does_not_list_are_not_loaded(full: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(full, out)
    # what a killed run, or another tool, might leave: a dataset file of another edition
    (out / "labels_lang=fr.nt.gz").write_bytes(gzip.compress(
        b'<http://fr.dbpedia.org/resource/X> <http://www.w3.org/2000/01/rdf-schema#label> "X"@fr .\n'))
    report = load([out], tmp_path / "store")
    names = listed(out)
    assert sorted(f.name for f in report.loaded) == names
    assert report.triples == len(triples_of(out, names))
    store = open_store(tmp_path / "store")
    assert not list(store.rdf.quads_for_pattern(ox.NamedNode("http://fr.dbpedia.org/resource/X"), None, None))


def test_a_run_with_fewer_extractors_leaves_no_stale_file(full: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(full, out)
    before = {p.name for p in out.glob("*.nt.gz")}
    extract([SMALL], out, extractors=["generic"], options=MAPPINGS, progress=False)
    after = {p.name for p in out.glob("*.nt*")}
    assert after == set(listed(out)) < before  # e.g. the mappings' files are gone
    assert "mappingbased-objects_lang=en.nt.gz" in before - after


def test_a_gz_run_replaced_by_a_bz2_run_loads_the_new_data(full: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(full, out)
    store = tmp_path / "store"
    load([out], store)
    extract([SMALL], out, extractors=["generic"], compress="bz2", options=MAPPINGS, progress=False)
    names = listed(out)
    assert names and all(n.endswith(".nt.bz2") for n in names)
    expected = triples_of(out, names)
    fresh = load([out], tmp_path / "fresh")
    assert sorted(f.name for f in fresh.loaded) == names and fresh.triples == len(expected)
    # the store that held the gz run: its files are no longer the folder's, so it is rebuilt
    again = load([out], store)
    assert again.rebuilt and again.triples == len(expected)
    assert {str(q.triple) for q in open_store(store).rdf} == expected


def test_a_truncated_file_is_refused_in_one_line(full: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    shutil.copytree(full, out)
    target = out / "wikilinks_lang=en.nt.gz"
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    code = main(["load", str(out), "-s", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"{target}: {len(data) // 2:,} bytes, but the manifest lists {len(data):,}" in err
    # the same size, another content
    target.write_bytes(bytes([data[0] ^ 1]) + data[1:])
    code = main(["load", str(out), "-s", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "is not what the manifest records" in err
    assert not (tmp_path / "store" / "CURRENT").exists()


def test_a_folder_without_a_manifest_is_refused(full: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    shutil.copytree(full, out)
    (out / "manifest.json").unlink()
    code = main(["load", str(out), "-s", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 2 and err == f"wikikg: {out} is not a finished extraction: no manifest.json\n"


def test_a_canonicalized_dataset_with_no_triple_still_stands_in_for_the_plain_one(graph: Graph) -> None:
    """No file is written for a dataset with no triple; the canonical view must still take the
    (empty) ``_canonicalized`` dataset over the plain one — else de's own wikilinks, templates and
    categories would be loaded under de IRIs, and /de/page/Berlin would exist."""
    from wikikg.store.files import collect

    out = graph.outs["multi"]
    listed = json.loads((out / "manifest.json").read_text())["datasets"]
    empty_canonical = [name for name, entry in listed.items()
                       if "_canonicalized" in name and not entry["triples"]]
    assert "wikilinks_lang=de_canonicalized.nt.gz" in empty_canonical  # only Berlin has langlinks in de
    chosen = {f.name for f in collect([out])}
    for name in empty_canonical:
        assert name.replace("_canonicalized", "") not in chosen, name
    assert "labels_lang=de_canonicalized.nt.gz" in chosen
