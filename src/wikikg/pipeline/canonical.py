"""Many editions, one graph: interlanguage links joined after the pass, and the canonical view.

Each Wikipedia edition is extracted under its own IRIs (``http://de.dbpedia.org/resource/Berlin``).
Interlanguage links say which pages of two editions are about the same thing; they come from the
pages' own ``[[xx:Title]]`` links (older dumps, extractor ``interlanguage-links``) and from the
``langlinks`` table dumps Wikimedia publishes per edition (``{lang}wiki-{date}-langlinks.sql.gz``,
rows ``(ll_from page id, ll_lang, ll_title)``, given with ``--langlinks``).  This step joins them:

1. **the table join** — a ``langlinks`` row names its source page by id only; the id → title map
   of that edition comes from the pass itself (the ``page_lang=xx_ids`` dataset) and, where the
   ``page`` table of the same dump lies beside the langlinks file (``…-page.sql.gz``), from that
   table too.  Targets (``ll_title``) are normalised with the target edition's namespaces;

2. ``interlanguage-links_lang=xx`` — ``dbo:wikiPageInterLanguageLink`` from every page of edition
   xx to its versions, inline links and table rows together, one per page and target edition
   (the first one wins, as in MediaWiki, whose ``langlinks`` key is ``(ll_from, ll_lang)``);

3. ``interlanguage-links_lang=xx_sameas`` — ``owl:sameAs`` between the editions' resources, in
   both directions, each in the dataset of its subject's edition (DBpedia's
   ``interlanguage-links-same-as``; its Wikidata-era ``interlanguage-links`` hold the same
   ``owl:sameAs`` links).  Since 2013 interlanguage links are generated from Wikidata's sitelinks,
   which are symmetric, so a link stated by one side holds for both: the English table alone
   links every edition's Berlin back to ``dbr:Berlin``.  Links are not chained (de–en and en–fr do
   not make de–fr);

4. **the canonical view** — every dataset of each non-canonical edition xx is written again onto
   the canonical edition's IRIs, as ``<artifact>_lang=xx[_variant]_canonicalized.nt.gz``
   (DBpedia's ``CanonicalizeUris`` / ``CanonicalizeIris``): a subject that is a resource of xx is
   replaced by the canonical resource it is linked to, and the triple is dropped when there is no
   such link; an object that is a resource of xx likewise (mapped, or the triple dropped);
   literals, other IRIs and non-resource subjects (a Wikipedia page URL) are kept.  The canonical
   resource of an xx page is the one xx links to, else the one that links to xx (the smallest IRI
   if several do).  So ``labels_lang=de_canonicalized`` holds ``dbr:Berlin rdfs:label
   "Berlin"@de`` — one resource with labels and abstracts in every language.

What is not canonicalized, and why: the interlanguage links themselves (they are the mapping),
and the datasets that describe an edition's own page rather than the thing it is about — page
ids, revision ids and URIs, page length and out-degree, redirects — which on a shared resource
would give it two ``dbo:wikiPageID`` values.  Where DBpedia's ``CanonicalizeIris`` also moves the
edition's property namespace onto the canonical one (``http://de.dbpedia.org/property/einwohner``
becoming ``dbp:einwohner``), wikikg keeps each edition's own ``dbp:`` namespace, so that a query
can still tell a German infobox key from an English one.

**Memory.** The join holds every interlanguage link of the run in memory (edition → page IRI →
edition → IRI), plus, for the table join, the id → IRI map of the table's edition (only the ids
the table uses when a ``page`` table is read); the canonical maps hold one entry per linked page
of the extracted editions.  In CPython that is about 250 bytes per link: the ~120 links of one
article are nothing, English Wikipedia's full langlinks table (~15 million rows) needs ~4 GB —
at that scale the join belongs to the Spark engine.  Dataset files are streamed, never loaded.

This module assumes DBpedia's resource namespaces (``http://{lang}.dbpedia.org/resource/``,
``http://dbpedia.org/resource/`` for English); a run with ``--base`` is not canonicalized.
"""

from __future__ import annotations

