"""MediaWiki's standard namespaces, for dumps that carry no ``<siteinfo>``.

Source: MediaWiki ``includes/Defines.php`` (namespace numbers) and ``languages/messages/MessagesEn.php``
(canonical names and the ``Image`` alias of ``File``).
"""

from __future__ import annotations

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


def default_siteinfo(lang: str = "en", sitename: str = "Wikipedia") -> SiteInfo:
    """A siteinfo for a dump that has none: MediaWiki's standard namespaces."""
    return SiteInfo(
        sitename=sitename,
        dbname=f"{lang.replace('-', '_')}wiki",
        base=f"https://{lang}.wikipedia.org/wiki/Main_Page",
        lang=lang,
        namespaces=standard_namespaces(sitename),
    )
