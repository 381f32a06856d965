"""``wikikg extract DUMP [DUMP …] -o OUT`` — run the extractors over dumps."""

from __future__ import annotations

import argparse
from typing import Any

from wikikg.pipeline.config import ExtractConfig
from wikikg.pipeline.manifest import summary


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "extract", help="extract DBpedia datasets from MediaWiki XML dumps",
        description="Extract DBpedia-compatible datasets from MediaWiki XML dumps "
                    "(.xml, .bz2 including multistream, .gz, .xz).")
    ExtractConfig.add_arguments(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = ExtractConfig.from_args(args)
    if config.engine == "spark":
        from wikikg.spark.cli import run_spark

        manifest = run_spark(config)
    else:
        from wikikg.pipeline.run import run as run_local

        manifest = run_local(config)
    summary(manifest, config.out)
    return 0
