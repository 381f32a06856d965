"""``wikikg load``: every triple of every dataset file in, nothing twice, atomic."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.store.graph import Graph, seal
from wikikg.cli import main
from wikikg.errors import InputError, StoreError
from wikikg.pipeline.run import extract
from wikikg.store import load, open_store
from wikikg.store.layout import Generation, StoreDir


def distinct_triples(folder: Path) -> set[str]:
    """The distinct triples of the dataset files in ``folder``, as pyoxigraph's own in-memory
    store holds them.

    Oxigraph keeps typed literals in canonical form — ``"0144"^^xsd:integer`` as ``"144"``, the
    derived integer types (``xsd:nonNegativeInteger``) as ``xsd:integer``, floats at single
    precision — so the expectation goes through the same store, file by file.
    """
    found: set[str] = set()
    for path in sorted(folder.glob("*.nt.gz")):
        memory = ox.Store()
        with gzip.open(path, "rb") as fh:
            memory.load(fh.read(), ox.RdfFormat.N_TRIPLES)
        found.update(str(q.triple) for q in memory)
    return found


def line_count(path: Path) -> int:
    with gzip.open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


@pytest.fixture()
def battles_copy(graph: Graph, tmp_path: Path) -> Path:
    out = tmp_path / "out-battles"
    shutil.copytree(graph.outs["battles"], out)
    return out


def test_every_triple_of_every_file_is_in_the_store_once(battles_copy: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    report = load([battles_copy], store_path)
    expected = distinct_triples(battles_copy)
    assert report.triples == len(expected) > 50_000
    store = open_store(store_path)
    assert {str(q.triple) for q in store.rdf} == expected
    # every dataset file is recorded with its own line count
    files = sorted(p.name for p in battles_copy.glob("*.nt.gz"))
    recorded = {f.name: f.triples for f in store.manifest.files}
    assert sorted(recorded) == files
    for name in files:
        assert recorded[name] == line_count(battles_copy / name), name


def test_loading_the_same_extraction_twice_changes_nothing(battles_copy: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    first = load([battles_copy], store_path)
    again = load([battles_copy], store_path)
    assert again.unchanged and again.generation == first.generation
    # a copy of the same files elsewhere: same content, nothing new
    copy = tmp_path / "elsewhere"
    shutil.copytree(battles_copy, copy)
    third = load([copy], store_path)
    assert third.unchanged
    assert len(open_store(store_path).rdf) == first.triples


def test_union_of_two_extractions(graph: Graph, tmp_path: Path) -> None:
    """Two dumps of one edition extracted apart have the same file names: both are loaded."""
    store_path = tmp_path / "store"
    load([graph.outs["battles"]], store_path)
    report = load([graph.outs["sample"]], store_path)
    assert not report.rebuilt
    expected = distinct_triples(graph.outs["battles"]) | distinct_triples(graph.outs["sample"])
    assert report.triples == len(expected)
    labels = {f.source for f in open_store(store_path).manifest.files if f.dataset == "labels"}
    assert len(labels) == 2


def test_a_reextraction_replaces_what_it_changed(battles_copy: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    load([battles_copy], store_path)
    labels = battles_copy / "labels_lang=en.nt.gz"
    with gzip.open(labels, "rt", encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip()]
    dropped, kept = lines[:10], lines[10:]
    with gzip.open(labels, "wt", encoding="utf-8") as fh:
        fh.writelines(kept)
    seal(battles_copy)  # as a re-extraction writes its manifest
    report = load([battles_copy], store_path)
    assert report.rebuilt
    assert report.triples == len(distinct_triples(battles_copy))
    store = open_store(store_path)
    for line in dropped:
        (t,) = ox.parse(line.encode(), ox.RdfFormat.N_TRIPLES)
        assert next(store.rdf.quads_for_pattern(t.subject, t.predicate, t.object), None) is None


def test_bad_inputs_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError, match="no such folder"):
        load([tmp_path / "missing"], tmp_path / "store")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"empty is not a finished extraction: no manifest\.json"):
        load([tmp_path / "empty"], tmp_path / "store")
    bad = tmp_path / "bad"
    bad.mkdir()
    with gzip.open(bad / "labels_lang=en.nt.gz", "wt") as fh:
        fh.write('<http://dbpedia.org/resource/A> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .\n')
        fh.write("this is not a triple\n")
    seal(bad)
    with pytest.raises(InputError, match=r"labels_lang=en\.nt\.gz: line 2: not valid N-Triples"):
        load([bad], tmp_path / "store")
    assert StoreDir(tmp_path / "store").current() is None
    other = tmp_path / "not-a-store"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    code = main(["load", str(tmp_path / "bad"), "-s", str(other)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0 and "not a wikikg store" in err
    assert (other / "precious.txt").read_text() == "keep me"
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "nowhere")


def test_canonical_view_loads_the_canonicalized_files(graph: Graph) -> None:
    """The multilingual extraction wrote de/fr/… datasets twice; the store holds the canonical view."""
    store = open_store(graph.store)
    folder = graph.outs["multi"]
    names = {f.name for f in store.manifest.files if Path(f.source).parent == folder}
    on_disk = {p.name for p in folder.glob("*.nt.gz")}
    assert "labels_lang=de_canonicalized.nt.gz" in on_disk and "labels_lang=de.nt.gz" in on_disk
    assert "labels_lang=de_canonicalized.nt.gz" in names
    assert "labels_lang=de.nt.gz" not in names
    assert "labels_lang=en.nt.gz" in names
    # a dataset with a canonicalized twin is loaded once, the twin (no file when the twin has no
    # triple, and then nothing); one without, as it is
    listed = json.loads((folder / "manifest.json").read_text())["datasets"]
    for name in on_disk:
        twin = name.replace(".nt.gz", "_canonicalized.nt.gz")
        if twin in listed:
            assert name not in names, name
            assert (twin in names) == bool(listed[twin]["triples"]), twin
        elif not name.endswith("_canonicalized.nt.gz"):
            assert name in names, name
    berlin = ox.NamedNode("http://dbpedia.org/resource/Berlin")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    langs = {q.object.language for q in store.rdf.quads_for_pattern(berlin, label, None)}
    assert {"en", "de", "fr", "ar", "ja", "ru"} <= langs


def test_localized_view(graph: Graph, tmp_path: Path) -> None:
    report = load([graph.outs["multi"]], tmp_path / "store", view="localized")
    names = {f.name for f in report.loaded}
    assert "labels_lang=de.nt.gz" in names and not any("canonicalized" in n for n in names)
    store = open_store(tmp_path / "store")
    de_berlin = ox.NamedNode("http://de.dbpedia.org/resource/Berlin")
    assert next(store.rdf.quads_for_pattern(de_berlin, None, None), None) is not None


def _run_load(outs: list[Path], store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "wikikg", "load", *map(str, outs), "-s", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _query_count(store: Path) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "wikikg", "query", "-s", str(store), "-f", "json",
                           "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], capture_output=True, text=True)
    if proc.returncode != 0:
        return -1, proc.stderr
    return int(json.loads(proc.stdout)["results"]["bindings"][0]["n"]["value"]), proc.stderr


@pytest.mark.slow  # three loads of three dumps, killed: 4 s
def test_a_killed_load_never_leaves_a_store_that_looks_complete(graph: Graph, tmp_path: Path) -> None:
    outs = [graph.outs["battles"], graph.outs["sample"], graph.outs["slice"]]
    complete = len(set().union(*(distinct_triples(o) for o in outs)))
    store = tmp_path / "store"
    sdir = StoreDir(store)
    interrupted_mid_load = 0
    for _ in range(3):
        if store.exists():
            shutil.rmtree(store)
        proc = _run_load(outs, store)
        deadline = time.monotonic() + 60
        while not sdir.generations() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        n, err = _query_count(store)
        if n == -1:
            interrupted_mid_load += 1
            assert "interrupted" in err or "incomplete" in err, err
            assert err.strip().count("\n") == 0
        else:
            assert n == complete
    assert interrupted_mid_load >= 1, "no kill landed while the load was running"
    # the next load notices the remains, removes them and completes
    report = load(outs, store)
    assert report.removed_strays and report.triples == complete
    assert len(sdir.generations()) == 1


def _writing_a_new_generation(sdir: StoreDir, old: Generation, proc: subprocess.Popen[bytes]) -> bool:
    """Wait until the load in ``proc`` writes a generation beside ``old``: its folder holds RDF
    data and no manifest yet (the manifest is written just before ``CURRENT`` is replaced).
    ``False`` when the load ended first, or did not get there within a minute."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        for gen in sdir.generations():
            if gen != old and gen.oxigraph.is_dir() and any(gen.oxigraph.iterdir()) and not gen.manifest.exists():
                return True
        time.sleep(0.002)
    return False