import bz2
import gzip
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from wikikg.dump import sql
from wikikg.dump.editions import SPECIAL_WIKIS, is_language, language_from_filename
from wikikg.errors import ConfigError, InputError
from wikikg.extractors.interlanguage import (
    INTERLANGUAGE_LINKS,
    INTERLANGUAGE_SAMEAS,
    LINKED_NAMESPACES,
    EditionTitles,
)
from wikikg.pipeline.sink import open_output
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import COMPRESSIONS, parse_filename
from wikikg.rdf.iri import resource_namespace
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import IRI

log = logging.getLogger("wikikg")

CANONICALIZED = "canonicalized"
DEFAULT_CANONICAL = "en"

# Artifacts that describe an edition's own page (or are the links themselves): not canonicalized.
# DBpedia's list of datasets to canonicalize (CanonicalizeUris.scala, releases 3.8/3.9) leaves out
# page ids, revisions, redirects and the interlanguage links for the same reason.
NOT_CANONICALIZED = frozenset({"interlanguage-links", "page", "revisions", "redirects"})

_PAGE_ID = re.compile(r'^<([^>]+)> <' + re.escape(v.DBO_WIKI_PAGE_ID) + r'> "(\d+)"')


# --- the links of the run ----------------------------------------------------------------------------
@dataclass
class LinkIndex:
    """Every interlanguage link of the run: edition → page IRI → target edition → target IRI.

    One link per page and target edition; the first one added wins (MediaWiki keeps the first
    ``[[xx:…]]`` per language, and ``langlinks`` is keyed by ``(ll_from, ll_lang)``).

    >>> index = LinkIndex()
    >>> index.add("en", "http://dbpedia.org/resource/Berlin", "de", "http://de.dbpedia.org/resource/Berlin")
    True
    >>> index.add("en", "http://dbpedia.org/resource/Berlin", "de", "http://de.dbpedia.org/resource/X")
    False
    >>> index.count
    1
    """

    links: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    count: int = 0

    def add(self, lang: str, page: str, target_lang: str, target: str) -> bool:
        targets = self.links.setdefault(lang, {}).setdefault(page, {})
        if target_lang in targets:
            return False
        targets[target_lang] = target
        self.count += 1
        return True

    def of(self, lang: str) -> dict[str, dict[str, str]]:
        return self.links.get(lang, {})

    def sorted_links(self, lang: str) -> Iterator[tuple[str, str, str]]:
        """``(page, target edition, target)`` of edition ``lang``, sorted (output is deterministic)."""
        pages = self.of(lang)
        for page in sorted(pages):
            targets = pages[page]
            for target_lang in sorted(targets):
                yield page, target_lang, targets[target_lang]


_RESOURCE = re.compile(r"^http://(?:([a-z][a-z0-9-]*)\.)?dbpedia\.org/resource/")


def resource_edition(iri: str) -> str | None:
    """The edition of a DBpedia resource IRI: ``http://de.dbpedia.org/resource/X`` → ``de``.

    >>> resource_edition("http://dbpedia.org/resource/Berlin"), resource_edition("http://zh-yue.dbpedia.org/resource/X")
    ('en', 'zh-yue')
    >>> resource_edition("http://example.org/resource/X") is None
    True
    """
    m = _RESOURCE.match(iri)
    if m is None:
        return None
    return m.group(1) or "en"


# --- reading ------------------------------------------------------------------------------------------
def _open_text(path: Path) -> IO[str]:
    """A dataset file opened for reading text, whatever its compression."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_iri_triples(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` of the lines of an N-Triples file whose object is an IRI."""
    with _open_text(path) as f:
        for ln in f:
            parts = split_line(ln)
            if parts is not None and parts[2].startswith("<"):
                yield parts[0], parts[1], parts[2][1 : parts[2].index(">")]


def split_line(ln: str) -> tuple[str, str, str] | None:
    """Split an N-Triples line into subject IRI, predicate IRI and the rest (object, `` .``, newline).

    >>> split_line('<http://a/S> <http://p/q> "x y"@de .\\n')
    ('http://a/S', 'http://p/q', '"x y"@de .\\n')
    >>> split_line("# a comment") is None
    True
    """
    if not ln.startswith("<"):
        return None
    i = ln.find("> <", 1)
    if i < 0:
        return None
    j = ln.find("> ", i + 3)
    if j < 0:
        return None
    return ln[1:i], ln[i + 3 : j], ln[j + 2 :]


