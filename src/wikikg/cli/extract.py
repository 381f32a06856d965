"""``wikikg extract DUMP [DUMP …] -o OUT`` — run the extractors over dumps."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from wikikg.errors import ConfigError
from wikikg.extractors import registry

log = logging.getLogger("wikikg")


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "extract", help="extract DBpedia datasets from MediaWiki XML dumps",
        description="Extract DBpedia-compatible datasets from MediaWiki XML dumps "
                    "(.xml, .bz2 including multistream, .gz, .xz).")
    p.add_argument("dumps", nargs="+", metavar="DUMP", help="dump files (the spark engine also takes hdfs://, s3a:// … URLs)")
    p.add_argument("-o", "--out", type=Path, required=True,
                   help="output folder: one run at a time (a second is refused); the previous finished run "
                        "stays until the new one is published whole")
    p.add_argument("--lang", help="edition language: one for all dumps, or one per dump comma-separated "
                                  "(default: the file name's wiki prefix, else <siteinfo>)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--extractors", "-e", action="append", metavar="NAMES",
                   help="extractor or group names, comma-separated (default: all); groups: "
                        + ", ".join(sorted(registry.groups())))
    p.add_argument("--compress", choices=["gz", "bz2", "none"], default="gz", help="output compression")
    p.add_argument("--base", help="resource namespace instead of http://{lang}.dbpedia.org/resource/")
    p.add_argument("--mappings", type=Path, metavar="DIR",
                   help="folder with ontology/ and mappings/ (default: DBpedia's, downloaded once and cached)")
    p.add_argument("--mappings-url", metavar="URL",
                   help="where to download DBpedia's ontology and mappings from (default: DBpedia's published files)")
    p.add_argument("--cache-dir", type=Path, metavar="DIR",
                   help="where downloaded ontology and mappings are kept (default ~/.cache/wikikg)")
    p.add_argument("--langlinks", type=Path, action="append", metavar="FILE",
                   help="a langlinks SQL table dump ({lang}wiki-…-langlinks.sql.gz); may be repeated")
    p.add_argument("--canonical", default="en", metavar="LANG",
                   help="the edition whose IRIs the canonical view uses (default en)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar (default: when stderr is a terminal)")
    p.add_argument("--engine", choices=["local", "spark"], default="local",
                   help="local: this machine's processes (--jobs); spark: a PySpark job (see README, Scaling out)")
    p.add_argument("--master", metavar="URL",
                   help="Spark master for --engine spark (local[4], spark://host:7077, yarn, k8s://…; "
                        "default: spark-submit's, else local[*])")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from wikikg.pipeline.run import extract

    if args.base and not args.base.startswith(("http://", "https://")):
        raise ConfigError(f"--base must be an http(s) IRI, not {args.base!r}")
    options: dict[str, Any] = {"canonical": args.canonical}
    if args.mappings:
        options["mappings_dir"] = str(args.mappings)
    if args.mappings_url:
        options["mappings_url"] = args.mappings_url
    if args.cache_dir:
        options["cache_dir"] = str(args.cache_dir)
    if args.langlinks:
        options["langlinks"] = [str(p) for p in args.langlinks]
    if args.engine == "spark":
        from wikikg.spark.cli import run_spark

        manifest = run_spark(args, options)
    else:
        manifest = extract(args.dumps, args.out, extractors=args.extractors, jobs=args.jobs,
                           compress=args.compress, lang=args.lang, base=args.base, options=options,
                           progress=args.progress)
    pages = manifest["pages"]
    log.info("%d pages (%d articles, %d redirects) → %d triples in %d files, %.1f s (%.0f pages/s) → %s",
             pages["total"], pages.get("articles", 0), pages.get("redirects", 0), manifest["triples"],
             len(manifest["datasets"]), manifest["wall_seconds"], manifest["pages_per_second"] or 0, args.out)
    return 0
