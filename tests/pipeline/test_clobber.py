"""Runs into one ``OUT`` never clobber each other, a killed run or publish never leaves a mix, and
workers die with their run (issue 13: F5, F6, F7).

Every run here is the real ``wikikg extract`` in a subprocess on a real dump; kills are real
``SIGKILL``\\s.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wikikg.rdf.outfolder import OutFolder, is_dataset_name, sha1_of

pytestmark = pytest.mark.slow  # concurrent and killed runs, many times: the whole suite runs it, `make quick` does not

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLE = SHARED / "dumps/en/enwiki-2016-sample-206pages.xml.bz2"
SMALL = SHARED / "dumps/en/enwiki-3pages.xml.bz2"
BATTLES = SHARED / "dumps/en/enwiki-2020-battles-546pages.xml.bz2"
MAPPINGS = SHARED / "dbpedia"


def command(dump: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "wikikg", "extract", str(dump), "-o", str(out), "--mappings", str(MAPPINGS),
            "--no-progress", *args]


def env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def whole(out: Path, leftovers: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The finished run ``out`` holds, checked: read as ``load`` reads it (repairing a killed
    publish first), every listed file at its SHA-1, and no other dataset file in the folder
    (but ``leftovers``, which were there before)."""
    with OutFolder(out).reading() as manifest:
        present = {p.name for p in out.iterdir() if p.is_file() and is_dataset_name(p.name)}
        with_file = {name: e for name, e in manifest["datasets"].items() if e["triples"]}
        assert present - leftovers == set(with_file)  # a dataset with no triple has no file
        for name, entry in with_file.items():
            assert sha1_of(out / name) == entry["sha1"], name
        return manifest


def test_six_runs_into_one_folder_one_wins_the_others_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [subprocess.Popen(command(SAMPLE, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env()) for _ in range(6)]
    results = [(p.pid, p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    winners = [r for r in results if r[1] == 0]
    losers = [r for r in results if r[1] != 0]
    assert len(winners) == 1, results
    pids = {str(pid) for pid, _, _ in results}
    for _, code, err in losers:
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1, err
        assert "another `wikikg extract`" in lines[0] and "Traceback" not in err
        assert lines[0].split("(pid ")[1].split(")")[0] in pids - {str(pid) for pid, c, _ in losers}
    manifest = whole(out)
    assert manifest["pages"]["total"] == 206  # the dump's <page> count (data README)
    assert not any(p.name.startswith(".partial-") for p in out.iterdir())
    store = tmp_path / "store"
    loaded = subprocess.run([sys.executable, "-m", "wikikg", "load", str(out), "-s", str(store)],
                            capture_output=True, text=True, env=env(), timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    with_file = [e for e in manifest["datasets"].values() if e["triples"]]  # no file for no triple
    assert f"loaded {len(with_file)} dataset files" in loaded.stdout


def test_a_run_killed_anywhere_leaves_the_previous_run_or_the_new_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.run(command(SMALL, out), capture_output=True, text=True, env=env(), timeout=120)
    assert first.returncode == 0, first.stderr
    # how long a whole run takes here, so that the kills fall all over it (startup, pass, publish)
    t = time.monotonic()
    again = subprocess.run(command(SMALL, out, "--compress", "bz2", "-e", "generic"), capture_output=True,
                           env=env(), timeout=120)
    span = time.monotonic() - t
    assert again.returncode == 0
    rng = random.Random(13)
    outcomes = set()
    for i in range(10):
        before = whole(out)
        # switch between two runs that differ in every file name: a mix would show at once
        args = ("-e", "generic", "--compress", "gz") if before["compress"] == "bz2" else ("--compress", "bz2")
        proc = subprocess.Popen(command(SMALL, out, *args), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env())
        time.sleep(span * (0.3 + 0.8 * rng.random()) if i % 3 else 0.05 * i)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = whole(out)
        assert after == before or (after["compress"] != before["compress"] and after["pages"]["total"] == 3)
        outcomes.add(after == before)
    # the next run cleans what the killed ones left, and finishes
    last = subprocess.run(command(SMALL, out), capture_output=True, text=True, env=env(), timeout=120)
    assert last.returncode == 0, last.stderr
    assert whole(out)["compress"] == "gz"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".wikikg.lock",
                                                                                 ".wikikg.publish.lock"]


def _publish_and_die_at(out: Path, partial: Path, manifest: dict[str, Any], k: int, repair: bool) -> None:
    """In a child process: a publish (or, with ``recover_k``, the repair of one) killed by a real
    SIGKILL before its ``k``-th rename or removal of a folder."""
    calls = 0

    def dying(real: Any) -> Any:
        def step(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == k:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return step

    # this child only: the file system steps of the publish, each one in turn the last
    os.replace = dying(os.replace)  # type: ignore[assignment]
    shutil.rmtree = dying(shutil.rmtree)
    if repair:
        with OutFolder(out).reading():
            pass
    else:
        files = {name: entry["triples"] for name, entry in manifest["datasets"].items()}
        OutFolder(out).publish(partial, files, manifest)


def test_a_publish_killed_at_every_step_is_rolled_back_or_complete(tmp_path: Path) -> None:
    """Each step of a publish (and of the repair of a killed one) in turn is the last one."""
    runs = {}
    for compress, extra in (("gz", []), ("bz2", ["-e", "generic"])):
        folder = tmp_path / f"run-{compress}"
        done = subprocess.run(command(SMALL, folder, "--compress", compress, *extra), capture_output=True,
                              text=True, env=env(), timeout=120)
        assert done.returncode == 0, done.stderr
        runs[compress] = json.loads((folder / "manifest.json").read_text())
    old, new = runs["gz"], runs["bz2"]
    ctx = mp.get_context("fork")
    rolled_back = finished = 0
    for k in range(1, 200):
        for recover_k in (0, 1, 2):
            out = tmp_path / f"out-{k}-{recover_k}"
            shutil.copytree(tmp_path / "run-gz", out)
            (out / "stale_lang=en.nt.gz").write_bytes(b"")  # an older run's leftover
            partial = out / ".partial-1-test"
            shutil.copytree(tmp_path / "run-bz2", partial, ignore=shutil.ignore_patterns(".*", "manifest.json"))
            child = ctx.Process(target=_publish_and_die_at, args=(out, partial, new, k, False))
            child.start()
            child.join(60)
            killed = child.exitcode == -signal.SIGKILL
            if recover_k and killed:  # the repair, killed too
                child = ctx.Process(target=_publish_and_die_at, args=(out, partial, new, recover_k, True))
                child.start()
                child.join(60)
            after = whole(out, frozenset({"stale_lang=en.nt.gz"}))
            if after == old:
                rolled_back += 1
                assert (out / "stale_lang=en.nt.gz").exists()  # rolled back: exactly as it was
            else:
                assert after["datasets"] == {n: {**e} for n, e in new["datasets"].items()}
                assert not (out / "stale_lang=en.nt.gz").exists()
                finished += 1
            shutil.rmtree(out)
        if not killed:
            break
    else:
        pytest.fail("a publish that never ends")
    assert rolled_back > 40 and finished >= 3


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(c) for c in text)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    proc = subprocess.Popen(command(BATTLES, tmp_path / "out", "--jobs", "2"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env())
    try:
        workers: set[int] = set()
        for _ in range(1200):  # up to 2 minutes for the mappings to load and the workers to start
            workers = children(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    for _ in range(100):  # up to 10 s
        if not any(alive(w) for w in workers):
            break
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:  # do not leave them behind, whatever the outcome
        os.kill(w, signal.SIGKILL)
    assert not left
