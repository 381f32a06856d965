"""``/lookup/search`` and ``/lookup/prefix``: DBpedia Lookup's API over the embedded index.

Parameters as DBpedia Lookup takes them: ``query`` (or the 2016 API's ``QueryString``),
``maxResults`` (``MaxHits``), ``format=json|xml`` (or by ``Accept``), ``typeName`` (``QueryClass``:
a DBpedia class such as ``MilitaryConflict``, ``dbo:Person`` or a full IRI).  The answer is
Lookup's document list: ``{"docs": [{"resource": [...], "label": [...], "refCount": [...], ...}]}``
— every field a list of strings, as Lookup writes it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from wikikg.rdf import vocab
from wikikg.server.negotiation import best_media_type, preferred_languages
from wikikg.server.views.errors import error_page, site_of
from wikikg.store import queries
from wikikg.store.lookup import Hit
from wikikg.store.results import xml_text

MAX_QUERY_CHARS = 300


def _param(request: Request, *names: str) -> str | None:
    for name in names:
        value = request.query_params.get(name)
        if value is not None:
            return value
    return None


def _class_iri(name: str) -> str:
    """``MilitaryConflict``, ``dbo:MilitaryConflict`` or a full IRI → the class IRI."""
    name = name.strip()
    if name.startswith(("http://", "https://")):
        return name
    if name.startswith("dbo:"):
        name = name[4:]
    return vocab.DBO + name[:1].upper() + name[1:]


def search(request: Request) -> Response:
    return _lookup(request, prefix=False)


def prefix(request: Request) -> Response:
    return _lookup(request, prefix=True)


def _lookup(request: Request, *, prefix: bool) -> Response:
    site = site_of(request)
    query = _param(request, "query", "QueryString")
    if query is None or not query.strip():
        return error_page(request, 400, "The parameter query is required, e.g. ?query=berlin")
    if len(query) > MAX_QUERY_CHARS:
        return error_page(request, 400, f"query is too long (at most {MAX_QUERY_CHARS} characters)")
    raw_max = _param(request, "maxResults", "MaxHits")
    limit = site.config.lookup_max_results
    try:
        max_results = int(raw_max) if raw_max is not None else 10
    except ValueError:
        return error_page(request, 400, "maxResults must be a whole number")
    if not 1 <= max_results <= limit:
        return error_page(request, 400, f"maxResults must be between 1 and {limit}")
    fmt = (_param(request, "format") or "").lower()
    if not fmt:
        media = best_media_type(request.headers.get("accept"),
                                ["application/json", "application/xml", "text/xml", "text/html"])
        fmt = {"application/xml": "xml", "text/xml": "xml", "text/html": "html"}.get(media or "", "json")
    if fmt not in ("json", "xml", "html"):
        return error_page(request, 400, "format must be json or xml")
    type_name = _param(request, "typeName", "QueryClass")
    lang = request.query_params.get("lang")
    key = ("lookup", prefix, query, max_results, fmt, type_name, lang,
           "" if prefix else request.headers.get("accept-language", ""))
    hit = site.cache.get(key)
    if hit is not None:
        return hit.response(request)
    type_iri = _class_iri(type_name) if type_name and type_name.strip() else None
    index = site.store.lookup
    hits = index.prefix(query, max_results, type_iri) if prefix else index.search(query, max_results, type_iri)
    langs = [lang] if lang else preferred_languages(request.headers.get("accept-language"))
    docs = [_doc(site, h, details=not prefix, langs=[*langs, site.store.primary_lang]) for h in hits]
    if fmt == "html":
        body = _html(site, request, query, docs).encode("utf-8")
        media = "text/html; charset=utf-8"
    elif fmt == "json":
        body = json.dumps({"docs": docs}, ensure_ascii=False).encode("utf-8")
        media = "application/json"
    else:
        body = _xml(docs).encode("utf-8")
        media = "application/xml; charset=utf-8"
    headers = {"Access-Control-Allow-Origin": "*"}
    return site.cache.put(key, body, media, headers).response(request, hit=False)


def _doc(site: Any, h: Hit, *, details: bool, langs: list[str]) -> dict[str, list[str]]:
    doc: dict[str, list[str]] = {
        "resource": [h.iri],
        "label": [h.label],
        "score": [f"{h.score:g}"],
        "refCount": [str(h.refcount)],
        "typeName": [t.rsplit("/", 1)[-1] for t in h.types],
        "type": list(h.types),
        "page": [site.urls.describe(h.iri)],
    }
    if h.via_redirect or h.matched != h.label:
        doc["redirectlabel" if h.via_redirect else "matchedLabel"] = [h.matched]
    if details:
        comments = queries.literals(site.store.rdf, h.iri, vocab.RDFS_COMMENT) or [
            ox.Literal(_shorten(a.value), language=a.language)
            for a in queries.literals(site.store.rdf, h.iri, vocab.DBO_ABSTRACT)]
        chosen = next((c for want in langs for c in comments if c.language == want), None)
        if chosen is None and comments:
            chosen = comments[0]
        if chosen is not None:
            doc["comment"] = [chosen.value]
        doc["category"] = queries.objects(site.store.rdf, h.iri, vocab.DCT_SUBJECT)
    return doc


def _shorten(text: str, limit: int = 500) -> str:
    """An abstract cut to about ``limit`` characters at a word boundary (when there is no
    ``rdfs:comment``, the short abstract)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _html(site: Any, request: Request, query: str, docs: list[dict[str, list[str]]]) -> str:
    hits = [{"label": d["label"][0], "href": d["page"][0], "refcount": int(d["refCount"][0]),
             "types": d["typeName"], "comment": next(iter(d.get("comment", [])), None),
             "redirect": next(iter(d.get("redirectlabel", [])), None)} for d in docs]
    params = dict(request.query_params)
    json_url = "?" + urlencode({**params, "format": "json"})
    xml_url = "?" + urlencode({**params, "format": "xml"})
    return str(site.render("search.html", site=site, query=query, hits=hits, json_url=json_url, xml_url=xml_url))


def _xml(docs: list[dict[str, list[str]]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<results>\n']
    for doc in docs:
        out.append("  <result>\n")
        for name, values in doc.items():
            for v in values:
                out.append(f"    <{name}>{xml_text(v)}</{name}>\n")
        out.append("  </result>\n")
    out.append("</results>\n")
    return "".join(out)
