"""Local names of the File (6), Template (10) and Category (14) namespaces, per edition.

Needed to tell ``[[Kategorie:Berlin]]`` (no text: the page is put in a category) from an ordinary
link, and ``[[Datei:x.jpg|mini|…]]`` (an image) from text, when a dump carries no ``<siteinfo>`` of
its own (DBpedia's minidumps all carry enwiki's).  The canonical English names ``File``, ``Image``
and ``Category`` are accepted in every edition, as MediaWiki does.

The names come from :mod:`wikikg.dump.localized` (every edition's namespaces and aliases) and from
the dump's own ``<siteinfo>`` when it has one.
"""

from __future__ import annotations

from wikikg.dump.localized import localized_namespaces
from wikikg.dump.page import SiteInfo

_CANONICAL_FILE = ("File", "Image", "Media")
_CANONICAL_CATEGORY = ("Category",)
_CANONICAL_TEMPLATE = ("Template",)


def _fold(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


class LocalNamespaces:
    """Answers "is this link prefix the File / Category namespace?" for one edition.

    >>> ns = LocalNamespaces("de")
    >>> ns.is_category("kategorie"), ns.is_file("Bild"), ns.is_file("Image"), ns.is_category("Berlin")
    (True, True, True, False)
    """

    __slots__ = ("categories", "files", "templates")

    def __init__(self, lang: str, site: SiteInfo | None = None) -> None:
        local = localized_namespaces(lang) or {}
        files = {*_CANONICAL_FILE, *local.get(6, ()), *local.get(-2, ())}
        cats = {*_CANONICAL_CATEGORY, *local.get(14, ())}
        templates = {*_CANONICAL_TEMPLATE, *local.get(10, ())}
        if site is not None:
            for ns, names in ((6, files), (-2, files), (14, cats), (10, templates)):
                info = site.namespace(ns)
                if info is not None:
                    names.update(n for n in (info.name, info.canonical, *info.aliases) if n)
        self.files = frozenset(_fold(n) for n in files)
        self.categories = frozenset(_fold(n) for n in cats)
        self.templates = frozenset(_fold(n) for n in templates)

    def is_file(self, prefix: str) -> bool:
        return _fold(prefix) in self.files

    def is_category(self, prefix: str) -> bool:
        return _fold(prefix) in self.categories

    def is_template(self, prefix: str) -> bool:
        return _fold(prefix) in self.templates
