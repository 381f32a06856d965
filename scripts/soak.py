"""``make soak``: a bounded reliability run that repeats the hardening probes and prints a table.

Probes (each bounded in count and time; every network target is 127.0.0.1):

* ``sparql cross-talk`` — clients query one ``wikikg serve`` at once with a mix of queries: tagged
  SELECTs (each must come back with its own client's tag), empty CONSTRUCT/DESCRIBE results,
  failing and malformed queries, deep nesting, queries that run into the time limit, and query
  workers killed mid-query.  A failure is a wrong answer (another client's tag, a 500, a dropped
  connection on a tagged query); *data lost* counts answers given to the wrong client.
* ``kill -9 extract`` — ``wikikg extract`` killed at random moments into an OUT holding a finished
  run; after each kill the folder must hold either the previous run or nothing loadable, never a mix,
  and a re-run must give exactly the reference triples.
* ``kill -9 load`` — ``wikikg load`` killed at random moments into a served store; the store must
  answer with either the old graph or the new one (triple count), never something in between.
* ``pathological pages`` — a dump of real pages plus pages of nested/unbalanced brackets; the run
  must finish, name the pathological pages, and keep every real page's triples.
* ``slow clients`` — connections that trickle header bytes; the server must close them and keep
  answering ordinary requests meanwhile.

Run: ``python scripts/soak.py [--shared ../shared/data] [--seconds 420]``.
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import gzip
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

WIKIKG = [sys.executable, "-m", "wikikg"]


@dataclass
class Probe:
    name: str
    tried: int = 0
    failures: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    def fail(self, note: str, lost: int = 0) -> None:
        self.failures += 1
        self.lost += lost
        if len(self.notes) < 5:
            self.notes.append(note)


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WIKIKG, *args], capture_output=True, text=True, timeout=timeout)


def sorted_triples(out: Path) -> list[str]:
    manifest = json.loads((out / "manifest.json").read_text())
    lines: list[str] = []
    for name in sorted(manifest_files(manifest)):
        path = out / name
        raw = path.read_bytes()
        data = (gzip.decompress(raw) if name.endswith(".gz") else bz2.decompress(raw) if name.endswith(".bz2")
                else raw)
        lines.extend(f"{name}\t{line}" for line in data.decode("utf-8").splitlines())
    return sorted(lines)


def manifest_files(manifest: dict[str, object]) -> list[str]:
    """The dataset files a finished extraction's manifest lists."""
    files = manifest.get("datasets")
    if not isinstance(files, dict):
        return []
    # a dataset with no triples may have no file at all
    return [name for name, entry in files.items() if not isinstance(entry, dict) or entry.get("triples", 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


class Serve:
    """``wikikg serve`` in a subprocess."""

    def __init__(self, store: Path, log: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen([*WIKIKG, "serve", "-s", str(store), "--port", str(self.port), *extra],
                                     stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"soak: wikikg serve did not start (see {log})")
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


# ---------------------------------------------------------------------------------------------

NEVER_ENDING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def probe_crosstalk(serve: Serve, seconds: float, rng: random.Random) -> Probe:
    probe = Probe("sparql cross-talk")
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    kills: list[float] = []  # when a query worker was killed: a query it ran may fail with a 500
    shed = [0]  # requests refused under load (429 per client, 503 no worker free in time)

    def refused(r: httpx.Response) -> bool:
        """Load shedding, the answer a trusted endpoint gives when it is full: not a failure."""
        if r.status_code == 429 or (r.status_code == 503 and "busy" in r.text):
            with lock:
                shed[0] += 1
            return True
        return False

    def killed_during(t0: float, r: httpx.Response) -> bool:
        with lock:
            return r.status_code == 500 and "worker" in r.text and any(t >= t0 for t in kills)

    def client(cid: int) -> None:
        n = 0
        with httpx.Client(base_url=serve.url, timeout=30) as http:
            while time.monotonic() < stop:
                n += 1
                kind = rng.choice(["tag", "tag", "tag", "empty-construct", "empty-describe", "failing",
                                   "syntax", "nested", "forever", "kill"])
                tag = f"client-{cid}-{n}"
                t0 = time.monotonic()
                try:
                    if kind == "tag":
                        q = f'SELECT ?tag WHERE {{ BIND("{tag}" AS ?tag) }}'
                        r = http.get("/sparql", params={"query": q},
                                     headers={"Accept": "application/sparql-results+json"})
                        got = [b["tag"]["value"] for b in r.json()["results"]["bindings"]] \
                            if r.status_code == 200 else None
                        shed_or_killed = refused(r) or killed_during(t0, r)
                        with lock:
                            probe.tried += 1
                            if got is None and shed_or_killed:
                                continue
                            if got != [tag]:
                                probe.fail(f"{kind}: HTTP {r.status_code}, got {got!r} for {tag}",
                                           lost=1 if got else 0)
                        continue
                    if kind in ("empty-construct", "empty-describe"):
                        q = ("CONSTRUCT { ?s ?p ?o } WHERE { FILTER(false) }" if kind == "empty-construct"
                             else "DESCRIBE ?s WHERE { FILTER(false) }")
                        r = http.get("/sparql", params={"query": q}, headers={"Accept": "application/n-triples"})
                        ok = r.status_code in (200, 429) and (r.status_code == 429 or not r.text.strip())
                    elif kind == "failing":
                        r = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
                        ok = r.status_code in (400, 429)
                    elif kind == "syntax":
                        r = http.get("/sparql", params={"query": "SELEC nonsense"})
                        ok = r.status_code in (400, 429)
                    elif kind == "nested":
                        q = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
                        r = http.post("/sparql", content=q, headers={"Content-Type": "application/sparql-query"})
                        ok = r.status_code in (400, 429)
                    elif kind == "forever":
                        r = http.get("/sparql", params={"query": NEVER_ENDING},
                                     headers={"Accept": "application/sparql-results+json"})
                        ok = r.status_code in (200, 429, 503)
                    else:  # kill a query worker while a query is under way
                        workers = [p for p in children(serve.proc.pid) if _is_query_worker(p)]

                        def kill_soon(workers: list[int] = workers) -> None:
                            time.sleep(0.2)
                            if workers:
                                with lock:
                                    kills.append(time.monotonic())
                                with contextlib.suppress(ProcessLookupError):
                                    os.kill(rng.choice(workers), signal.SIGKILL)
                        threading.Thread(target=kill_soon, daemon=True).start()
                        r = http.get("/sparql", params={"query": NEVER_ENDING})
                        ok = r.status_code in (200, 429, 500, 503)
                except httpx.HTTPError as exc:
                    with lock:
                        probe.tried += 1
                        probe.fail(f"{kind}: {type(exc).__name__}")
                    continue
                if not ok and (refused(r) or killed_during(t0, r)):
                    ok = True
                with lock:
                    probe.tried += 1
                    if not ok:
                        probe.fail(f"{kind}: HTTP {r.status_code} {r.text[:80]!r}")

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(client, range(6)))
    probe.notes.append(f"({shed[0]} requests refused under load with 429/503, {len(kills)} kill -9s sent to query workers)")
    # the pool must be whole afterwards: every client's tag comes back to it
    with httpx.Client(base_url=serve.url, timeout=60) as http:
        for i in range(12):
            tag = f"after-{i}"
            r = http.get("/sparql", params={"query": f'SELECT ?tag WHERE {{ BIND("{tag}" AS ?tag) }}'},
                         headers={"Accept": "application/sparql-results+json"})
            probe.tried += 1
            got = [b["tag"]["value"] for b in r.json()["results"]["bindings"]] if r.status_code == 200 else None
            if got != [tag]:
                probe.fail(f"after the mix: HTTP {r.status_code}, got {got!r}", lost=1 if got else 0)
    return probe


def _is_query_worker(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return b"sparql_worker" in fh.read()
    except OSError:
        return False


def probe_kill_extract(dump: Path, mappings: Path, work: Path, tries: int, rng: random.Random) -> Probe:
    probe = Probe("kill -9 extract")
    ref_out = work / "extract-ref"
    r = run("extract", str(dump), "-o", str(ref_out), "--mappings", str(mappings), "--jobs", "2")
    if r.returncode != 0:
        probe.fail("reference extract failed: " + r.stderr.strip()[-200:])
        return probe
    reference = sorted_triples(ref_out)
    out = work / "extract-killed"
    shutil.copytree(ref_out, out)  # OUT holds a finished run, as a user's would
    budget = _elapsed(lambda: run("extract", str(dump), "-o", str(work / "extract-timing"),
                                  "--mappings", str(mappings), "--jobs", "2"))
    for _ in range(tries):
        probe.tried += 1
        proc = subprocess.Popen([*WIKIKG, "extract", str(dump), "-o", str(out), "--mappings", str(mappings),
                                 "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, budget * 1.1))
        family = [proc.pid, *children(proc.pid)]
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait()
        time.sleep(0.3)
        orphans = [p for p in family[1:] if _alive(p)]
        if orphans:
            probe.fail(f"{len(orphans)} worker(s) outlived the killed run")
        # the folder: the previous finished run, or the new finished one — never a mix
        if (out / "manifest.json").exists():
            try:
                if sorted_triples(out) != reference:
                    probe.fail("after a kill, OUT's manifest lists triples that differ", lost=1)
            except (OSError, EOFError, ValueError) as exc:
                probe.fail(f"after a kill, a listed file is unreadable: {exc}", lost=1)
    r = run("extract", str(dump), "-o", str(out), "--mappings", str(mappings), "--jobs", "2")
    probe.tried += 1
    if r.returncode != 0 or sorted_triples(out) != reference:
        probe.fail("the re-run after the kills did not give the reference triples: " + r.stderr[-200:], lost=1)
    return probe


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _elapsed(fn: Callable[[], object]) -> float:
    t = time.monotonic()
    fn()
    return time.monotonic() - t


def _count(store: Path) -> int | None:
    r = run("query", "-s", str(store), "-f", "json", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } UNION { ?s ?p ?o } }")
    if r.returncode != 0:
        return None
    try:
        return int(json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError):
        return None


def probe_kill_load(outs: tuple[Path, Path], work: Path, tries: int, rng: random.Random) -> Probe:
    probe = Probe("kill -9 load")
    store = work / "store-killed"
    counts = []
    for out in outs:
        r = run("load", str(out), "-s", str(store), "--replace")
        if r.returncode != 0:
            probe.fail("reference load failed: " + r.stderr.strip()[-200:])
            return probe
        counts.append(_count(store))
    budget = _elapsed(lambda: run("load", str(outs[0]), "-s", str(store), "--replace"))
    current = counts[0]
    for i in range(tries):
        probe.tried += 1
        target = outs[(i + 1) % 2]
        proc = subprocess.Popen([*WIKIKG, "load", str(target), "-s", str(store), "--replace"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, budget * 1.1))
        finished = proc.poll() is not None
        proc.kill()
        proc.wait()
        now = _count(store)
        if now not in counts:
            probe.fail(f"after a kill the store holds {now} triples (old/new: {counts})", lost=1)
        elif finished and now != counts[(i + 1) % 2]:
            probe.fail("a finished load is not what the store serves", lost=1)
        current = now
    del current
    return probe


def probe_pathological(battles: Path, work: Path) -> Probe:
    """Two real pages plus pages of pathological markup: the run ends and keeps the real pages."""
    probe = Probe("pathological pages")
    with bz2.open(battles, "rt", encoding="utf-8") as fh:
        text = fh.read()
    pages = text.split("<page>")[1:3]
    real = ["<page>" + p.split("</page>")[0] + "</page>" for p in pages]
    shapes = {
        "Nested links": "[[a|" * 20000 + "x" + "]]" * 20000,
        "Run of brackets": "[[" * 50000,
        "Mixed openers": "{{{[[{|<ref>" * 20000,
        "Nested templates": "{{" * 100000 + "x" + "}}" * 100000,
    }
    bad = []
    for i, (title, body) in enumerate(shapes.items()):
        bad.append(f"<page><title>{title}</title><ns>0</ns><id>{900000 + i}</id><revision><id>{900000 + i}</id>"
                   f"<text xml:space=\"preserve\">{body.replace('&', '&amp;').replace('<', '&lt;')}</text>"
                   "</revision></page>")
    dump = work / "pathological.xml"
    dump.write_text("<mediawiki>" + "".join(real + bad) + "</mediawiki>", encoding="utf-8")
    ref = work / "pathological-ref.xml"
    ref.write_text("<mediawiki>" + "".join(real) + "</mediawiki>", encoding="utf-8")
    probe.tried = len(shapes)
    try:
        r = run("extract", str(dump), "--lang", "en", "-o", str(work / "patho-out"), timeout=300)
        r0 = run("extract", str(ref), "--lang", "en", "-o", str(work / "patho-ref"), timeout=300)
    except subprocess.TimeoutExpired:
        probe.fail("the run did not finish in 5 minutes", lost=len(real))
        return probe
    if r.returncode != 0 or r0.returncode != 0:
        probe.fail("extract failed: " + (r.stderr or r0.stderr).strip()[-200:])
        return probe
    got = set(sorted_triples(work / "patho-out"))
    missing = [t for t in sorted_triples(work / "patho-ref") if t not in got]
    if missing:
        probe.fail(f"{len(missing)} triples of the real pages missing", lost=len(missing))
    return probe


def probe_slow_clients(serve: Serve, sockets: int, seconds: float) -> Probe:
    probe = Probe("slow clients")
    conns = []
    for _ in range(sockets):
        s = socket.create_connection(("127.0.0.1", serve.port))
        s.setblocking(False)
        s.send(b"GET / HTTP/1.1\r\n")
        conns.append(s)
    stop = time.monotonic() + seconds
    with httpx.Client(base_url=serve.url, timeout=10) as http:
        while time.monotonic() < stop:
            for s in conns:
                with contextlib.suppress(OSError):
                    s.send(b"X")
            probe.tried += 1
            try:
                if http.get("/health").status_code != 200:
                    probe.fail("an ordinary request failed while slow clients trickled")
            except httpx.HTTPError as exc:
                probe.fail(f"an ordinary request failed: {type(exc).__name__}")
            time.sleep(1.0)
    closed = 0
    for s in conns:
        try:
            data = s.recv(1024)
            closed += data == b"" or data.startswith(b"HTTP/1.1 408")
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    probe.tried += sockets
    if closed < sockets:
        probe.fail(f"{sockets - closed} of {sockets} trickling connections still open after {seconds:g} s")
    return probe


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared/data"))
    ap.add_argument("--seconds", type=float, default=120, help="length of the cross-talk probe")
    ap.add_argument("--kills", type=int, default=12, help="kill -9 points per kill probe")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    dumps = args.shared / "dumps" / "en"
    battles = dumps / "enwiki-2020-battles-546pages.xml.bz2"
    sample = dumps / "enwiki-2016-sample-206pages.xml.bz2"
    mappings = args.shared / "dbpedia"
    start = time.monotonic()
    probes: list[Probe] = []
    with tempfile.TemporaryDirectory(prefix="wikikg-soak-") as tmp:
        work = Path(tmp)
        print(f"soak: seed {seed}, work in {work}", file=sys.stderr)
        outs = []
        for name, dump in (("sample", sample), ("battles", battles)):
            out = work / f"out-{name}"
            r = run("extract", str(dump), "-o", str(out), "--mappings", str(mappings), "--jobs", "2")
            if r.returncode != 0:
                raise SystemExit("soak: extract failed: " + r.stderr.strip())
            outs.append(out)
        store = work / "store"
        r = run("load", str(outs[1]), "-s", str(store))
        if r.returncode != 0:
            raise SystemExit("soak: load failed: " + r.stderr.strip())
        serve = Serve(store, work / "serve.log", "--query-timeout", "2", "--query-workers", "2",
                      "--header-timeout", "5")
        try:
            print("soak: sparql cross-talk …", file=sys.stderr)
            probes.append(probe_crosstalk(serve, args.seconds, rng))
            print("soak: slow clients …", file=sys.stderr)
            probes.append(probe_slow_clients(serve, 200, 12))
        finally:
            serve.stop()
        print("soak: kill -9 extract …", file=sys.stderr)
        probes.append(probe_kill_extract(sample, mappings, work, args.kills, rng))
        print("soak: kill -9 load …", file=sys.stderr)
        probes.append(probe_kill_load((outs[0], outs[1]), work, args.kills, rng))
        print("soak: pathological pages …", file=sys.stderr)
        probes.append(probe_pathological(battles, work))
    width = max(len(p.name) for p in probes)
    print(f"\n{'probe':<{width}}  {'tried':>6}  {'failures':>8}  {'data lost':>9}")
    for p in probes:
        print(f"{p.name:<{width}}  {p.tried:>6}  {p.failures:>8}  {p.lost:>9}")
        for note in p.notes:
            print(f"{'':<{width}}    {note}")
    print(f"\n{time.monotonic() - start:.0f} s in all, seed {seed}")
    return 1 if any(p.failures for p in probes) else 0


if __name__ == "__main__":
    sys.exit(main())
