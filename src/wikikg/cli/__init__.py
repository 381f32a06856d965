"""The ``wikikg`` command: one group of subcommands, one module each.

Every module in this package that defines ``register(subparsers)`` contributes a subcommand; the
module's handler returns the exit status.  A :class:`~wikikg.errors.WikiKGError` escaping a handler
is the user's problem, said in one line with exit status 2; Ctrl-C exits 130 without a traceback
(:func:`run_handler`, which the spark-submit entry point uses too).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Callable, Sequence

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
    return run_handler(args.handler, args, verbose=args.verbose)


def run_handler(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace, *,
                verbose: bool = False) -> int:
    """Run a command's ``handler`` with the log set up and its errors mapped to the user, once for
    every entry point (``wikikg`` and the spark-submit driver, :mod:`wikikg.spark.cli`).

    A :class:`~wikikg.errors.WikiKGError` is one line ``wikikg: …`` and status 2; Ctrl-C is
    ``wikikg: interrupted`` and status 130; a reader that closed our standard output early
    (``wikikg query … | head``) ends the command quietly with status 0 — what is left unwritten
    goes nowhere, so the interpreter's last flush does not fail either.
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    try:
        status: int = handler(args)
    except WikiKGError as exc:
        print(f"wikikg: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wikikg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return 0
    try:
        sys.stdout.flush()  # the last buffered lines: a closed pipe shows here, not at exit
    except BrokenPipeError:
        _discard_stdout()
    return status


def _discard_stdout() -> None:
    """Point standard output at ``/dev/null``: the reader is gone (Python's advice for SIGPIPE)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
