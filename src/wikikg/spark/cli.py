"""The Spark engine behind ``wikikg extract --engine spark`` and the spark-submit entry point.

The entry point takes exactly the options of ``wikikg extract`` (its parser is built by the same
:meth:`~wikikg.pipeline.config.ExtractConfig.add_arguments`), with the engine set to Spark; two of
them only Spark reads:

``--index DUMP=INDEX``
    the multistream index of DUMP, when it is not beside it under Wikimedia's name;
``--split-mb N``
    the largest input partition (default 64 MB of the input file).

Errors are mapped to the user as ``wikikg`` maps them (:func:`wikikg.cli.run_handler`).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import Any

from wikikg.cli import run_handler
from wikikg.pipeline.config import ExtractConfig
from wikikg.pipeline.manifest import summary
from wikikg.spark import job


def run_spark(config: ExtractConfig, spark: Any = None) -> dict[str, Any]:
    """Run a checked configuration on Spark; return the manifest."""
    if config.engine != "spark":
        config = dataclasses.replace(config, engine="spark")
    return job.run(config, spark=spark)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spark-submit …/wikikg/spark/__main__.py",
                                     description="Extract DBpedia-compatible datasets from MediaWiki XML dumps "
                                                 "with Spark.")
    ExtractConfig.add_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    parser.set_defaults(engine="spark")
    return parser


def _extract(args: argparse.Namespace) -> int:
    args.engine = "spark"
    config = ExtractConfig.from_args(args)
    summary(run_spark(config), config.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    return run_handler(_extract, args, verbose=args.verbose)
