"""``make bench-serve``: how fast the battles graph loads and how fast it is served.

1. **Load.** The dump is extracted once (all extractors); then, alternately and ``--repeat``
   times, pyoxigraph's own bulk load of the same dataset files (``Store.bulk_load`` file by file,
   nothing else) and ``wikikg load`` (the same triples, plus the Lookup index, the manifest and
   the atomic publish) each build a fresh store.  The fastest run of each side is its cost (on a
   shared machine, other work only ever adds time); their ratio is the figure (target ≤ 1.3),
   printed beside the ratio of the medians and that of the CPU times.  (pyoxigraph's bulk loader
   writes and syncs its files once per call: one call per file costs more waiting than
   ``wikikg load``'s single stream of all files.)
2. **Serve.** ``wikikg serve`` runs on a loopback port; a second process
   (:mod:`wikikg.server.loadgen`) keeps ``--connections`` keep-alive connections busy for
   ``--seconds`` per endpoint: ``/page/…`` and ``/data/….ttl`` of every resource of the Lookup
   index that has a page in the dump, ``/lookup/prefix`` with prefixes of their labels, and a
   point SPARQL query per resource.  Each endpoint's URLs are shuffled and cycled, so a run starts
   cold and warms the response cache; the share served from the cache and the latencies of the
   misses (first renders) are printed beside the overall p50/p99, and ``/page (no cache)`` runs
   against a second server whose response cache is off.  Targets: ``/lookup/prefix`` p99 ≤ 20 ms,
   ``/page`` p50 ≤ 15 ms.
3. **Time limit.** A query that cannot finish (a three-way cross product) against the second server,
   started with ``--query-timeout 2``: how long until its 503 arrives, beside the limit (target:
   within the limit + 3 s; the query worker pool's own cut-off is what this measures).

A benchmark prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from wikikg.rdf.ntfiles import open_dataset
from wikikg.server.site import edition_keys
from wikikg.server.urls import Urls
from wikikg.store import load, open_store
from wikikg.store.files import discover


def pyoxigraph_load(files: list[Path], target: Path) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    store = ox.Store(str(target))
    for path in files:
        with open_dataset(path) as fh:
            store.bulk_load(fh, ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    return time.perf_counter() - start, time.process_time() - cpu


def wikikg_load(out: Path, target: Path) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    load([out], target, progress=lambda _: None)
    return time.perf_counter() - start, time.process_time() - cpu


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request_paths(store_path: Path, seed: int = 7) -> dict[str, list[str]]:
    store = open_store(store_path)
    urls = Urls(edition_keys(list(store.manifest.namespaces), store.primary_lang))
    # the resources with a page of their own in the dump (labelled), not the ones only linked to
    rows = store.lookup._db.execute(
        "SELECT iri, label FROM entity WHERE id IN (SELECT entity FROM name WHERE lang IS NOT NULL) ORDER BY id"
    ).fetchall()
    rng = random.Random(seed)
    pages, data, prefix, sparql = [], [], [], []
    for iri, label in rows:
        page = urls.page(iri)
        if page is None:
            continue
        pages.append(page)
        data.append(urls.data(iri, "ttl") or page)
        cut = max(2, min(len(label), rng.randint(2, 8)))
        prefix.append("/lookup/prefix?" + urlencode({"query": label[:cut]}, quote_via=quote))
        query = f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT 100"
        sparql.append("/sparql?" + urlencode({"query": query, "format": "json"}, quote_via=quote))
    store.close()
    out = {"/page": pages, "/page (no cache)": list(pages), "/data": data, "/lookup/prefix": prefix,
           "/sparql (point query)": sparql}
    for paths in out.values():
        rng.shuffle(paths)
    return out


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIME_LIMIT = 2.0


def serve(store: Path, port: int, cache_mb: int = 64, query_timeout: float = 30.0) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "wikikg", "serve", "-s", str(store), "--port", str(port),
                             "--cache-mb", str(cache_mb), "--query-timeout", str(query_timeout)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                time.sleep(1.0)  # let the query workers finish starting
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench-serve: the server did not start")


def time_limit_answer(port: int) -> tuple[int, float, str]:
    """Status, seconds until the answer, and the announced limit of a query over the time limit."""
    url = f"http://127.0.0.1:{port}/sparql?" + urlencode({"query": HEAVY, "format": "json"}, quote_via=quote)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            r.read()
            status, limit = r.status, r.headers.get("x-sparql-time-limit", "?")
    except urllib.error.HTTPError as e:
        status, limit = e.code, e.headers.get("x-sparql-time-limit", "?")
    return status, time.perf_counter() - start, limit


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Load and serving benchmark on one dump (the battles graph).")
    p.add_argument("dump", type=Path)
    p.add_argument("--mappings", type=Path, help="folder with ontology/ and mappings/ for the extraction")
    p.add_argument("--seconds", type=float, default=20.0, help="seconds of load per endpoint (default 20)")
    p.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    p.add_argument("--repeat", type=int, default=5, help="load timings per side (default 5)")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wikikg-bench-serve-"))
    try:
        out = work / "out"
        print(f"extracting {args.dump.name} …", flush=True)
        # through the command line: the server package does not import the extractors
        command = [sys.executable, "-m", "wikikg", "extract", str(args.dump), "-o", str(out), "--no-progress"]
        if args.mappings:
            command += ["--mappings", str(args.mappings)]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
        files = [f.path for f in discover(out)]
        triples = 0
        for f in files:
            with open_dataset(f) as fh:
                triples += sum(1 for _ in fh)
        print(f"{len(files)} dataset files, {triples:,} triples\n")

        ours, theirs = [], []
        for i in range(args.repeat):
            theirs.append(pyoxigraph_load(files, work / f"raw{i}"))
            ours.append(wikikg_load(out, work / f"store{i}"))
            shutil.rmtree(work / f"raw{i}")
            if i:
                shutil.rmtree(work / f"store{i}")
        # the fastest of the runs is each side's own cost; the machine's other work only adds.
        # CPU time (all threads of this process) is shown too: it does not wait for the disk
        a, b = min(w for w, _ in ours), min(w for w, _ in theirs)
        ca, cb = min(c for _, c in ours), min(c for _, c in theirs)
        ma, mb = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in theirs)
        print(f"load ({args.repeat} runs each, alternating)   fastest    median       CPU")
        print(f"  pyoxigraph bulk_load        {b:7.3f} s  {mb:7.3f} s  {cb:7.3f} s   ({triples / b:,.0f} triples/s)")
        print(f"  wikikg load (+ Lookup)      {a:7.3f} s  {ma:7.3f} s  {ca:7.3f} s   ({triples / a:,.0f} triples/s)")
        print(f"  ratio                       {a / b:7.2f}    {ma / mb:7.2f}    {ca / cb:7.2f}     "
              f"target ≤ 1.3  {'ok' if a / b <= 1.3 else 'MISSED'}\n")

        store = work / "store0"
        paths = request_paths(store)
        port, bare_port = free_port(), free_port()
        server, bare = serve(store, port), serve(store, bare_port, cache_mb=0, query_timeout=TIME_LIMIT)
        try:
            print(f"serving: {args.connections} connections × {args.seconds:g} s per endpoint, loopback, "
                  f"{len(paths['/page']):,} resources with a page\n")
            print(f"{'endpoint':24} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'cached':>7} "
                  f"{'miss p50':>9} {'miss p99':>9} {'errors':>7}")
            results = {}
            for name, urls in paths.items():
                listing = work / "paths.txt"
                listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
                target = bare_port if "no cache" in name else port
                proc = subprocess.run([sys.executable, "-m", "wikikg.server.loadgen", str(listing), "--port", str(target),
                                       "--connections", str(args.connections), "--seconds", str(args.seconds)],
                                      capture_output=True, text=True, check=True)
                r = json.loads(proc.stdout)
                results[name] = r
                print(f"{name:24} {r['rps']:8.0f} {r['p50']:8.2f} {r['p90']:8.2f} {r['p99']:8.2f} "
                      f"{r['hit_ratio']:7.0%} {r['miss_p50']:9.2f} {r['miss_p99']:9.2f} {r['errors']:7d}")
            status, spent, limit = time_limit_answer(bare_port)
        finally:
            for proc_ in (server, bare):
                proc_.terminate()
                proc_.wait(10)
        page, cold, lookup = results["/page"], results["/page (no cache)"], results["/lookup/prefix"]
        print(f"\ntargets: /lookup/prefix p99 {lookup['p99']:.1f} ms (≤ 20: {'ok' if lookup['p99'] <= 20 else 'MISSED'}), "
              f"/page p50 {page['p50']:.1f} ms (≤ 15: {'ok' if page['p50'] <= 15 else 'MISSED'}; "
              f"without the cache {cold['p50']:.1f} ms)")
        within = status == 503 and spent <= TIME_LIMIT + 3
        print(f"time limit: a query over it answered {status} after {spent:.2f} s (limit {limit} s; "
              f"target ≤ limit + 3 s: {'ok' if within else 'MISSED'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
