"""What a dump is made of: the site's description and its pages.

These are plain frozen records; the readers in this package produce them and every later stage
consumes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

FIRST_LETTER = "first-letter"
CASE_SENSITIVE = "case-sensitive"


@dataclass(frozen=True, slots=True)
class Namespace:
    """One namespace of a wiki: ``14`` is ``Category`` on enwiki, ``Kategorie`` on dewiki.

    ``canonical`` is MediaWiki's language-independent name (``Category``), accepted in links
    in every language; ``aliases`` are further accepted names (``Image`` for ``File``).
    """

    id: int
    name: str
    case: str = FIRST_LETTER
    canonical: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a dump, in its latest revision.

    ``title`` is the full title as the dump writes it, namespace prefix included
    (``Category:Berlin``), with spaces.  ``redirect`` is the target title of a redirect page,
    ``None`` otherwise.  ``model`` is the content model (``wikitext``, ``json`` …).
    """

    title: str
    ns: int
    id: int
    revision_id: int | None = None
    timestamp: str | None = None
    text: str = ""
    redirect: str | None = None
    model: str = "wikitext"
    format: str | None = None
    parent_id: int | None = None

    @property
    def is_redirect(self) -> bool:
        return self.redirect is not None


@dataclass(frozen=True)
class SiteInfo:
    """The ``<siteinfo>`` of a dump: which wiki, which language, which namespaces.

    ``lang`` is the language code of the edition (``en``, ``de``, ``zh-yue`` …); ``base`` the URL of
    the main page, from which the article path is derived.
    """

    sitename: str = "Wikipedia"
    dbname: str | None = None
    base: str | None = None
    generator: str | None = None
    case: str = FIRST_LETTER
    lang: str = "en"
    namespaces: Mapping[int, Namespace] = field(default_factory=dict)

    def namespace(self, ns: int) -> Namespace | None:
        return self.namespaces.get(ns)

    @property
    def article_base(self) -> str:
        """``https://en.wikipedia.org/wiki/`` — the prefix of article URLs."""
        if self.base and "/wiki/" in self.base:
            return self.base[: self.base.index("/wiki/") + len("/wiki/")]
        if self.base and "/index.php" in self.base:
            return self.base[: self.base.index("/index.php")] + "/wiki/"
        return f"https://{self.lang}.wikipedia.org/wiki/"

    def namespace_id(self, prefix: str) -> int | None:
        """The namespace a title prefix names, or ``None``: ``"category"`` → 14.

        As in MediaWiki, the match ignores case and treats ``_`` as a space; the local name,
        the canonical English name and every alias are accepted.
        """
        return self._index.get(_fold(prefix))

    @property
    def _index(self) -> dict[str, int]:
        cached: dict[str, int] | None = self.__dict__.get("_ns_index")
        if cached is None:
            cached = {}
            for ns in self.namespaces.values():
                if ns.id == 0:
                    continue
                for name in (ns.name, ns.canonical, *ns.aliases):
                    if name:
                        cached.setdefault(_fold(name), ns.id)
            self.__dict__["_ns_index"] = cached  # a cache, not state: frozen stays true
        return cached


def _fold(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()
