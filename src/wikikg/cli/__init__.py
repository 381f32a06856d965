"""The ``wikikg`` command: one group of subcommands, one module each.

Every module in this package that defines ``register(subparsers)`` contributes a subcommand; the
module's handler returns the exit status.  A :class:`~wikikg.errors.WikiKGError` escaping a handler
is the user's problem, said in one line with exit status 2; Ctrl-C exits 130 without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from wikikg import __version__
from wikikg.errors import WikiKGError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wikikg",
        description="MediaWiki dumps in, a DBpedia-compatible knowledge graph out.",
    )
    parser.add_argument("--version", action="version", version=f"wikikg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    try:
        status: int = args.handler(args)
    except WikiKGError as exc:
        print(f"wikikg: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wikikg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status
