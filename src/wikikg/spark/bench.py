"""``make bench-spark``: Spark ``local[2]`` beside the local engine with ``--jobs 2``, and what that
means for English Wikipedia on a cluster.

On one dump, with the same extractors, best of ``--repeat`` interleaved runs of each (the machine
is shared and noisy):

* the local engine with two worker processes;
* Spark in local mode with two cores, the session already up and its Python workers warm (a
  cluster pays the start once per application, not per dump); the session start and the first,
  cold run are printed apart;

then the overhead of Spark as a ratio, the per-core rates of Spark's extraction job (pages/s and
MB of XML/s per core), and from them the time English Wikipedia would take on a 32-core cluster —
by pages (~17 M incl. redirects) and by XML volume (~100 GB); the whole-run steps (joins) are not
in the projection, since their cost on the small dump is Spark's fixed cost per job.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from wikikg.dump.compression import open_dump
from wikikg.pipeline.run import extract as local_extract
from wikikg.spark.job import extract as spark_extract
from wikikg.spark.session import get_session

#: English Wikipedia, pages-articles: ~7 M articles, ~17 M pages with redirects, ~100 GB of XML
ENWIKI_PAGES = 17_000_000
ENWIKI_XML_BYTES = 100e9
CLUSTER_CORES = 32


def xml_bytes(path: Path) -> int:
    """Bytes of decompressed XML in a dump."""
    n = 0
    with open_dump(path) as f:
        while block := f.read_block(1 << 20):
            n += len(block)
    return n


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dump", type=Path)
    ap.add_argument("--mappings", type=Path, help="ontology/mappings folder for the mapping extractors")
    ap.add_argument("--extractors", "-e", action="append", help="extractor or group names (default: all)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--cores", type=int, default=2, help="local engine jobs and Spark local[N] cores (default 2)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    options: dict[str, Any] = {"mappings_dir": str(args.mappings)} if args.mappings else {}
    cores = args.cores
    size = xml_bytes(args.dump)

    t = time.perf_counter()
    spark = get_session(f"local[{cores}]", app_name="wikikg bench-spark")
    session_start = time.perf_counter() - t
    local_times: list[float] = []
    spark_runs: list[tuple[float, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="wikikg-bench-spark-") as tmp:
        out = Path(tmp)

        def run_spark() -> tuple[float, dict[str, Any]]:
            t = time.perf_counter()
            manifest = spark_extract([args.dump], out / "spark", spark=spark, extractors=args.extractors,
                                     options=options)
            return time.perf_counter() - t, manifest

        cold, manifest = run_spark()
        pages = int(manifest["pages"]["total"])
        for _ in range(args.repeat):
            t = time.perf_counter()
            local_extract([args.dump], out / "local", jobs=cores, extractors=args.extractors, options=options,
                          progress=False)
            local_times.append(time.perf_counter() - t)
            spark_runs.append(run_spark())
    spark.stop()

    local_best = min(local_times)
    spark_best, best_manifest = min(spark_runs, key=lambda r: r[0])
    seconds = best_manifest["spark"]["seconds"]
    extract_s = float(seconds["extract"])
    steps_s = float(seconds.get("whole-run steps", 0.0))
    per_core_pages = pages / extract_s / cores
    per_core_bytes = size / extract_s / cores
    by_pages = ENWIKI_PAGES / (per_core_pages * CLUSTER_CORES)
    by_bytes = ENWIKI_XML_BYTES / (per_core_bytes * CLUSTER_CORES)

    print(f"dump: {args.dump.name}: {pages} pages, {size / 1e6:.1f} MB of XML; extractors: "
          f"{', '.join(args.extractors or ['all'])}; best of {args.repeat} interleaved runs")
    print(f"{'engine':<34}{'wall s':>8}{'pages/s':>9}")
    print(f"{f'local, --jobs {cores}':<34}{local_best:>8.2f}{pages / local_best:>9.0f}")
    print(f"{f'spark local[{cores}], warm':<34}{spark_best:>8.2f}{pages / spark_best:>9.0f}")
    print(f"{'  of which the extraction job':<34}{extract_s:>8.2f}{pages / extract_s:>9.0f}")
    print(f"{'  of which the whole-run steps':<34}{steps_s:>8.2f}")
    print(f"spark / local wall time: {spark_best / local_best:.2f}×  "
          f"(session start {session_start:.1f} s and first, cold run {cold:.1f} s not included)")
    print(f"per core, Spark's extraction job: {per_core_pages:.1f} pages/s, {per_core_bytes / 1e6:.2f} MB XML/s")
    print(f"English Wikipedia on {CLUSTER_CORES} cores (extraction job, at these per-core rates):")
    print(f"  by pages  (~{ENWIKI_PAGES / 1e6:.0f} M pages incl. redirects): {by_pages / 3600:.1f} h")
    print(f"  by volume (~{ENWIKI_XML_BYTES / 1e9:.0f} GB of XML):              {by_bytes / 3600:.1f} h")


if __name__ == "__main__":
    main()
