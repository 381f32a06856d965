"""The whole-run steps after the pass on disk (issue 15): the same triples with a memory budget of
a few kB as with the default, Python memory that does not grow with the input, bad input and a
full disk said in one line, no empty dataset files, one warning for many mismatched dumps."""

from __future__ import annotations

import gzip
import json
import random
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from tests.helpers import raw_dump_text

from wikikg import extsort
from wikikg.cli import main
from wikikg.extractors import registry
from wikikg.pipeline.postprocess import redirect_steps
from wikikg.pipeline.run import extract
from wikikg.progress import Step
from wikikg.rdf import datasets as ds

TINY = 1000  #: bytes: sort runs of ~10 lines, a page cache of one SQLite page
REDIRECTS = "http://dbpedia.org/ontology/wikiPageRedirects"
MINI = ["enwiki", "dewiki", "frwiki", "eswiki", "itwiki"]


def all_lines(out: Path) -> dict[str, list[str]]:
    """Every dataset file of an extraction: name → its sorted lines."""
    found = {}
    for p in sorted(out.iterdir()):
        if p.name.endswith(".nt.gz"):
            found[p.name] = sorted(gzip.decompress(p.read_bytes()).decode("utf-8").splitlines())
    return found


# --- the external sort ---------------------------------------------------------------------------
def test_sort_spills_runs_and_merges_them(tmp_path: Path) -> None:
    rng = random.Random(15)
    lines = [f"{rng.randrange(3000):05d} {i % 7}\n" for i in range(5000)]
    ordered = extsort.sort_lines(iter(lines), tmp_path, budget_bytes=TINY)
    first = next(ordered)
    assert len(list(tmp_path.iterdir())) > 50, "a tiny budget must spill runs"
    assert [first, *ordered] == sorted(lines)
    assert list(tmp_path.iterdir()) == [], "runs are removed once merged"
    assert list(extsort.sort_lines(iter(lines), tmp_path, budget_bytes=TINY, unique=True)) == sorted(set(lines))
    by_key = list(extsort.sort_lines(iter(lines), tmp_path, budget_bytes=TINY, key=lambda ln: ln[:5]))
    assert by_key == sorted(lines, key=lambda ln: ln[:5]), "stable: equal keys keep their input order"


# --- same triples, tiny budget -------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("budget", [TINY])
def test_sample_with_redirects_same_triples_with_a_tiny_budget(tmp_path: Path, dumps: Path, shared: Path,
                                                               budget: int) -> None:
    dump = dumps / "en/enwiki-2016-sample-206pages.xml.bz2"
    base = {"mappings_dir": str(shared / "dbpedia")}
    extract([dump], tmp_path / "default", options=base, progress=False)
    extract([dump], tmp_path / "tiny", options={**base, "sort_budget": budget}, progress=False)
    default, tiny = all_lines(tmp_path / "default"), all_lines(tmp_path / "tiny")
    assert default == tiny
    # the transitive redirects, counted from the dump itself: every redirect page, to a page that
    # is not itself a redirect (the sample has no chain and no cycle)
    redirects = raw_dump_text(dump).count("<redirect ")
    assert len(tiny["redirects_lang=en_transitive.nt.gz"]) == redirects == 100


@pytest.mark.slow
def test_minidumps_and_langlinks_same_triples_with_a_tiny_budget(tmp_path: Path, dumps: Path, shared: Path) -> None:
    paths = [dumps / f"minidumps/{name}.xml.bz2" for name in MINI]
    base = {"mappings_dir": str(shared / "dbpedia"),
            "langlinks": [str(shared / "sql/enwiki-Berlin-langlinks.sql.gz")]}
    m = extract(paths, tmp_path / "default", options=base, progress=False)
    extract(paths, tmp_path / "tiny", options={**base, "sort_budget": TINY}, progress=False)
    default, tiny = all_lines(tmp_path / "default"), all_lines(tmp_path / "tiny")
    assert default == tiny
    # enwiki's Berlin links to every edition; each of the others' Berlin maps onto dbr:Berlin
    assert len(tiny["interlanguage-links_lang=en.nt.gz"]) == 119
    assert any(ln.startswith("<http://dbpedia.org/resource/Berlin> ")
               for ln in tiny["labels_lang=de_canonicalized.nt.gz"])
    assert m["datasets"]["infobox-property-definitions_lang=en.nt.gz"]["triples"] > 0  # a unique dataset


