"""``make bench``: extraction speed beside the time to only read the same dump, in one run.

Prints, for one dump and one process: the read-only time (decompress + XML parse), the time of the
generic extractors and of all extractors (full runs, files written), their ratios to reading, the
speed-up of ``--jobs 2`` over ``--jobs 1``, and where the time goes per extractor.  Runs are
interleaved and the best of ``--repeat`` is kept, since the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wikikg.dump.xml import DumpReader
from wikikg.extractors import registry
from wikikg.extractors.base import ExtractionContext
from wikikg.pipeline.run import extract
from wikikg.rdf.iri import IriMinter
from wikikg.wikitext.parsed import ParsedPage


def _time(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def read_only(path: Path) -> int:
    with DumpReader(path) as reader:
        return sum(1 for _ in reader)


def per_extractor(path: Path, options: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Time of the shared scan, then of each extractor over pages whose scan is already done."""
    with DumpReader(path) as reader:
        site = reader.siteinfo
        pages = list(reader)
    ctx = ExtractionContext(site.lang, site, IriMinter(site.lang, wiki_base=site.article_base), options)
    parsed = [ParsedPage(p, site, site.lang) for p in pages]
    t = time.perf_counter()
    for pp in parsed:
        _ = pp.link_titles, pp.templates, pp.lead
    scan = time.perf_counter() - t
    times: dict[str, float] = {}
    for cls in registry.select(["all"]):
        ex = cls(ctx)
        t = time.perf_counter()
        for pp in parsed:
            try:
                for _ in ex.extract(pp):
                    pass
            except Exception:
                continue
        times[cls.name] = time.perf_counter() - t
    return scan, times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dump", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mappings", type=Path, help="ontology/mappings folder for the mapping extractors")
    args = ap.parse_args()
    opts = {"mappings_dir": str(args.mappings)} if args.mappings else {}
    logging.disable(logging.INFO)
    pages = read_only(args.dump)
    runs: dict[str, list[float]] = {"read": [], "generic": [], "all": [], "generic-jobs2": [], "all-jobs2": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(args.repeat):
            runs["read"].append(_time(lambda: read_only(args.dump)))
            runs["generic"].append(_time(lambda: extract([args.dump], out / "g1", extractors=["generic"],
                                                        progress=False)))
            runs["generic-jobs2"].append(_time(lambda: extract([args.dump], out / "g2", extractors=["generic"],
                                                              jobs=2, progress=False)))
            runs["all"].append(_time(lambda: extract([args.dump], out / "a1", progress=False, options=opts)))
            runs["all-jobs2"].append(_time(lambda: extract([args.dump], out / "a2", jobs=2, progress=False,
                                                          options=opts)))
    best = {k: min(v) for k, v in runs.items()}
    print(f"dump: {args.dump.name} ({pages} pages), best of {args.repeat} interleaved runs")
    print(f"{'run':<16}{'best s':>9}{'median s':>10}{'pages/s':>10}{'× read':>9}")
    for k, v in runs.items():
        print(f"{k:<16}{best[k]:>9.2f}{statistics.median(v):>10.2f}{pages / best[k]:>10.0f}"
              f"{best[k] / best['read']:>9.2f}")
    print(f"\ngeneric / read  = {best['generic'] / best['read']:.2f}   (target ≤ 4)")
    print(f"all / read      = {best['all'] / best['read']:.2f}   (target ≤ 10)")
    print(f"jobs 2 speed-up = {best['generic'] / best['generic-jobs2']:.2f}× generic, "
          f"{best['all'] / best['all-jobs2']:.2f}× all   (target ≥ 1.7)")
    scan, times = per_extractor(args.dump, opts)
    total = scan + sum(times.values())
    print(f"\nwhere the time goes (one process, pages in memory; total {total:.2f} s):")
    print(f"  {'shared scan':<34}{scan:>7.2f} s {100 * scan / total:>5.1f} %")
    for name, t in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<34}{t:>7.2f} s {100 * t / total:>5.1f} %")


if __name__ == "__main__":
    main()
