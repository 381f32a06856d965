"""``wikikg download WIKI``: Wikimedia dump files, resumable and checked against their published checksums."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wikikg.errors import ConfigError
from wikikg.fetch.catalog import DEFAULT_KINDS, DEFAULT_MIRROR
from wikikg.fetch.download import download_dump
from wikikg.fetch.options import add_http_arguments, client_from_args


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "download",
        help="download Wikimedia dump files (verified, resumable)",
        description=(
            "Download the files of a Wikimedia dump run into DIR. Each file is checked against the run's "
            "published sha1 (or md5) checksum before it takes its final name; an interrupted download resumes "
            "where it stopped. Prints the paths of the files."
        ),
    )
    parser.add_argument("wiki", metavar="WIKI", help="the wiki's dump name: enwiki, simplewiki, dewiki … (or en, de …)")
    parser.add_argument(
        "--date", default="latest", help="the run, YYYYMMDD; 'latest' is the newest run whose files are all done"
    )
    parser.add_argument(
        "--files",
        default=",".join(DEFAULT_KINDS),
        metavar="KINDS",
        help="comma-separated kinds: pages-articles, pages-articles-multistream (with its index), langlinks, "
        f"page, redirect, categorylinks … (default: {','.join(DEFAULT_KINDS)})",
    )
    parser.add_argument("-d", "--dir", dest="directory", type=Path, default=Path("."), metavar="DIR", help="target folder (default .)")
    parser.add_argument(
        "--mirror", default=DEFAULT_MIRROR, metavar="URL", help=f"base URL of the dumps tree (default {DEFAULT_MIRROR})"
    )
    add_http_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    kinds = [k.strip() for k in args.files.split(",") if k.strip()]
    if not kinds:
        raise ConfigError("--files names no file kind")
    if args.directory.exists() and not args.directory.is_dir():
        raise ConfigError(f"not a folder: {args.directory}")
    paths = download_dump(
        client_from_args(args), args.wiki, args.directory, date=args.date, kinds=kinds, mirror=args.mirror
    )
    for path in paths:
        print(path)
    return 0
