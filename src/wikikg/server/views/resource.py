"""Resource URLs: ``/resource/X`` (303/301/404), the ``/page/X`` About page, and pages for any IRI."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from wikikg.server import about
from wikikg.server.negotiation import best_media_type
from wikikg.server.site import Site
from wikikg.server.urls import DATA_FORMATS, valid_iri
from wikikg.server.views.data import describe_data
from wikikg.server.views.errors import error_page, not_found, site_of
from wikikg.store import queries

HTML_TYPES = ["text/html", "application/xhtml+xml"]
RDF_TYPES = {media: ext for ext, (media, _) in DATA_FORMATS.items()}
_NEGOTIATED = [*HTML_TYPES, *RDF_TYPES, "text/n3", "application/json"]


def _iri_of(request: Request) -> str | None:
    site = site_of(request)
    key = request.path_params.get("edition", "")
    return site.urls.iri(key, request.path_params["title"])


def link_header(site: Site, iri: str) -> str:
    """``Link`` header naming the page's machine-readable twins (RFC 8288)."""
    parts = [f'<{site.urls.describe_data(iri, ext)}>; rel="alternate"; type="{media}"'
             for ext, (media, _) in DATA_FORMATS.items()]
    return ", ".join(parts)


def resource(request: Request) -> Response:
    """``/resource/X``: 303 See Other to the page (browsers) or the data (RDF clients);
    301 to the target when X is a redirect; 404 with a search box when X is unknown."""
    site = site_of(request)
    iri = _iri_of(request)
    if iri is None:
        return not_found(request, None)
    target = queries.redirect_target(site.store.rdf, iri)
    if target is not None:
        url = site.urls.resource(target) or site.urls.describe(target)
        return RedirectResponse(url, status_code=301)
    if not queries.exists(site.store.rdf, iri):
        return not_found(request, iri)
    chosen = best_media_type(request.headers.get("accept"), _NEGOTIATED) or "text/html"
    media = {"text/n3": "text/turtle", "application/json": "application/ld+json"}.get(chosen, chosen)
    where = site.urls.data(iri, RDF_TYPES[media]) if media in RDF_TYPES else site.urls.page(iri)
    headers = {"Vary": "Accept", "Link": link_header(site, iri)}
    return RedirectResponse(where or "/", status_code=303, headers=headers)


def render_page(request: Request, iri: str, *, follow_redirects: bool) -> Response:
    site = site_of(request)
    lang = request.query_params.get("lang")
    key = ("page", iri, lang, request.headers.get("accept-language", ""), follow_redirects)
    hit = site.cache.get(key)
    if hit is not None:
        return hit.response(request)
    if follow_redirects and request.query_params.get("redirect") != "no":
        target = queries.redirect_target(site.store.rdf, iri)
        if target is not None:
            url = site.urls.page(target) or site.urls.describe(target)
            return RedirectResponse(url, status_code=301)
    desc = queries.describe(site.store.rdf, iri, inbound_limit=site.config.inbound_limit)
    uses = queries.predicate_uses(site.store.rdf, iri) if desc.empty else 0
    if desc.empty and not uses:
        return not_found(request, iri)
    model = about.build(site.store.rdf, desc, site.urls, site.prefixes, lang_param=lang,
                        accept_language=request.headers.get("accept-language"),
                        fallback_lang=site.store.primary_lang,
                        specific_types=site.store.lookup.specific_types(iri))
    if uses:
        model.uses = uses
    html = site.render("page.html", page=model, site=site, query="")
    headers = {"Link": link_header(site, iri), "Vary": "Accept-Language",
               "Content-Language": model.lang or site.store.primary_lang}
    return site.cache.put(key, html.encode("utf-8"), "text/html; charset=utf-8", headers).response(request, hit=False)


def page(request: Request) -> Response:
    """``/page/X``: the About page; a redirect resource answers 301 to its target's page
    (``?redirect=no`` shows the redirect itself)."""
    iri = _iri_of(request)
    if iri is None:
        return not_found(request, None)
    return render_page(request, iri, follow_redirects=True)


def ontology(request: Request) -> Response:
    from wikikg.rdf import vocab
    from wikikg.rdf.iri import escape_iri_part

    iri = valid_iri(vocab.DBO + escape_iri_part(request.path_params["name"]))
    return render_page(request, iri, follow_redirects=False) if iri and iri != vocab.DBO else not_found(request, None)


def property_page(request: Request) -> Response:
    from wikikg.rdf import vocab
    from wikikg.rdf.iri import escape_iri_part

    iri = valid_iri(vocab.DBP + escape_iri_part(request.path_params["name"]))
    return render_page(request, iri, follow_redirects=False) if iri and iri != vocab.DBP else not_found(request, None)


def describe(request: Request) -> Response:
    """``/describe?uri=IRI[&format=ttl]``: the page or data of any IRI the store mentions."""
    site = site_of(request)
    iri = request.query_params.get("uri", "").strip()
    if not iri:
        return error_page(request, 400, "Give the IRI to describe as ?uri=…")
    if valid_iri(iri) is None:
        return error_page(request, 400, "That is not a valid IRI.")
    fmt = request.query_params.get("format")
    if fmt:
        return describe_data(request, iri, fmt)
    pretty = site.urls.page(iri)
    if pretty is not None:
        return RedirectResponse(pretty, status_code=301)
    return render_page(request, iri, follow_redirects=False)
