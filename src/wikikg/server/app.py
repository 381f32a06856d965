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

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from wikikg.server.config import ServerConfig
from wikikg.server.live import Generations, Live, open_site
from wikikg.server.site import HERE, Site
from wikikg.server.views import data, errors, home, lookup, resource, sparql

log = logging.getLogger("wikikg")


def routes() -> list[Route | Mount]:
    return [
        Route("/", home.home, methods=["GET", "HEAD"]),
        Route("/resource/{title:path}", resource.resource, methods=["GET", "HEAD"]),
        Route("/page/{title:path}", resource.page, methods=["GET", "HEAD"]),
        Route("/data/{title:path}", data.data, methods=["GET", "HEAD"]),
        Route("/ontology/{name:path}", resource.ontology, methods=["GET", "HEAD"]),
        Route("/property/{name:path}", resource.property_page, methods=["GET", "HEAD"]),
        Route("/describe", resource.describe, methods=["GET", "HEAD"]),
        Route("/sparql", sparql.sparql, methods=["GET", "POST", "HEAD"]),
        Route("/lookup/search", lookup.search, methods=["GET", "HEAD"]),
        Route("/lookup/prefix", lookup.prefix, methods=["GET", "HEAD"]),
        Route("/downloads/{name}", home.download, methods=["GET", "HEAD"]),
        Route("/health", home.health, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Route("/{edition}/resource/{title:path}", resource.resource, methods=["GET", "HEAD"]),
        Route("/{edition}/page/{title:path}", resource.page, methods=["GET", "HEAD"]),
        Route("/{edition}/data/{title:path}", data.data, methods=["GET", "HEAD"]),
    ]


def create_app(config: ServerConfig, *, query_workers: bool = True) -> Starlette:
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
            await live.close()

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return errors.error_page(request, exc.status_code, exc.detail)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return errors.error_page(request, 500, "Something went wrong on our side; the error has been logged.")

    app = Starlette(routes=routes(), lifespan=lifespan,
                    middleware=[Middleware(Generations, live=live),
                                Middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)],
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.live = live
    app.state.site = site
    return app
