"""``wikikg serve -s STORE``: Linked Data pages, a SPARQL endpoint and Lookup over HTTP."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wikikg.server.guard import ConnectionLimits

log = logging.getLogger("wikikg")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve a store: resource pages, SPARQL, Lookup",
                       description="Serve a store made by `wikikg load`: /resource/… pages and data, /sparql "
                                   "(read-only SPARQL 1.1 Protocol), /lookup/search and /lookup/prefix.")
    p.add_argument("-s", "--store", type=Path, required=True, help="the store folder")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--query-timeout", type=float, default=30.0, help="seconds a SPARQL query may run (default 30)")
    p.add_argument("--max-rows", type=int, default=10_000, help="rows a SPARQL result may have (default 10000)")
    p.add_argument("--query-workers", type=int, default=2, help="processes running SPARQL queries (default 2)")
    p.add_argument("--cache-mb", type=int, default=64, help="memory for rendered pages, in MB (default 64)")
    # what one SPARQL query and one client may cost (wikikg.store.sparql; README "Security")
    p.add_argument("--query-memory", type=int, default=1024, metavar="MB",
                   help="memory one SPARQL query worker may allocate; a query over it gets 503 (default 1024)")
    p.add_argument("--max-result-bytes", type=int, default=32 * 1024 * 1024, metavar="N",
                   help="bytes of serialized SPARQL result, then it is cut and marked truncated (default 32 MiB)")
    p.add_argument("--queries-per-client", type=int, default=2, metavar="N",
                   help="SPARQL queries one client address may run at once; more get 429 (default 2)")
    p.add_argument("--client-budget", type=float, default=60.0, metavar="SECONDS",
                   help="seconds of SPARQL query time one client address may use per minute; more get 429 (default 60)")
    # what a request or a connection may cost (wikikg.server.guard; README "Security")
    p.add_argument("--request-timeout", type=float, default=30.0,
                   help="seconds a page, data document or Lookup answer may take, else 503 (default 30)")
    p.add_argument("--header-timeout", type=float, default=20.0,
                   help="seconds a connection has to send a complete request head, and as long for its body, "
                        "else it is closed (default 20)")
    p.add_argument("--keepalive-timeout", type=float, default=5.0,
                   help="seconds an idle connection is kept open after a response (default 5)")
    p.add_argument("--max-connections", type=int, default=None,
                   help="connections served at once; a request on one more gets 503 (default 1024, "
                        "or fewer when the descriptor limit is lower)")
    p.set_defaults(handler=run)


def _check_free(host: str, port: int) -> None:
    """Fail in one line, before the store is opened, when the address cannot be listened on."""
    import socket

    from wikikg.errors import ConfigError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host}: unknown address ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc


def _connection_limits(args: argparse.Namespace) -> ConnectionLimits:
    from wikikg.errors import ConfigError
    from wikikg.server.guard import ConnectionLimits, descriptor_budget, raise_descriptor_limit

    for flag in ("request_timeout", "header_timeout", "keepalive_timeout"):
        if getattr(args, flag) <= 0:
            raise ConfigError(f"--{flag.replace('_', '-')} {getattr(args, flag)}: must be a positive number of seconds")
    budget = descriptor_budget(raise_descriptor_limit())
    cap = args.max_connections
    if cap is None:
        cap = min(1024, budget)
    elif not 0 < cap <= budget:
        raise ConfigError(f"--max-connections {cap}: must be between 1 and {budget} "
                          "(the open-file limit less the descriptors the store and workers need)")
    return ConnectionLimits(header_timeout=args.header_timeout, max_connections=cap, fd_budget=budget)


def _serve(app: object, args: argparse.Namespace, limits: ConnectionLimits) -> None:
    import uvicorn

    from wikikg.server.guard import BACKLOG, protocol_class, quiet_repeats

    quiet_repeats()
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", access_log=False,  # type: ignore[arg-type]
                            http=protocol_class(limits), timeout_keep_alive=args.keepalive_timeout,
                            backlog=BACKLOG)
    uvicorn.Server(config).run()


def run(args: argparse.Namespace) -> int:
    from wikikg.errors import ConfigError
    from wikikg.server.app import create_app
    from wikikg.server.config import ServerConfig

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port}: not a port number")
    if args.query_timeout <= 0 or args.max_rows < 1 or args.query_workers < 1 or args.cache_mb < 0:
        raise ConfigError("--query-timeout, --max-rows and --query-workers must be positive")
    if args.query_memory < 64 or args.max_result_bytes < 1024 or args.queries_per_client < 1 or args.client_budget <= 0:
        raise ConfigError("--query-memory (at least 64 MB), --max-result-bytes (at least 1024), "
                          "--queries-per-client and --client-budget must be positive")
    limits = _connection_limits(args)
    _check_free(args.host, args.port)
    config = ServerConfig(store=args.store, host=args.host, port=args.port, query_timeout=args.query_timeout,
                          max_rows=args.max_rows, query_workers=args.query_workers, cache_mb=args.cache_mb,
                          request_timeout=args.request_timeout, header_timeout=limits.header_timeout,
                          keepalive_timeout=args.keepalive_timeout, max_connections=limits.max_connections,
                          query_memory_mb=args.query_memory, max_result_bytes=args.max_result_bytes,
                          queries_per_client=args.queries_per_client, client_budget=args.client_budget)
    app = create_app(config)
    print(f"wikikg: serving {args.store} ({app.state.site.store.manifest.triples:,} triples) "
          f"on http://{args.host}:{args.port}/ (at most {limits.max_connections:,} connections)", flush=True)
    try:
        _serve(app, args, limits)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})") from exc
    return 0
