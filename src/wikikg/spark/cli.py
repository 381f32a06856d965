"""The Spark engine behind ``wikikg extract --engine spark`` and the spark-submit entry point.

The entry point takes exactly the options of ``wikikg extract`` (its parser is built by the same
``register``), with the engine set to Spark, plus two that only Spark has:

``--index DUMP=INDEX``
    the multistream index of DUMP, when it is not beside it under Wikimedia's name;
``--split-mb N``
    the largest input partition (default 64 MB of the input file).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wikikg.errors import ConfigError, WikiKGError
from wikikg.spark.inputs import is_url
from wikikg.spark.job import DEFAULT_SPLIT_MB, extract


def run_spark(args: argparse.Namespace, options: dict[str, Any]) -> dict[str, Any]:
    """Run ``wikikg extract``'s parsed arguments on Spark; return the manifest."""
    indexes: dict[str, str] = {}
    for item in getattr(args, "index", None) or []:
        dump, eq, index = item.partition("=")
        if not eq or not dump or not index:
            raise ConfigError(f"--index takes DUMP=INDEX, not {item!r}")
        indexes[dump] = index
    return extract(_locations(args.dumps, sys.argv), args.out, extractors=args.extractors, compress=args.compress, lang=args.lang,
                   base=args.base, options=options, master=args.master, progress=args.progress,
                   split_mb=getattr(args, "split_mb", DEFAULT_SPLIT_MB), indexes=indexes)


def _locations(dumps: Sequence[Any], argv: Sequence[str]) -> list[str]:
    """The inputs as typed: a URL parsed as a :class:`~pathlib.Path` lost the second slash of
    ``scheme://`` (``s3a:/bucket/key``), so URLs are taken back from the command line.

    >>> from pathlib import Path
    >>> _locations([Path("s3a://b/enwiki.xml.bz2"), Path("a.xml")], ["wikikg", "s3a://b/enwiki.xml.bz2", "a.xml"])
    ['s3a://b/enwiki.xml.bz2', 'a.xml']
    """
    typed = {str(Path(a)): a for a in argv if is_url(a)}
    return [typed.get(str(d), str(d)) for d in dumps]


def build_parser() -> argparse.ArgumentParser:
    from wikikg.cli import extract as extract_cli

    top = argparse.ArgumentParser(prog="wikikg.spark")
    sub = top.add_subparsers(dest="command")
    extract_cli.register(sub)
    parser: argparse.ArgumentParser = sub.choices["extract"]
    parser.prog = "spark-submit …/wikikg/spark/__main__.py"
    for action in parser._actions:
        if action.dest == "dumps":
            action.type = str  # keep URLs (hdfs://…) as typed
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    parser.add_argument("--index", action="append", metavar="DUMP=INDEX",
                        help="the multistream index of DUMP (default: found beside it by Wikimedia's name)")
    parser.add_argument("--split-mb", type=float, default=DEFAULT_SPLIT_MB, metavar="N",
                        help=f"the largest input partition, in MB of the input file (default {DEFAULT_SPLIT_MB})")
    parser.set_defaults(engine="spark")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    args.engine = "spark"
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    try:
        status: int = args.handler(args)
    except WikiKGError as exc:
        print(f"wikikg: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wikikg: interrupted", file=sys.stderr)
        return 130
    return status
