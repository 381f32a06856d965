"""The server's settings: one frozen record, filled from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    """``store``: the store folder; ``query_timeout`` (seconds) and ``max_rows``: the SPARQL
    endpoint's limits, announced in every response's headers; ``query_workers``: processes that
    run user SPARQL; ``cache_mb``: memory for rendered responses (per served generation: a
    generation never changes, so a response stays valid while it is served);
    ``reload_interval``: seconds between two looks at the store's ``CURRENT`` file, to follow a
    new ``wikikg load`` (see :mod:`wikikg.server.live`)."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 30.0
    max_rows: int = 10_000
    query_workers: int = 2
    cache_mb: int = 64
    lookup_max_results: int = 100
    inbound_limit: int = 2000
    html_max_rows: int = 2000
    reload_interval: float = 1.0
