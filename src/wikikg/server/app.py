"""The ASGI application: ``create_app(config)`` and its route table.

Routes (DBpedia's, plus Lookup's):

=========================================  ==================================================
``/``                                      home: datasets, languages, counts, example queries
``/resource/{title}``                      303 to the page or the data, 301 for a redirect
``/page/{title}``                          the "About:" page
``/data/{title}.{ttl|nt|jsonld|rdf}``      the resource's description as RDF
``/{lang}/resource|page|data/{title}``     the same for another edition's namespace
``/ontology/{name}``, ``/property/{name}`` pages for dbo: and dbp: terms
``/describe?uri=…``                        the page (or ``format=`` data) of any IRI in the store
``/sparql``                                SPARQL 1.1 Protocol endpoint and query page
``/lookup/search``, ``/lookup/prefix``     DBpedia Lookup's keyword and prefix search
``/downloads/{file}``                      the loaded dataset files
``/static/…``                              style sheet and scripts
=========================================  ==================================================
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wikikg.server.config import ServerConfig
from wikikg.server.live import Generations, Live, open_site, site_of
from wikikg.server.site import HERE, Site
from wikikg.server.views import data, errors, home, lookup, resource, sparql

log = logging.getLogger("wikikg")

# Headers every response carries, after OWASP's Secure Headers Project and what dbpedia.org-like
# public sites send: no MIME sniffing, no framing (clickjacking), the path kept from other sites.
COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}
# Pages run only our own script and style sheet (no inline script, style or handler); images may
# come from anywhere over http(s) (Commons depictions); the autocomplete fetches from us.
HTML_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'")
# Anything else (data, results, text, files) is never a document that runs anything (OWASP's
# REST Security Cheat Sheet).
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """ASGI middleware, outermost: adds :data:`COMMON_HEADERS` and a Content-Security-Policy to
    every HTTP response — pages, data, SPARQL results, static files, error pages, 500s — unless
    the response set that header itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {name.lower() for name, _ in headers}
                media = next((v for n, v in headers if n.lower() == b"content-type"), b"").lower()
                extra = dict(COMMON_HEADERS)
                extra["content-security-policy"] = HTML_CSP if media.startswith(b"text/html") else OTHER_CSP
                headers += [(k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class App(Starlette):
    """Starlette, with :class:`SecurityHeaders` outside even its server-error handler."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


Handler = Callable[[Request], Response]
EXECUTOR_KEY = "wikikg.pages"  # app.state attribute: the threads that make pages, data and Lookup answers


def timed(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint that runs ``handler`` (blocking: store queries, rendering) on one of the
    app's threads, and answers ``503`` when it has not finished in ``request_timeout`` seconds —
    as a proxy's ``proxy_read_timeout`` would, but without leaving the event loop blocked
    meanwhile.  A thread cannot be stopped: a handler that overran finishes on its own, its
    answer dropped (a page it rendered is still cached), and the Site it reads is kept open
    until then."""

    async def endpoint(request: Request) -> Response:
        site = site_of(request)
        limit = site.config.request_timeout
        executor: ThreadPoolExecutor = getattr(request.app.state, EXECUTOR_KEY)
        site.active += 1  # released when the thread is done, not when the client is answered

        def done(_: object) -> None:
            site.active -= 1

        work = asyncio.get_running_loop().run_in_executor(executor, handler, request)
        work.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.shield(work), limit)
        except TimeoutError:
            log.warning("%s took longer than %g s (--request-timeout): answered 503", request.url.path, limit)
            return errors.error_page(request, 503, f"This took longer than {limit:g} s to make; try again in a moment.",
                                     headers={"Retry-After": "5"})

    endpoint.__name__ = endpoint.__qualname__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def routes() -> list[Route | Mount]:
    """The route table.  Pages, data and Lookup answers are made on threads, within
    ``request_timeout`` (:func:`timed`); the SPARQL endpoint has its own query timeout and
    streams; files are streamed."""
    return [
        Route("/", timed(home.home), methods=["GET", "HEAD"]),
        Route("/resource/{title:path}", timed(resource.resource), methods=["GET", "HEAD"]),
        Route("/page/{title:path}", timed(resource.page), methods=["GET", "HEAD"]),
        Route("/data/{title:path}", timed(data.data), methods=["GET", "HEAD"]),
        Route("/ontology/{name:path}", timed(resource.ontology), methods=["GET", "HEAD"]),
        Route("/property/{name:path}", timed(resource.property_page), methods=["GET", "HEAD"]),
        Route("/describe", timed(resource.describe), methods=["GET", "HEAD"]),
        Route("/sparql", sparql.sparql, methods=["GET", "POST", "HEAD"]),
        Route("/lookup/search", timed(lookup.search), methods=["GET", "HEAD"]),
        Route("/lookup/prefix", timed(lookup.prefix), methods=["GET", "HEAD"]),
        Route("/downloads/{name}", home.download, methods=["GET", "HEAD"]),
        Route("/health", home.health, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Route("/{edition}/resource/{title:path}", timed(resource.resource), methods=["GET", "HEAD"]),
        Route("/{edition}/page/{title:path}", timed(resource.page), methods=["GET", "HEAD"]),
        Route("/{edition}/data/{title:path}", timed(data.data), methods=["GET", "HEAD"]),
    ]


def create_app(config: ServerConfig, *, query_workers: bool = True) -> App:
    """The application over the store ``config.store`` (opened now: a bad store fails here, in
    one line, before the server listens).  While it runs (its lifespan), it follows the loads
    into the store (:mod:`wikikg.server.live`); ``app.state.site`` is the Site served now."""
    site = open_site(config)

    def switched(new: Site) -> None:
        app.state.site = new

    live = Live(config, site, query_workers=query_workers, on_switch=switched)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await live.start()
        try:
            yield
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
            await live.close()

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return errors.error_page(request, exc.status_code, exc.detail)

    async def client_gone(request: Request, exc: Exception) -> Response:
        # the client closed (or was closed for being too slow, wikikg.server.guard) while its
        # request body was read: no one to answer, nothing of ours went wrong
        return Response(status_code=400)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return errors.error_page(request, 500, "Something went wrong on our side; the error has been logged.")

    app = App(routes=routes(), lifespan=lifespan,
                    middleware=[Middleware(Generations, live=live),
                                Middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)],
                    exception_handlers={HTTPException: http_error, ClientDisconnect: client_gone,
                                        Exception: server_error})
    executor = ThreadPoolExecutor(thread_name_prefix="wikikg-page")
    app.state.live = live
    app.state.site = site
    setattr(app.state, EXECUTOR_KEY, executor)
    return app