def test_a_killed_reload_keeps_the_old_store(graph: Graph, tmp_path: Path) -> None:
    for attempt in range(5):
        store = tmp_path / f"store{attempt}"
        first = load([graph.outs["slice"]], store)
        sdir = StoreDir(store)
        old = sdir.current()
        assert old is not None
        proc = _run_load([graph.outs["battles"]], store)
        seen = _writing_a_new_generation(sdir, old, proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # landed mid-load: it had started writing the new generation and had not published it
        if seen and sdir.current() == old and len(sdir.generations()) == 2:
            break
    else:
        pytest.fail("in 5 tries, no kill landed while the reload was writing its new generation")
    n, err = _query_count(store)
    assert n == first.triples, err
    handle = open_store(store)
    assert handle.warning and "interrupted" in handle.warning


def test_an_edition_extracted_alone_is_loaded_under_its_own_iris(dumps: Path, tmp_path: Path) -> None:
    """An Italian dump without the English one: the canonical view would hold only the 11 pages
    with an inline [[en:…]] link, on English IRIs; the store loads the Italian resources instead."""
    out = tmp_path / "out"
    extract([dumps / "multi" / "itwiki-2013-747pages.xml.gz"], out, extractors=["labels", "page-ids",
                                                                              "interlanguage-links"])
    assert (out / "labels_lang=it_canonicalized.nt.gz").exists()  # written, for a join with English
    report = load([out], tmp_path / "store")
    names = {f.name for f in report.loaded}
    assert "labels_lang=it.nt.gz" in names and not any("canonicalized" in n for n in names)
    store = open_store(tmp_path / "store")
    armonium = ox.NamedNode("http://it.dbpedia.org/resource/Armonium")  # page id 2, read in the dump
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert [q.object.value for q in store.rdf.quads_for_pattern(armonium, label, None)] == ["Armonium"]
    page_id = ox.NamedNode("http://dbpedia.org/ontology/wikiPageID")
    assert [q.object.value for q in store.rdf.quads_for_pattern(armonium, page_id, None)] == ["2"]
