"""Everything a view needs, made once per served generation of the store: the store, the URL
builder, prefixes, templates, the query workers and the response cache (see
:mod:`wikikg.server.live` for how a server moves from one generation's Site to the next)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from wikikg import __version__
from wikikg.server.cache import ResponseCache
from wikikg.server.config import ServerConfig
from wikikg.server.terms import Prefixes
from wikikg.server.urls import Urls
from wikikg.store import KGStore
from wikikg.store.prefixes import SPARQL_PREFIXES, edition_prefixes
from wikikg.store.sparql import WorkerPool

HERE = Path(__file__).resolve().parent
_EDITION_NS = re.compile(r"^https?://([a-z][a-z0-9-]*)\.dbpedia\.org/resource/$")


def edition_keys(namespaces: list[str], primary_lang: str) -> dict[str, str]:
    """Resource namespace → edition key: the main edition's namespace gets ``""`` (``/resource/``),
    ``http://de.dbpedia.org/resource/`` gets ``de``, any other namespace ``ns1``, ``ns2`` ….

    >>> edition_keys(["http://de.dbpedia.org/resource/", "http://dbpedia.org/resource/"], "en")
    {'http://dbpedia.org/resource/': '', 'http://de.dbpedia.org/resource/': 'de'}
    """
    main = "http://dbpedia.org/resource/" if primary_lang == "en" else f"http://{primary_lang}.dbpedia.org/resource/"
    if main not in namespaces and namespaces:
        main = namespaces[0]
    keys = {main: ""}
    n = 0
    for ns in namespaces:
        if ns in keys:
            continue
        m = _EDITION_NS.match(ns)
        if m and m.group(1) not in keys.values() and m.group(1) not in _RESERVED:
            keys[ns] = m.group(1)
        else:
            n += 1
            keys[ns] = f"ns{n}"
    return keys


# first path segments that are routes, never edition keys
_RESERVED = {"resource", "page", "data", "sparql", "lookup", "static", "downloads", "describe", "ontology",
             "property", "health"}


@dataclass
class Site:
    config: ServerConfig
    store: KGStore
    urls: Urls
    prefixes: Prefixes
    sparql_prefixes: dict[str, str]
    templates: jinja2.Environment
    cache: ResponseCache
    pool: WorkerPool | None = None
    active: int = 0  # requests in flight on this Site (counted by wikikg.server.live.Generations)

    @classmethod
    def create(cls, config: ServerConfig, store: KGStore) -> Site:
        namespaces = list(store.manifest.namespaces) or ["http://dbpedia.org/resource/"]
        keys = edition_keys(namespaces, store.primary_lang)
        urls = Urls(keys)
        table = dict(SPARQL_PREFIXES)
        editions = {lang for lang in store.manifest.languages if lang != "en"}
        editions |= {key for key in keys.values() if key and not key.startswith("ns")}
        for lang in sorted(editions):
            table.update(edition_prefixes(lang))
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        env.globals.update(urls=urls, version=__version__)
        cache = ResponseCache(config.cache_mb * 1024 * 1024, store.generation.name)
        return cls(config, store, urls, Prefixes(table), table, env, cache)

    def render(self, template: str, **context: Any) -> str:
        return self.templates.get_template(template).render(**context)
