"""``wikikg fetch TITLE …``: a topic from today's Wikipedia as real dump files, through the MediaWiki API."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wikikg.fetch.api import DEFAULT_API
from wikikg.fetch.options import add_http_arguments, client_from_args
from wikikg.fetch.topic import MANIFEST, TopicRequest, fetch_topic, languages_arg


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "fetch",
        help="fetch articles (and what they link to, in other languages too) as dump files",
        description=(
            "Build export-format dumps of a set of articles through the MediaWiki Action API: their current "
            "revisions, redirects followed, the articles they link to (to --links-depth), their language links "
            "as a langlinks table dump, and the same articles in the other --languages, each edition its own "
            f"{{wiki}}-{{date}}-export.xml.bz2. Writes OUT/{MANIFEST} and prints the files written."
        ),
    )
    parser.add_argument("titles", nargs="+", metavar="TITLE", help="article titles, as on the wiki")
    parser.add_argument("--lang", default="en", help="the edition of the titles (default en)")
    parser.add_argument(
        "--links-depth", type=int, default=0, metavar="N", help="also fetch linked articles, N links away (default 0)"
    )
    parser.add_argument(
        "--languages",
        type=languages_arg,
        default=(),
        metavar="CODES",
        help="comma-separated editions to fetch the same articles from, e.g. ar,es,fr",
    )
    parser.add_argument(
        "--translate-links",
        action="store_true",
        help="fetch the linked articles in the other --languages too, not only the given titles",
    )
    parser.add_argument(
        "--max-pages", type=int, default=5000, metavar="N", help="stop following links at N articles (default 5000)"
    )
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--api-url",
        default=DEFAULT_API,
        metavar="URL",
        help=f"the Action API, {{lang}} standing for the edition (default {DEFAULT_API})",
    )
    add_http_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    request = TopicRequest(
        lang=args.lang.strip().lower(),
        titles=tuple(t for t in (t.strip() for t in args.titles) if t),
        links_depth=args.links_depth,
        languages=args.languages,
        translate_links=args.translate_links,
        max_pages=args.max_pages,
        api_url=args.api_url,
    )
    for export in fetch_topic(client_from_args(args), request, args.out):
        print(export.dump)
        if export.langlinks is not None:
            print(export.langlinks)
    return 0