def page_ids_from_pass(path: Path) -> dict[int, str]:
    """Page id → resource IRI from a ``page_lang=xx_ids`` dataset file (empty when there is none)."""
    ids: dict[int, str] = {}
    if not path.exists():
        return ids
    with _open_text(path) as f:
        for ln in f:
            m = _PAGE_ID.match(ln)
            if m:
                ids[int(m.group(2))] = m.group(1)
    return ids


def page_table_for(langlinks: Path) -> Path | None:
    """The ``page`` table dump of the same wiki and date lying beside a langlinks dump, if any.

    >>> page_table_for(Path("/nowhere/dewiki-20240101-langlinks.sql.gz")) is None
    True
    """
    name = langlinks.name
    if "-langlinks." not in name:
        return None
    candidate = langlinks.with_name(name.replace("-langlinks.", "-page.", 1))
    return candidate if candidate.is_file() else None


def page_ids_from_table(path: Path, lang: str, wanted: set[int], titles: EditionTitles) -> dict[int, str]:
    """Page id → resource IRI from a ``page`` table dump, for the ids in ``wanted`` only.

    Only the namespaces interlanguage links are extracted from (main, template, category).
    """
    site, minter = titles.edition(lang)
    ids: dict[int, str] = {}
    for row in sql.pages(path):
        if row.id not in wanted or row.namespace not in LINKED_NAMESPACES:
            continue
        ns = site.namespace(row.namespace)
        local = f"{ns.name.replace(' ', '_')}:{row.title}" if row.namespace and ns is not None else row.title
        ids[row.id] = minter.resource(local)
    return ids


@dataclass
class TableReport:
    """What one langlinks table gave."""

    path: str
    lang: str
    rows: int = 0
    links: int = 0
    unknown_pages: int = 0
    bad_targets: int = 0
    page_ids_from: list[str] = field(default_factory=list)


def read_langlinks(path: Path, lang: str, ids: Mapping[int, str], titles: EditionTitles,
                   index: LinkIndex) -> TableReport:
    """Add the links of a langlinks table of edition ``lang`` to ``index``."""
    report = TableReport(str(path), lang)
    for row in sql.langlinks(path):
        report.rows += 1
        page = ids.get(row.from_id)
        if page is None:
            report.unknown_pages += 1
            continue
        target_lang = row.lang.strip().lower()
        if target_lang == lang or not (is_language(target_lang) or target_lang in SPECIAL_WIKIS):
            report.bad_targets += 1
            continue
        target = titles.resource(target_lang, row.title)
        if target is None:
            report.bad_targets += 1
            continue
        if index.add(lang, page, target_lang, target):
            report.links += 1
    return report


def langlinks_edition(path: Path) -> str:
    """The edition a langlinks dump belongs to, from its Wikimedia file name."""
    lang = language_from_filename(path.name)
    if lang is None:
        raise ConfigError(f"--langlinks {path}: cannot tell which edition it belongs to; "
                          "name it as Wikimedia does, {lang}wiki-{date}-langlinks.sql.gz")
    return lang


# --- writing ------------------------------------------------------------------------------------------
class _Out:
    """A dataset file being written; counts its triples."""

    def __init__(self, path: Path, compress: str) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + ".tmp")
        self.f = open_output(self.tmp, compress)
        self.count = 0

    def write(self, text: str) -> None:
        self.f.write(text.encode("utf-8"))
        self.count += 1

    def close(self) -> int:
        self.f.close()
        os.replace(self.tmp, self.path)
        return self.count


def write_links(partial: Path, lang: str, index: LinkIndex, compress: str) -> dict[str, int]:
    """``interlanguage-links_lang=lang``: the edition's own links, sorted."""
    name = INTERLANGUAGE_LINKS.filename(lang, compress)
    out = _Out(partial / name, compress)
    for page, _target_lang, target in index.sorted_links(lang):
        out.write(line(IRI(page), v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK, IRI(target)))
    return {name: out.close()}


