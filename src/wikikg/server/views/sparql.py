"""``/sparql``: the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/) and a query page.

* query operation by GET (``?query=``), POST form-encoded (``query=``) or POST direct
  (``Content-Type: application/sparql-query``); an update operation (``update=`` or
  ``application/sparql-update``, or update text given as a query) is refused with 403: the
  endpoint is read-only.
* SELECT/ASK results as JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples,
  JSON-LD or RDF/XML — chosen by ``format=`` or ``Accept``; HTML for browsers.
* limits: every response announces them — ``X-SPARQL-Time-Limit`` (seconds) and
  ``X-SPARQL-Max-Rows``; a result longer than the row limit is cut there, a query that runs past
  the time limit is stopped (503 when it had produced nothing yet).  Results are streamed.
* a cut result says so: ``X-SPARQL-Truncated: rows`` (or ``time``, ``bytes``) and
  ``X-SPARQL-Result-Rows`` when the whole result was there before the first byte went out; in
  the document otherwise (a ``"truncated"`` member in JSON results, a comment in XML, Turtle and
  N-Triples — see :mod:`wikikg.store.sparql`).
* refused before any worker sees them, with 400: ``SERVICE`` (no outbound connections) and
  queries nested deeper than the parser survives; a request body over 256 KB gets 413 as soon
  as that much has arrived, whatever ``Content-Length`` says; a client running as many queries
  at once as it may gets 429 with ``Retry-After``; a query that needs more memory than a worker
  may use gets 503.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse

from wikikg.errors import QueryError
from wikikg.server.about import show
from wikikg.server.examples import examples, prologue
from wikikg.server.negotiation import best_media_type
from wikikg.server.site import Site
from wikikg.server.views.errors import error_page, site_of
from wikikg.store.results import GRAPH_FORMATS, SELECT_FORMATS
from wikikg.store.sparql import QueryTimeout, QueryTooLarge, TooManyQueries, UpdateRefused, WorkerCrashed

MAX_QUERY_BYTES = 256 * 1024
HTML_MAX_BYTES = 4 * 1024 * 1024  # the query page parses the result in the server: keep it small

# format= values (names, aliases and media types) → (select format, graph format); None: HTML
_FORMAT_ALIASES: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"), "srj": ("json", "jsonld"), "application/sparql-results+json": ("json", "jsonld"),
    "application/json": ("json", "jsonld"),
    "xml": ("xml", "rdf"), "srx": ("xml", "rdf"), "application/sparql-results+xml": ("xml", "rdf"),
    "application/xml": ("xml", "rdf"), "text/xml": ("xml", "rdf"),
    "csv": ("csv", "nt"), "text/csv": ("csv", "nt"),
    "tsv": ("tsv", "nt"), "text/tab-separated-values": ("tsv", "nt"),
    "ttl": ("json", "ttl"), "turtle": ("json", "ttl"), "text/turtle": ("json", "ttl"),
    "nt": ("json", "nt"), "ntriples": ("json", "nt"), "n-triples": ("json", "nt"),
    "application/n-triples": ("json", "nt"), "text/plain": ("json", "nt"),
    "jsonld": ("json", "jsonld"), "json-ld": ("json", "jsonld"), "application/ld+json": ("json", "jsonld"),
    "rdf": ("xml", "rdf"), "rdfxml": ("xml", "rdf"), "application/rdf+xml": ("xml", "rdf"),
    "html": (None, None), "text/html": (None, None),
}
_SELECT_MEDIA = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv"}
_GRAPH_MEDIA = {"text/turtle": "ttl", "application/n-triples": "nt", "text/plain": "nt",
                "application/ld+json": "jsonld", "application/rdf+xml": "rdf", "application/json": "jsonld"}


def limit_headers(site: Site) -> dict[str, str]:
    return {"X-SPARQL-Time-Limit": f"{site.config.query_timeout:g}",
            "X-SPARQL-Max-Rows": str(site.config.max_rows),
            "Access-Control-Allow-Origin": "*",
            "Vary": "Accept"}


async def _capped_body(request: Request, cap: int) -> bytes | None:
    """The request body, or ``None`` as soon as more than ``cap`` bytes have arrived (chunked
    bodies have no ``Content-Length`` to check first)."""
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        parts.append(chunk)
    return b"".join(parts)


async def _multipart(request: Request, body: bytes) -> dict[str, str]:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, receive).form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _params(request: Request) -> tuple[dict[str, str], Response | None]:
    """The protocol's parameters from the URL and, for POST, the body."""
    params = {k: v for k, v in request.query_params.items()}
    if request.method != "POST":
        return params, None
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    too_large = f"The request body is larger than {MAX_QUERY_BYTES // 1024} KB."
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        return params, error_page(request, 400, "The Content-Length header is not a number.")
    if length > MAX_QUERY_BYTES:
        return params, error_page(request, 413, too_large)
    if ctype not in ("application/x-www-form-urlencoded", "multipart/form-data", "application/sparql-query",
                     "application/sparql-update"):
        return params, error_page(request, 415, "POST a query as application/x-www-form-urlencoded "
                                  "(query=…) or application/sparql-query.")
    body = await _capped_body(request, MAX_QUERY_BYTES)
    if body is None:
        return params, error_page(request, 413, too_large)
    if ctype == "application/x-www-form-urlencoded":
        params.update(parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace"))
    elif ctype == "multipart/form-data":
        params.update(await _multipart(request, body))
    elif ctype == "application/sparql-query":
        try:
            params["query"] = body.decode("utf-8")
        except UnicodeDecodeError:
            return params, error_page(request, 400, "The query is not valid UTF-8.")
    else:
        params["update"] = "(update)"
    return params, None


def _formats(request: Request, fmt: str | None) -> tuple[str, str] | None:
    """(select format, graph format), or ``None`` for the HTML page."""
    if fmt:
        choice = _FORMAT_ALIASES.get(fmt.strip().lower())
        if choice is None:
            raise ValueError(fmt)
        if choice[0] is None or choice[1] is None:
            return None
        return choice[0], choice[1]
    accept = request.headers.get("accept")
    # machine formats first: a client that accepts anything (curl's */*) gets JSON/Turtle,
    # a browser (text/html at q=1 beside */* at q=0.8) gets the page
    if best_media_type(accept, [*_SELECT_MEDIA, *_GRAPH_MEDIA, "text/html"]) == "text/html":
        return None
    select = best_media_type(accept, list(_SELECT_MEDIA))
    graph = best_media_type(accept, list(_GRAPH_MEDIA))
    return _SELECT_MEDIA.get(select or "", "json"), _GRAPH_MEDIA.get(graph or "", "ttl")


async def sparql(request: Request) -> Response:
    site = site_of(request)
    params, problem = await _params(request)
    if problem is not None:
        return problem
    if "update" in params:
        return error_page(request, 403, "SPARQL Update is not allowed: this endpoint is read-only.",
                          headers=limit_headers(site))
    query = params.get("query")
    try:
        formats = _formats(request, params.get("format"))
    except ValueError:
        return error_page(request, 400, f"Unknown format “{params.get('format')}”: use json, xml, csv, tsv, "
                          "ttl, nt, jsonld, rdf or html.", headers=limit_headers(site))
    if formats is None:
        return await _html(request, site, query)
    if query is None or not query.strip():
        return error_page(request, 400, "Missing the query parameter (?query=SELECT …).", headers=limit_headers(site))
    select_format, graph_format = formats
    headers = limit_headers(site)
    if site.pool is None:
        return error_page(request, 503, "The SPARQL endpoint is not running.", headers=headers)
    try:
        running = await site.pool.run(query, select_format=select_format, graph_format=graph_format,
                                      client=_client(request))
    except UpdateRefused as exc:
        return error_page(request, 403, str(exc), headers=headers)
    except TooManyQueries as exc:
        return error_page(request, 429, str(exc), headers={**headers, "Retry-After": str(exc.retry_after)})
    except QueryTimeout as exc:
        return error_page(request, 503, str(exc), headers={**headers, "Retry-After": "10"})
    except QueryTooLarge as exc:
        return error_page(request, 503, str(exc), headers=headers)
    except WorkerCrashed as exc:
        return error_page(request, 500, f"The query worker failed: {exc}", headers=headers)
    except QueryError as exc:
        return error_page(request, 400, str(exc), headers=headers)
    outcome = running.outcome
    media = outcome.media_type
    if media.startswith("text/") or media.endswith(("+json", "/json", "+xml", "n-triples")):
        media += "; charset=utf-8"
    if running.done:
        headers["X-SPARQL-Result-Rows"] = str(outcome.rows)
        if outcome.truncated:
            headers["X-SPARQL-Truncated"] = outcome.truncated
    if request.method == "HEAD":
        await running.read_all()
        return Response(status_code=200, media_type=media, headers=headers)
    return StreamingResponse(running.chunks(), media_type=media, headers=headers)


def _client(request: Request) -> str:
    """Who is asking, for the per-client limits: the peer address (as WDQS and Virtuoso count)."""
    return request.client.host if request.client else ""


def _term(value: dict[str, Any]) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        if "datatype" in value:
            return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(value["value"])
    return None


async def _html(request: Request, site: Site, query: str | None) -> Response:
    """The query page: editor, examples, and the result of ``query`` as a table."""
    context: dict[str, Any] = {"site": site, "query": "", "text": query or prologue(site.sparql_prefixes) +
                               "\nSELECT ?resource ?label WHERE {\n  ?resource rdfs:label ?label .\n}\nLIMIT 20",
                               "examples": examples(site.store, site.prefixes), "error": None, "columns": [],
                               "rows": [], "boolean": None, "outcome": None, "seconds": None, "ran": False,
                               "prefixes": sorted(site.sparql_prefixes.items()),
                               "formats": [("html", "HTML table"), *[(k, v.media_type) for k, v in SELECT_FORMATS.items()],
                                           *[(k, v.media_type) for k, v in GRAPH_FORMATS.items()]]}
    status = 200
    if query and query.strip():
        context["ran"] = True
        start = time.monotonic()
        try:
            if site.pool is None:
                raise QueryTimeout("The SPARQL endpoint is not running.")
            running = await site.pool.run(query, select_format="json", graph_format="nt",
                                          max_rows=site.config.html_max_rows, max_bytes=HTML_MAX_BYTES,
                                          client=_client(request))
            body = await running.read_all()
            context["outcome"] = running.outcome
            if running.outcome.kind == "graph":
                context["columns"] = ["subject", "predicate", "object"]
                context["rows"] = [[show(t.subject, site.urls, site.prefixes), show(t.predicate, site.urls, site.prefixes),
                                    show(t.object, site.urls, site.prefixes)]
                                   for t in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
            else:
                doc = json.loads(body)
                if "boolean" in doc:
                    context["boolean"] = doc["boolean"]
                else:
                    columns = doc["head"]["vars"]
                    context["columns"] = columns
                    rows = []
                    for binding in doc["results"]["bindings"]:
                        row = []
                        for var in columns:
                            term = _term(binding[var]) if var in binding else None
                            row.append(show(term, site.urls, site.prefixes) if term is not None else None)
                        rows.append(row)
                    context["rows"] = rows
        except UpdateRefused as exc:
            context["error"], status = str(exc), 403
        except TooManyQueries as exc:
            context["error"], status = str(exc), 429
        except (QueryTimeout, QueryTooLarge) as exc:
            context["error"], status = str(exc), 503
        except QueryError as exc:
            context["error"], status = str(exc), 400
        except WorkerCrashed as exc:
            context["error"], status = f"The query worker failed: {exc}", 500
        context["seconds"] = time.monotonic() - start
        context["text"] = query
    html = site.render("sparql.html", **context)
    return HTMLResponse(html, status_code=status, headers=limit_headers(site))
