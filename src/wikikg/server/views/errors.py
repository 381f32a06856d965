"""Error answers: an HTML page for browsers, one line of text for everyone else.

A caller's mistake is a 4xx with a sentence saying what was wrong; never a traceback.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from wikikg.server.live import site_of
from wikikg.server.negotiation import best_media_type
from wikikg.store.lookup import local_label

__all__ = ["error_page", "not_found", "site_of", "wants_html"]

TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          406: "Not acceptable", 413: "Too large", 415: "Unsupported media type", 500: "Server error",
          503: "Unavailable"}


def wants_html(request: Request) -> bool:
    return best_media_type(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html"


def error_page(request: Request, status: int, detail: str | None = None, *, query: str = "",
               suggestions: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None) -> Response:
    title = TITLES.get(status, "Error")
    message = detail or title
    if wants_html(request):
        site = site_of(request)
        body = site.render("error.html", status=status, title=title, message=message, query=query,
                           suggestions=suggestions or [])
        return HTMLResponse(body, status_code=status, headers=headers)
    return PlainTextResponse(f"{status} {title}: {message}\n", status_code=status, headers=headers)


def not_found(request: Request, iri: str | None) -> Response:
    """404 for an unknown resource, with the Lookup index's suggestions for its name."""
    site = site_of(request)
    title = request.path_params.get("title") or request.query_params.get("uri") or ""
    shown = local_label(iri) if iri else title
    hits = site.store.lookup.suggest(shown, 5) if shown.strip() else []
    suggestions = [(h.label, site.urls.describe(h.iri)) for h in hits]
    return error_page(request, 404, f"There is no resource “{shown}” in this store.", query=shown,
                      suggestions=suggestions)
