"""MediaWiki's standard namespaces, for dumps that carry no ``<siteinfo>``, in every language.

Source: MediaWiki ``includes/Defines.php`` (namespace numbers) and ``languages/messages/MessagesEn.php``
(canonical names and the ``Image`` alias of ``File``); the local names of each Wikipedia edition
come from :mod:`wikikg.dump.localized`.
"""

from __future__ import annotations

from collections.abc import Mapping

from wikikg.dump.localized import localized_namespaces
from wikikg.dump.page import FIRST_LETTER, Namespace, SiteInfo

# id → canonical (English) name. 4/5 are the "project" namespace, named after the site.
CANONICAL: dict[int, str] = {
    -2: "Media",
    -1: "Special",
    1: "Talk",
    2: "User",
    3: "User talk",
    4: "Project",
    5: "Project talk",
    6: "File",
    7: "File talk",
    8: "MediaWiki",
    9: "MediaWiki talk",
    10: "Template",
    11: "Template talk",
    12: "Help",
    13: "Help talk",
    14: "Category",
    15: "Category talk",
    100: "Portal",
    101: "Portal talk",
    828: "Module",
    829: "Module talk",
}

ALIASES: dict[int, tuple[str, ...]] = {6: ("Image",), 7: ("Image talk",)}

CATEGORY = 14
FILE = 6
TEMPLATE = 10
MAIN = 0


def standard_namespaces(sitename: str = "Wikipedia") -> dict[int, Namespace]:
    """MediaWiki's built-in namespaces with their English names."""
    out = {0: Namespace(0, "", FIRST_LETTER)}
    for ns_id, name in CANONICAL.items():
        local = name.replace("Project", sitename) if ns_id in (4, 5) else name
        aliases = ALIASES.get(ns_id, ())
        if ns_id in (4, 5):
            aliases = (*aliases, name)
        out[ns_id] = Namespace(ns_id, local, FIRST_LETTER, name, aliases)
    return out


def wikipedia_namespaces(lang: str, sitename: str = "Wikipedia") -> dict[int, Namespace]:
    """The namespaces of the Wikipedia edition ``lang``, with their local names and aliases.

    The canonical English names stay accepted (MediaWiki accepts them on every wiki).  For an
    edition :mod:`~wikikg.dump.localized` does not know, MediaWiki's standard English namespaces.

    >>> ns = wikipedia_namespaces("de")
    >>> ns[14].name, ns[14].canonical, ns[6].aliases
    ('Kategorie', 'Category', ('Bild', 'Image'))
    >>> wikipedia_namespaces("fr")[100].name
    'Portail'
    """
    local = localized_namespaces(lang)
    if local is None:
        return standard_namespaces(sitename)
    out = {0: Namespace(0, "", FIRST_LETTER)}
    for ns_id in sorted({*CANONICAL, *local}):
        names = local.get(ns_id)
        if names is None and ns_id in (100, 101):
            continue  # this edition has no Portal namespace
        canonical = CANONICAL.get(ns_id) if ns_id not in (100, 101) else None
        if names is None:
            name = canonical or ""
            if ns_id in (4, 5):
                name = name.replace("Project", sitename)
            names = (name,)
        aliases = tuple(dict.fromkeys(a for a in (*names[1:], *ALIASES.get(ns_id, ())) if a != names[0]))
        out[ns_id] = Namespace(ns_id, names[0], FIRST_LETTER, canonical, aliases)
    return out


def with_aliases(namespaces: Mapping[int, Namespace], lang: str | None) -> dict[int, Namespace]:
    """A ``<siteinfo>``'s namespaces completed with what it does not list: canonical names and aliases.

    A dump's ``<siteinfo>`` gives each namespace's local name only; links may also use the
    canonical English name and the aliases (``[[Bild:…]]`` on dewiki), which come from
    :func:`wikipedia_namespaces` for the same edition.  With ``lang=None`` (a wiki that is not a
    Wikipedia edition) only the canonical names and ``Image`` are added.
    """
    known = wikipedia_namespaces(lang) if lang else {}
    out: dict[int, Namespace] = {}
    for ns_id, ns in namespaces.items():
        ref = known.get(ns_id)
        canonical = ns.canonical or CANONICAL.get(ns_id) or (ref.canonical if ref else None)
        extra: tuple[str, ...] = ALIASES.get(ns_id, ())
        if ref is not None:
            extra = (*extra, ref.name, *ref.aliases)
        aliases = tuple(dict.fromkeys(a for a in (*ns.aliases, *extra) if a and a != ns.name))
        out[ns_id] = Namespace(ns_id, ns.name, ns.case, canonical, aliases)
    return out


def default_siteinfo(lang: str = "en", sitename: str = "Wikipedia") -> SiteInfo:
    """A siteinfo for a dump that has none (or another edition's): the edition's own namespaces.

    >>> site = default_siteinfo("ru")
    >>> site.namespace_id("Категория"), site.namespace_id("category"), site.namespace(10).name
    (14, 14, 'Шаблон')
    """
    return SiteInfo(
        sitename=sitename,
        dbname=f"{lang.replace('-', '_')}wiki",
        base=f"https://{lang}.wikipedia.org/wiki/Main_Page",
        lang=lang,
        namespaces=wikipedia_namespaces(lang, sitename),
    )