def write_same_as(partial: Path, langs: Iterable[str], index: LinkIndex, compress: str) -> dict[str, int]:
    """``interlanguage-links_lang=xx_sameas`` for each of ``langs``: both directions of every link.

    A link a→b of edition E gives ``a owl:sameAs b`` in E's file and ``b owl:sameAs a`` in the
    target edition's file, unless that edition states the link b→a itself (then its own link
    writes it): no triple is written twice.
    """
    wanted = sorted(set(langs))
    outs = {lang: _Out(partial / INTERLANGUAGE_SAMEAS.filename(lang, compress), compress) for lang in wanted}
    try:
        for lang in sorted(index.links):
            own = outs.get(lang)
            for page, target_lang, target in index.sorted_links(lang):
                if own is not None:
                    own.write(line(IRI(page), v.OWL_SAME_AS, IRI(target)))
                back = outs.get(target_lang)
                if back is not None and index.of(target_lang).get(target, {}).get(lang) != page:
                    back.write(line(IRI(target), v.OWL_SAME_AS, IRI(page)))
    finally:
        counts = {out.path.name: out.close() for out in outs.values()}
    return counts


def canonical_maps(index: LinkIndex, langs: Iterable[str], canonical: str) -> dict[str, dict[str, str]]:
    """For each edition of ``langs`` other than ``canonical``: its resource IRI → the canonical IRI.

    The edition's own link to the canonical edition wins; else the canonical page linking to it
    (the smallest IRI, when several do).
    """
    maps: dict[str, dict[str, str]] = {}
    for lang in langs:
        if lang == canonical:
            continue
        own: dict[str, str] = {}
        for page, targets in index.of(lang).items():
            target = targets.get(canonical)
            if target is not None:
                own[page] = target
        maps[lang] = own
    canonical_pages = index.of(canonical)
    for page in sorted(canonical_pages):
        for lang, target in canonical_pages[page].items():
            m = maps.get(lang)
            if m is not None:
                m.setdefault(target, page)
    return maps


def canonicalized_name(name: str) -> str:
    """``labels_lang=de.nt.gz`` → ``labels_lang=de_canonicalized.nt.gz``."""
    for ext in (".nt.gz", ".nt.bz2", ".nt"):
        if name.endswith(ext):
            return f"{name[: -len(ext)]}_{CANONICALIZED}{ext}"
    raise ValueError(f"not a dataset file name: {name}")


def canonicalize_file(source: Path, target: Path, lang: str, mapping: Mapping[str, str], compress: str) -> int:
    """Write ``source`` (a dataset of edition ``lang``) onto canonical IRIs; return the triples kept.

    >>> import tempfile
    >>> m = {"http://de.dbpedia.org/resource/Berlin": "http://dbpedia.org/resource/Berlin"}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     src, dst = Path(d, "x_lang=de.nt"), Path(d, "x_lang=de_canonicalized.nt")
    ...     _ = src.write_text(
    ...         '<http://de.dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@de .\\n'
    ...         '<http://de.dbpedia.org/resource/Spree> <http://www.w3.org/2000/01/rdf-schema#label> "Spree"@de .\\n'
    ...         '<http://de.dbpedia.org/resource/Berlin> <http://dbpedia.org/ontology/wikiPageWikiLink> <http://de.dbpedia.org/resource/Spree> .\\n'
    ...         '<https://de.wikipedia.org/wiki/Berlin> <http://xmlns.com/foaf/0.1/primaryTopic> <http://de.dbpedia.org/resource/Berlin> .\\n')
    ...     n = canonicalize_file(src, dst, "de", m, "none")
    ...     print(n, dst.read_text(), end="")
    2 <http://dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@de .
    <https://de.wikipedia.org/wiki/Berlin> <http://xmlns.com/foaf/0.1/primaryTopic> <http://dbpedia.org/resource/Berlin> .
    """
    own = resource_namespace(lang)
    out = _Out(target, compress)
    try:
        with _open_text(source) as f:
            for ln in f:
                parts = split_line(ln)
                if parts is None:
                    continue
                s, p, rest = parts
                if s.startswith(own):
                    mapped = mapping.get(s)
                    if mapped is None:
                        continue
                    s = mapped
                if rest.startswith("<"):
                    end = rest.index(">")
                    o = rest[1:end]
                    if o.startswith(own):
                        mapped = mapping.get(o)
                        if mapped is None:
                            continue
                        rest = f"<{mapped}{rest[end:]}"
                out.write(f"<{s}> <{p}> {rest}")
    finally:
        count = out.close()
    return count


