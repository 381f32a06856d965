"""``python -m wikikg.store.bench OUT [OUT …]``: ``wikikg load`` beside the plain loaders.

On the same dataset files (those ``wikikg load`` would load from the extraction folders), each
in its own child process building a fresh store:

* ``pyoxigraph bulk_load``: ``Store.bulk_load`` file by file, then ``flush`` — nothing else;
* ``oxigraph load`` (the CLI of PyPI's ``oxigraph``, parallel over the files), when installed;
* ``wikikg load``: the same triples, plus the Lookup index, the manifest and the atomic publish.

For each: wall time, CPU time (user + system) and peak RSS of the child (``wait4``), and for
``wikikg load`` the Lookup index's own time and how much longer than the store's load it took
(it runs beside it; ``share`` is that extra time over the wall), from the phases its
``store.json`` records.
``--copies K`` loads K copies of the folders with every resource renamed (``/resource/X`` →
``/resource/c2_X`` …): K times as many distinct triples of the same shape, to see how time and
memory grow.  The fastest of ``--repeat`` runs counts (other work on the machine only adds).

A benchmark prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from wikikg.store.files import collect
from wikikg.store.layout import StoreDir


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    lookup: float = 0.0  # the Lookup index's own time (mostly while the store loads)
    after: float = 0.0  # how much longer than the store's load it took


def _child(command: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"bench: {command[:4]} failed: {err.decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


_PYOXIGRAPH = """
import sys, pyoxigraph as ox
from pathlib import Path
from wikikg.rdf.ntfiles import open_dataset
store = ox.Store(sys.argv[1])
for path in sys.argv[2:]:
    with open_dataset(Path(path)) as fh:
        store.bulk_load(fh, ox.RdfFormat.N_TRIPLES, lenient=True)
store.flush()
"""


def copies(folders: list[Path], k: int, work: Path) -> list[Path]:
    """``folders`` and ``k - 1`` renamed copies of them (each copy's own resources)."""
    out = list(folders)
    for i in range(2, k + 1):
        for folder in folders:
            target = work / f"copy{i}-{folder.name}"
            target.mkdir(parents=True)
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            for name in manifest["datasets"]:
                with gzip.open(folder / name, "rb") as src, gzip.open(target / name, "wb", compresslevel=1) as dst:
                    for line in src:
                        dst.write(line.replace(b"/resource/", f"/resource/c{i}_".encode()))
                data = (target / name).read_bytes()
                manifest["datasets"][name].update(bytes=len(data), sha1=hashlib.sha1(data).hexdigest())
            (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            out.append(target)
    return out


def measure(folders: list[Path], work: Path, repeat: int) -> dict[str, Run]:
    files = [str(f.path) for f in collect(folders, "canonical")]
    runs: dict[str, list[Run]] = {"pyoxigraph bulk_load": [], "oxigraph load (CLI)": [], "wikikg load": []}
    cli = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    for i in range(repeat):
        target = work / f"raw{i}"
        runs["pyoxigraph bulk_load"].append(_child([sys.executable, "-c", _PYOXIGRAPH, str(target), *files]))
        shutil.rmtree(target)
        if cli:
            command = [cli, "load", "--location", str(target), "--lenient"]
            for f in files:
                command += ["--file", f]
            runs["oxigraph load (CLI)"].append(_child(command))
            shutil.rmtree(target)
        store = work / f"store{i}"
        run = _child([sys.executable, "-m", "wikikg", "load", *map(str, folders), "-s", str(store), "--no-progress"])
        gen = StoreDir(store).current()
        assert gen is not None
        seconds = json.loads(gen.manifest.read_text(encoding="utf-8"))["stats"]["seconds"]
        run.lookup = float(seconds["lookup"])
        run.after = float(seconds.get("lookup_after_load", 0.0))
        runs["wikikg load"].append(run)
        shutil.rmtree(store)
    return {name: min(rs, key=lambda r: r.wall) for name, rs in runs.items() if rs}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="wikikg load beside pyoxigraph's bulk_load and the oxigraph CLI.")
    p.add_argument("outs", nargs="+", type=Path, help="extraction folders (`wikikg extract` output)")
    p.add_argument("--copies", type=int, nargs="*", default=[1], help="input sizes, in copies of the folders")
    p.add_argument("--repeat", type=int, default=3, help="runs per loader and size (default 3; the fastest counts)")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wikikg-bench-load-"))
    try:
        base: dict[int, Run] = {}
        for k in sorted(args.copies):
            folders = copies(args.outs, k, work / f"in{k}") if k > 1 else list(args.outs)
            size = sum(f.path.stat().st_size for f in collect(folders, "canonical"))
            print(f"\n{k}× the input: {len(folders)} folders, {size / 1e6:,.1f} MB of gzip")
            print(f"  {'loader':24} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'Lookup s':>9} "
                  f"{'after load s':>13} {'share':>6}")
            result = measure(folders, work, args.repeat)
            for name, r in result.items():
                share = f"{r.after / r.wall:6.0%}" if r.lookup else ""
                look = f"{r.lookup:9.2f}" if r.lookup else ""
                after = f"{r.after:13.2f}" if r.lookup else ""
                print(f"  {name:24} {r.wall:8.2f} {r.cpu:8.2f} {r.rss_mb:12.0f} {look:>9} {after:>13} {share:>6}")
            plain = min((r for n, r in result.items() if n != "wikikg load"), key=lambda r: r.wall)
            ours = result["wikikg load"]
            print(f"  wikikg load / fastest plain loader: wall {ours.wall / plain.wall:.2f} (target ≤ 1.2), "
                  f"peak RSS {ours.rss_mb - plain.rss_mb:+.0f} MB (target ≤ +300)")
            if base:
                print(f"  RSS vs {min(base)}×: {ours.rss_mb / base[min(base)].rss_mb:.2f} (target ≤ 1.2 at 4×)")
            base[k] = ours
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
