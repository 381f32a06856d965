"""``wikikg load OUT [OUT …] -s STORE``: bulk-load extractions into the embedded store."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from wikikg.errors import ConfigError
from wikikg.store.files import VIEWS

log = logging.getLogger("wikikg")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("load", help="load extraction output into an on-disk RDF store",
                       description="Bulk-load the dataset files of one or more `wikikg extract` output folders — "
                                   "exactly those each folder's manifest.json lists, checked against their "
                                   "recorded size and SHA-1 — into an Oxigraph store, and build its Lookup "
                                   "index. A folder without a manifest is refused. Atomic: a load that is "
                                   "interrupted leaves the store as it was. Loading the same files again "
                                   "changes nothing.")
    p.add_argument("outs", nargs="+", type=Path, metavar="OUT", help="output folder(s) of `wikikg extract`")
    p.add_argument("-s", "--store", type=Path, required=True, help="the store folder (created if missing)")
    p.add_argument("--view", choices=VIEWS, default="canonical",
                   help="canonical: each edition's _canonicalized files where they exist (default); "
                        "localized: the plain files only; all: every file")
    p.add_argument("--replace", action="store_true", help="build the store from these folders only, "
                   "dropping what was loaded before")
    p.add_argument("--tmp-dir", type=Path, help="where the Lookup index spills its sorts (default: inside the store)")
    p.add_argument("--lookup-memory-mb", type=int, default=64, metavar="MB",
                   help="memory the Lookup index's on-disk tables may hold (default 64); more spills to disk")
    p.add_argument("--no-progress", action="store_true", help="progress as log lines, never as bars")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from wikikg.store import load

    if args.lookup_memory_mb < 1:
        raise ConfigError("--lookup-memory-mb: at least 1")
    if args.tmp_dir is not None and not args.tmp_dir.is_dir():
        raise ConfigError(f"--tmp-dir {args.tmp_dir}: not a folder")
    report = load(args.outs, args.store, view=args.view, replace=args.replace, tmp_dir=args.tmp_dir,
                  cache_kib=args.lookup_memory_mb * 1024, bar=False if args.no_progress else None)
    if report.unchanged:
        print(f"{args.store}: unchanged ({report.triples:,} triples, {report.entities:,} resources)")
        return 0
    print(f"{args.store}: loaded {len(report.loaded)} dataset files"
          + (f", {len(report.skipped)} already there" if report.skipped else "")
          + f" → {report.triples:,} triples, {report.entities:,} resources in {report.seconds:.1f} s"
          + (" (rebuilt)" if report.rebuilt else ""))
    return 0
