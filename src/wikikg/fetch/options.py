"""Command-line options shared by ``wikikg download`` and ``wikikg fetch``: who we are, how we retry."""

from __future__ import annotations

import argparse
import os

from wikikg.errors import ConfigError
from wikikg.fetch.http import HttpClient, RetryPolicy, user_agent


def add_http_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("politeness")
    group.add_argument(
        "--contact",
        default=os.environ.get("WIKIKG_CONTACT"),
        help="your e-mail or URL, sent in the User-Agent as Wikimedia asks (default: $WIKIKG_CONTACT)",
    )
    group.add_argument("--retries", type=int, default=5, help="retries of a failed request (default 5)")
    group.add_argument(
        "--backoff",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="first wait before a retry, doubled each time, unless the server says Retry-After (default 2)",
    )
    group.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="socket timeout (default 60)")


def client_from_args(args: argparse.Namespace) -> HttpClient:
    if args.retries < 0 or args.backoff < 0 or args.timeout <= 0:
        raise ConfigError("--retries and --backoff must be ≥ 0, --timeout > 0")
    return HttpClient(
        agent=user_agent(args.contact), policy=RetryPolicy(retries=args.retries, backoff=args.backoff), timeout=args.timeout
    )
