"""Reading a dump's ``<siteinfo>`` and deciding the edition's language.

``<siteinfo>`` (export schema 0.3 onwards) names the wiki (``sitename``, ``dbname`` from 0.5, the
main page URL ``base``, the ``generator``), its default title ``case`` rule and its namespaces,
each ``<namespace key="14" case="first-letter">Kategorie</namespace>`` (``case`` per namespace
from schema 0.5; before, the site's rule applies).

The language of an edition is, in order: the one the caller gives, the one ``dbname`` names
(``dewiki`` → ``de``; ``simplewiki`` → ``simple``, where ``xml:lang`` says ``en``), the
``xml:lang`` of ``<mediawiki>``, else ``en``.  When the caller's language differs from the
siteinfo's — DBpedia's minidumps carry enwiki's ``<siteinfo>`` in every language — the siteinfo
describes another wiki and is replaced by the given edition's own (:func:`default_siteinfo`).
"""

from __future__ import annotations

from lxml import etree

from wikikg.dump.editions import language_from_dbname
from wikikg.dump.namespaces import default_siteinfo, standard_namespaces, with_aliases
from wikikg.dump.page import FIRST_LETTER, Namespace, SiteInfo

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local_name(tag: object) -> str:
    """``{http://www.mediawiki.org/xml/export-0.10/}page`` → ``page`` (any schema version)."""
    s = tag if isinstance(tag, str) else ""
    return s.rpartition("}")[2]


def root_attributes(start_tag: bytes) -> dict[str, str]:
    """The attributes of the ``<mediawiki …>`` start tag (``version``, ``xml:lang`` as ``lang``).

    >>> root_attributes(b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="de">')
    {'version': '0.10', 'lang': 'de'}
    """
    name = start_tag[1:].split(None, 1)[0].rstrip(b">/")
    elem = etree.fromstring(start_tag.rstrip(b"/>") + b"></" + name + b">")
    out = {"version": elem.get("version", "")}
    lang = elem.get(_XML_LANG)
    if lang:
        out["lang"] = lang
    return out


def parse_siteinfo(xml: bytes | None, *, xml_lang: str | None = None, lang: str | None = None) -> SiteInfo:
    """A :class:`SiteInfo` from the bytes of a ``<siteinfo>`` element (``None``: there is none).

    ``lang`` is the caller's language override; ``xml_lang`` the ``xml:lang`` of ``<mediawiki>``.
    Raises :class:`lxml.etree.XMLSyntaxError` when the element is not well-formed.
    """
    if xml is None:
        return default_siteinfo(lang or xml_lang or "en")
    elem = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    fields: dict[str, str] = {}
    namespaces: dict[int, Namespace] = {}
    for child in elem:
        name = local_name(child.tag)
        if name == "namespaces":
            namespaces = _namespaces(child, fields.get("case", FIRST_LETTER))
        elif child.text is not None:
            fields[name] = child.text.strip()
    case = fields.get("case", FIRST_LETTER)
    if namespaces:  # <case> may follow <namespaces>: namespaces without their own rule take it
        namespaces = {
            k: ns if ns.case != "" else Namespace(ns.id, ns.name, case, ns.canonical, ns.aliases)
            for k, ns in namespaces.items()
        }
    dbname = fields.get("dbname")
    own_lang = language_from_dbname(dbname) or xml_lang or "en"
    sitename = fields.get("sitename", "Wikipedia")
    if lang is not None and lang != own_lang:
        # The header describes another wiki: use the given edition's own namespaces.
        return default_siteinfo(lang)
    base = fields.get("base")
    if not namespaces:
        namespaces = standard_namespaces(sitename)
    if base is not None and any(h in base for h in ("wikipedia.org", "wikimedia.org", "wikidata.org")):
        namespaces = with_aliases(namespaces, own_lang)
    else:  # another MediaWiki (Fandom …): only what every MediaWiki accepts
        namespaces = with_aliases(namespaces, None)
    return SiteInfo(
        sitename=sitename,
        dbname=dbname,
        base=base,
        generator=fields.get("generator"),
        case=case,
        lang=own_lang,
        namespaces=namespaces,
    )


def _namespaces(elem: etree._Element, case: str) -> dict[int, Namespace]:
    out: dict[int, Namespace] = {}
    for ns in elem:
        if local_name(ns.tag) != "namespace":
            continue
        key = ns.get("key")
        if key is None or not key.lstrip("-").isdigit():
            continue
        ns_id = int(key)
        out[ns_id] = Namespace(ns_id, (ns.text or "").strip(), ns.get("case", ""))
    return out
