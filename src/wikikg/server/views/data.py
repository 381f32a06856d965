"""``/data/X.{ttl,nt,jsonld,rdf}``: a resource's description as RDF — its own triples and the
ones pointing at it, as dbpedia.org's ``/data/`` documents hold them."""

from __future__ import annotations

import io

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from wikikg.server.urls import DATA_FORMATS
from wikikg.server.views.errors import error_page, not_found, site_of
from wikikg.store import queries

_RDF = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
        "rdf": ox.RdfFormat.RDF_XML}


def describe_data(request: Request, iri: str, ext: str) -> Response:
    site = site_of(request)
    if ext not in DATA_FORMATS:
        return error_page(request, 404, f"Unknown data format “.{ext}” (use .ttl, .nt, .jsonld or .rdf).")
    key = ("data", iri, ext)
    hit = site.cache.get(key)
    if hit is not None:
        return hit.response(request)
    desc = queries.describe(site.store.rdf, iri, inbound_limit=site.config.inbound_limit)
    if desc.empty:
        return not_found(request, iri)
    out = io.BytesIO()
    fmt = _RDF[ext]
    if ext in ("ttl", "rdf"):
        ox.serialize(desc.triples(), out, fmt, prefixes=site.sparql_prefixes)
    else:
        ox.serialize(desc.triples(), out, fmt)
    media = DATA_FORMATS[ext][0]
    page = site.urls.page(iri) or site.urls.describe(iri)
    headers = {"Link": f'<{page}>; rel="alternate"; type="text/html"', "Access-Control-Allow-Origin": "*"}
    charset = "; charset=utf-8" if ext != "rdf" else ""
    return site.cache.put(key, out.getvalue(), media + charset, headers).response(request, hit=False)


def data(request: Request) -> Response:
    site = site_of(request)
    raw = request.path_params["title"]
    title, dot, ext = raw.rpartition(".")
    if not dot or not title:
        return error_page(request, 404, "Add a format to the data URL: .ttl, .nt, .jsonld or .rdf.")
    iri = site.urls.iri(request.path_params.get("edition", ""), title)
    if iri is None:
        return not_found(request, None)
    return describe_data(request, iri, ext)