@pytest.mark.slow
def test_redirect_steps_python_memory_does_not_grow_with_the_redirects(tmp_path: Path) -> None:
    """The dicts of every redirect grew ~250 bytes a redirect; on disk, 4× the redirects must not
    take even twice the Python memory (a chain of three every tenth redirect, and a cycle)."""
    def peak(n: int) -> int:
        folder = tmp_path / str(n)
        folder.mkdir()
        lines = []
        for i in range(n):  # imitates a redirects dataset: titles → targets, some chained
            target = f"R{i + 1}" if i % 10 == 0 else f"T{i}"
            lines.append(f"<http://dbpedia.org/resource/R{i}> <{REDIRECTS}> <http://dbpedia.org/resource/{target}> .\n")
        lines.append(f"<http://dbpedia.org/resource/C1> <{REDIRECTS}> <http://dbpedia.org/resource/C2> .\n")
        lines.append(f"<http://dbpedia.org/resource/C2> <{REDIRECTS}> <http://dbpedia.org/resource/C1> .\n")
        (folder / ds.REDIRECTS.filename("en", "gz")).write_bytes(gzip.compress("".join(lines).encode()))
        tracemalloc.start()
        files = redirect_steps(folder, "en", "gz", registry.select(["redirects"]), {"sort_budget": 64 << 10})
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert files[ds.REDIRECTS_TRANSITIVE.filename("en", "gz")] == n  # the cycle's two are left out
        return top

    small, large = peak(20_000), peak(80_000)
    assert large < 2 * small, (small, large)


# --- bad input, full disk ---------------------------------------------------------------------------
def run_cli(args: list[str], *, fsize: int | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "wikikg", *args], capture_output=True, text=True,
                          preexec_fn=limit, env=env, timeout=300)


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_a_cut_or_garbage_langlinks_table_is_one_line(tmp_path: Path, dumps: Path, shared: Path, damage: str) -> None:
    good = (shared / "sql/enwiki-Berlin-langlinks.sql.gz").read_bytes()
    table = tmp_path / "enwiki-20260101-langlinks.sql.gz"
    if damage == "cut":  # the gzip stream ends in the middle of the INSERT
        table.write_bytes(gzip.compress(gzip.decompress(good)[:3000])[:-20])
    else:
        table.write_bytes(gzip.compress(b"\x00\xff garbage, not SQL\n" * 50))
    out = tmp_path / "out"
    r = run_cli(["extract", str(dumps / "minidumps/enwiki.xml.bz2"), "-o", str(out), "--langlinks", str(table),
                 "--extractors", "labels", "--no-progress", "--mappings", str(shared / "dbpedia")])
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("wikikg: ")
    assert not (out / "manifest.json").exists()


def test_a_full_disk_is_one_line_and_leaves_nothing_complete(tmp_path: Path, dumps: Path) -> None:
    out = tmp_path / "out"
    r = run_cli(["extract", str(dumps / "en/enwiki-2016-sample-206pages.xml.bz2"), "-o", str(out),
                 "--extractors", "generic", "--no-progress"], fsize=200_000)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("wikikg: ") and "disk" in last, last
    assert not (out / "manifest.json").exists()
    assert [p.name for p in out.iterdir() if p.name.endswith(".nt.gz")] == []


# --- empty datasets, many editions ------------------------------------------------------------------
def test_no_empty_dataset_file_and_load_accepts_the_manifest(tmp_path: Path, dumps: Path, shared: Path) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(dumps / "minidumps/dewiki.xml.bz2"), str(dumps / "minidumps/frwiki.xml.bz2"),
                 "-o", str(out), "--no-progress", "--mappings", str(shared / "dbpedia")]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    listed = manifest["datasets"]
    empty = [name for name, e in listed.items() if e["triples"] == 0]
    assert empty, "two minidumps leave many datasets with no triple"
    for name, entry in listed.items():
        path = out / name
        if entry["triples"]:
            assert gzip.decompress(path.read_bytes()).count(b"\n") == entry["triples"]
        else:
            assert not path.exists(), name
    store = tmp_path / "store"
    assert main(["load", str(out), "--store", str(store)]) == 0


def test_mismatched_siteinfo_of_many_dumps_is_one_warning(tmp_path: Path, dumps: Path, shared: Path) -> None:
    names = ["dewiki", "frwiki", "eswiki"]  # each minidump's <siteinfo> is enwiki's
    r = run_cli(["extract", *(str(dumps / f"minidumps/{n}.xml.bz2") for n in names), "-o", str(tmp_path / "out"),
                 "--extractors", "labels", "--no-progress"])
    assert r.returncode == 0, r.stderr
    warnings = [ln for ln in r.stderr.splitlines() if "<siteinfo>" in ln]
    assert len(warnings) == 1, warnings
    assert "3 dumps" in warnings[0] and "dewiki.xml.bz2 → de" in warnings[0]


# --- progress ---------------------------------------------------------------------------------------
def test_a_step_logs_its_name_count_and_rate(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="wikikg"):
        step = Step("redirects of en: chains", "redirects", interval=0.0, bar=False, quiet_below=0.0)
        for _ in step.track(range(5000)):
            pass
        step.close()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) >= 4, lines  # every CHECK_EVERY items with interval 0, and the close
    assert lines[-1].startswith("redirects of en: chains: 5000 redirects (") and "redirects/s" in lines[-1]
