"""The one URL builder: every link the server writes comes from here.

Resource IRIs become local URLs the way dbpedia.org maps them: ``http://dbpedia.org/resource/X``
is served at ``/resource/X`` (303 to ``/page/X`` or ``/data/X.ttl``).  The store's main edition
(English when present) owns ``/resource/``; another edition's namespace,
``http://de.dbpedia.org/resource/X``, is served under its language: ``/de/resource/X``.

Titles go into paths as their IRI form (Unicode, spaces as ``_``, only what IRIs forbid
percent-encoded — :func:`wikikg.rdf.iri.escape_iri_part`), then turned into a URI: non-ASCII
characters percent-encoded as UTF-8 (RFC 3987 §3.1) and ``?``/``#`` escaped.  The server gets the
decoded path and re-escapes it with the same function, so every title round-trips: slashes,
``?``, ``#``, ``%``, quotes, spaces and any script.

>>> u = Urls({"http://dbpedia.org/resource/": "", "http://de.dbpedia.org/resource/": "de"})
>>> u.page("http://dbpedia.org/resource/AC/DC"), u.page("http://dbpedia.org/resource/What%3F")
('/page/AC/DC', '/page/What%3F')
>>> u.page("http://de.dbpedia.org/resource/Köln")
'/de/page/K%C3%B6ln'
>>> u.iri("", "What?"), u.iri("de", "Köln")
('http://dbpedia.org/resource/What%3F', 'http://de.dbpedia.org/resource/Köln')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from wikikg.rdf import vocab
from wikikg.rdf.iri import escape_iri_part

# characters kept as they are when an IRI path becomes a URI path (RFC 3986 pchar and "/", plus
# "%" because the IRI already carries its own escapes)
_PATH_SAFE = "/%!$&'()*+,;=:@~-._"

DATA_FORMATS: dict[str, tuple[str, str]] = {
    # extension: (media type, name)
    "ttl": ("text/turtle", "Turtle"),
    "nt": ("application/n-triples", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "rdf": ("application/rdf+xml", "RDF/XML"),
}

ONTOLOGY = vocab.DBO
PROPERTY = vocab.DBP


def valid_iri(iri: str) -> str | None:
    """``iri`` if it is an IRI the store can hold (RFC 3987, as pyoxigraph checks it), else ``None``.

    >>> valid_iri("http://dbpedia.org/resource/Berlin"), valid_iri("not an iri")
    ('http://dbpedia.org/resource/Berlin', None)
    """
    if len(iri) > 8000:
        return None
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})


def scheme(iri: str) -> str:
    """The IRI's scheme, lower-cased (RFC 3986 §3.1: schemes are case-insensitive).

    >>> scheme("JavaScript:alert(1)"), scheme("https://example.org/"), scheme("no scheme")
    ('javascript', 'https', '')
    """
    m = _SCHEME.match(iri)
    return m.group(1).lower() if m else ""


def safe_link(iri: str) -> str | None:
    """``iri`` when a page may link to it as it is (http, https, mailto), else ``None``: a
    ``javascript:``, ``data:`` or ``vbscript:`` IRI in the store is shown as text, never made a
    live link (OWASP's XSS prevention rule: allow-list URL schemes in ``href``).

    >>> safe_link("https://example.org/x"), safe_link("javascript:alert(1)")
    ('https://example.org/x', None)
    """
    return iri if scheme(iri) in LINK_SCHEMES else None


def safe_image(iri: str) -> str | None:
    """``iri`` when a page may load it as an image (http, https), else ``None``."""
    return iri if scheme(iri) in IMAGE_SCHEMES else None


def uri_path(iri_part: str) -> str:
    """An IRI path fragment as a URI path: non-ASCII and ``?#"<> `` percent-encoded.

    >>> uri_path("Zürich_(Stadt)"), uri_path("50%25")
    ('Z%C3%BCrich_(Stadt)', '50%25')
    """
    return quote(iri_part, safe=_PATH_SAFE)


class Urls:
    """Maps IRIs to local URLs and back.  ``namespaces``: resource namespace → edition key
    (``""`` for the main edition)."""

    def __init__(self, namespaces: Mapping[str, str], root: str = "") -> None:
        self.root = root.rstrip("/")
        self._by_ns = dict(namespaces)
        self._by_key = {key: ns for ns, key in namespaces.items()}
        # longest namespace first, so that no namespace shadows a longer one
        self._order = sorted(self._by_ns, key=len, reverse=True)
        self.link = functools.lru_cache(maxsize=65536)(self._link)  # type: ignore[method-assign]

    @property
    def editions(self) -> list[str]:
        """The keys of the editions served under their own prefix (``de``, ``fr`` …)."""
        return sorted(k for k in self._by_key if k)

    def namespace(self, key: str) -> str | None:
        return self._by_key.get(key)

    def split(self, iri: str) -> tuple[str, str] | None:
        """``(edition key, IRI-form title)`` when ``iri`` is a served resource, else ``None``."""
        for ns in self._order:
            if iri.startswith(ns) and len(iri) > len(ns):
                return self._by_ns[ns], iri[len(ns):]
        return None

    def iri(self, key: str, title: str) -> str | None:
        """The resource IRI of a decoded title from a URL path (spaces read as underscores);
        ``None`` when the edition is unknown or the result is no valid IRI."""
        ns = self._by_key.get(key)
        if ns is None or not title:
            return None
        return valid_iri(ns + escape_iri_part(title))

    def _edition(self, key: str) -> str:
        return f"{self.root}/{key}" if key else self.root

    def resource(self, iri: str) -> str | None:
        parts = self.split(iri)
        return f"{self._edition(parts[0])}/resource/{uri_path(parts[1])}" if parts else None

    def page(self, iri: str) -> str | None:
        parts = self.split(iri)
        return f"{self._edition(parts[0])}/page/{uri_path(parts[1])}" if parts else None

    def data(self, iri: str, ext: str) -> str | None:
        parts = self.split(iri)
        return f"{self._edition(parts[0])}/data/{uri_path(parts[1])}.{ext}" if parts else None

    def describe(self, iri: str) -> str:
        """A local page for any IRI: pretty for dbo:/dbp: terms, ``/describe?uri=`` otherwise."""
        page = self.page(iri)
        if page:
            return page
        for ns, route in ((ONTOLOGY, "ontology"), (PROPERTY, "property")):
            if iri.startswith(ns) and "/" not in iri[len(ns):] and len(iri) > len(ns):
                return f"{self.root}/{route}/{uri_path(iri[len(ns):])}"
        return f"{self.root}/describe?{urlencode({'uri': iri})}"

    def describe_data(self, iri: str, ext: str) -> str:
        data = self.data(iri, ext)
        if data:
            return data
        return f"{self.root}/describe?{urlencode({'uri': iri, 'format': ext})}"

    def link(self, iri: str) -> tuple[str | None, bool]:  # replaced by a cached version of _link per instance
        return self._link(iri)

    def _link(self, iri: str) -> tuple[str | None, bool]:
        """Where a link to ``iri`` goes, and whether it stays on this server.

        DBpedia's own namespaces (resources, ontology, properties) stay local; anything else
        (Wikipedia, Commons, homepages) is linked as it is when its scheme is safe to follow
        (:func:`safe_link`), and not linked at all (``None``) when it is not.

        >>> u = Urls({"http://dbpedia.org/resource/": ""})
        >>> u.link("http://dbpedia.org/resource/Kursk"), u.link("https://example.org/"), u.link("javascript:x()")
        (('/page/Kursk', True), ('https://example.org/', False), (None, False))
        """
        if self.split(iri) is not None:
            return self.describe(iri), True
        if iri.startswith(("http://dbpedia.org/", "https://dbpedia.org/")) or ".dbpedia.org/" in iri[:40]:
            return self.describe(iri), True
        return safe_link(iri), False

    def page_lang(self, iri: str, lang: str) -> str | None:
        page = self.page(iri)
        return f"{page}?{urlencode({'lang': lang})}" if page else None

    def home(self) -> str:
        return self.root + "/"

    def sparql(self, query: str | None = None, fmt: str | None = None) -> str:
        params = {k: v for k, v in (("query", query), ("format", fmt)) if v}
        return f"{self.root}/sparql" + (f"?{urlencode(params)}" if params else "")

    def lookup(self, kind: str = "search", query: str | None = None) -> str:
        return f"{self.root}/lookup/{kind}" + (f"?{urlencode({'query': query})}" if query else "")

    def static(self, name: str) -> str:
        return f"{self.root}/static/{name}"

    def download(self, name: str) -> str:
        return f"{self.root}/downloads/{quote(name, safe='=_-.')}"
