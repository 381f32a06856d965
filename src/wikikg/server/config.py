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
    new ``wikikg load`` (see :mod:`wikikg.server.live`); ``request_timeout``: seconds a page,
    data document or Lookup answer may take before it is answered ``503`` instead;
    ``header_timeout``, ``keepalive_timeout`` and ``max_connections``: what a connection may
    cost (see :mod:`wikikg.server.guard`); ``query_memory_mb``, ``max_result_bytes``,
    ``queries_per_client`` and ``client_budget``: what one SPARQL query and one client may cost
    (see :class:`wikikg.store.sparql.Limits` and :class:`~wikikg.store.sparql.WorkerPool`)."""

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
    request_timeout: float = 30.0
    header_timeout: float = 20.0
    keepalive_timeout: float = 5.0
    max_connections: int = 1024
    query_memory_mb: int = 1024
    max_result_bytes: int = 32 * 1024 * 1024
    queries_per_client: int = 2
    client_budget: float = 60.0