def edition_files(partial: Path, lang: str, compress: str) -> list[Path]:
    """The finished dataset files of edition ``lang`` in ``partial`` that are canonicalized."""
    suffix = ".nt" + COMPRESSIONS[compress]
    found = []
    for entry in sorted(partial.iterdir()):
        if not entry.name.endswith(suffix):
            continue
        parsed = parse_filename(entry.name)
        if parsed is None or parsed[1] != lang or CANONICALIZED in parsed[2]:
            continue
        if parsed[0] in NOT_CANONICALIZED:
            continue
        found.append(entry)
    return found


def join_table(partial: Path, path: Path, lang: str, compress: str, titles: EditionTitles,
               index: LinkIndex) -> TableReport:
    """Join one langlinks table of edition ``lang`` with its page ids and add its links to ``index``."""
    ids = page_ids_from_pass(partial / ds.PAGE_IDS.filename(lang, compress))
    sources = ["the pass"] if ids else []
    table = page_table_for(path)
    if table is not None:
        used = {row.from_id for row in sql.langlinks(path)}
        ids.update(page_ids_from_table(table, lang, used - ids.keys(), titles))
        sources.append(table.name)
    if not ids:
        log.warning("%s: no page ids of edition %r to join with: extract its dump with the page-ids "
                    "extractor, or put its page table (…-page.sql.gz) beside the langlinks file",
                    path.name, lang)
        return TableReport(str(path), lang)
    report = read_langlinks(path, lang, ids, titles, index)
    report.page_ids_from = sources
    log.info("%s: %d rows → %d interlanguage links of %s (%d rows name a page not extracted, "
             "%d a bad target); page ids from %s", path.name, report.rows, report.links, lang,
             report.unknown_pages, report.bad_targets, " and ".join(sources))
    return report


# --- the step -----------------------------------------------------------------------------------------
def canonical_edition(options: Mapping[str, Any]) -> str:
    lang = str(options.get("canonical") or DEFAULT_CANONICAL).strip().lower()
    if not (is_language(lang) or lang in SPECIAL_WIKIS):
        raise ConfigError(f"--canonical {lang!r} is not a Wikipedia edition's code (e.g. en, de, fr)")
    return lang


def langlinks_files(options: Mapping[str, Any]) -> list[Path]:
    paths = [Path(p) for p in options.get("langlinks") or ()]
    for p in paths:
        if not p.is_file():
            raise InputError(f"--langlinks {p}: no such file")
    return paths


def wanted(options: Mapping[str, Any], extractor_names: Iterable[str]) -> bool:
    """Whether the run has interlanguage links to join: tables given, or the inline extractor ran."""
    return bool(options.get("langlinks")) or "interlanguage-links" in set(extractor_names)


def join_and_canonicalize(partial: Path, langs: Sequence[str], compress: str,
                          options: Mapping[str, Any]) -> dict[str, int]:
    """Run the whole step (see the module's docstring); return triples per file written."""
    canonical = canonical_edition(options)
    tables = [(p, langlinks_edition(p)) for p in langlinks_files(options)]
    index = LinkIndex()
    titles = EditionTitles()

    for lang in langs:  # the pages' own [[xx:…]] links, written by the pass
        path = partial / INTERLANGUAGE_LINKS.filename(lang, compress)
        if path.exists():
            for s, p, o in read_iri_triples(path):
                target_lang = resource_edition(o)
                if p == v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK and target_lang is not None:
                    index.add(lang, s, target_lang, o)

    for path, lang in tables:
        join_table(partial, path, lang, compress, titles, index)

    files: dict[str, int] = {}
    linked = sorted(index.links)
    for lang in linked:
        files.update(write_links(partial, lang, index, compress))
    files.update(write_same_as(partial, [*langs, *linked], index, compress))

    maps = canonical_maps(index, langs, canonical)
    for lang in sorted(maps):
        for source in edition_files(partial, lang, compress):
            name = canonicalized_name(source.name)
            files[name] = canonicalize_file(source, partial / name, lang, maps[lang], compress)
    if maps:
        unlinked = sorted(lang for lang, m in maps.items() if not m)
        log.info("canonical view onto %s: %d resources of %d editions mapped%s", canonical,
                 sum(len(m) for m in maps.values()), len(maps) - len(unlinked),
                 f"; no link to {canonical} from {', '.join(unlinked)}" if unlinked else "")
    return files
