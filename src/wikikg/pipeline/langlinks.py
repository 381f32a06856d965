"""The interlanguage links of a run: inline links and ``langlinks`` tables joined, sameAs written.

Links come from two places:

* the pages' own ``[[xx:Title]]`` links, written during the pass by the ``interlanguage-links``
  extractor (older dumps; :mod:`wikikg.extractors.interlanguage`);
* the ``langlinks`` table dumps Wikimedia publishes per edition
  (``{lang}wiki-{date}-langlinks.sql.gz``, rows ``(ll_from page id, ll_lang, ll_title)``), given
  with ``--langlinks`` and streamed with :mod:`wikikg.dump.sql`.  A row names its source page by
  id only: the id → title map of that edition comes from the pass (the ``page_lang=xx_ids``
  dataset) and, where the ``page`` table of the same dump lies beside the langlinks file
  (``…-page.sql.gz``), from that table too.  ``ll_title`` is normalised with the target edition's
  namespaces and case rules.

From them this module writes, per edition xx:

* ``interlanguage-links_lang=xx`` — ``dbo:wikiPageInterLanguageLink`` from every page of xx to its
  versions, inline links and table rows together, one per page and target edition (the first
  wins, as in MediaWiki, whose ``langlinks`` key is ``(ll_from, ll_lang)``);
* ``interlanguage-links_lang=xx_sameas`` — ``owl:sameAs`` between the editions' resources, in both
  directions, each triple in the dataset of its subject's edition (DBpedia's
  ``interlanguage-links-same-as``; its Wikidata-era ``interlanguage-links`` hold the same
  ``owl:sameAs`` links).  Since 2013 the links are generated from Wikidata's sitelinks, which are
  symmetric, so a link stated by one side holds for both: enwiki's table alone links every
  edition's Berlin back to ``dbr:Berlin``.  Links are not chained (de–en and en–fr do not make
  de–fr), and the reverse direction is written only for editions extracted in the run.

**Memory.** The index holds every link of the run (edition → page IRI → edition → IRI), and the
table join the id → IRI map of the table's edition (from a ``page`` table, only the ids the
langlinks table uses): in CPython about 165 bytes per link with five links per page (measured
with ``tracemalloc``; ~410 bytes when a page has a single link).  The ~120 links of one article
are nothing; English Wikipedia's whole table (~15 million rows) needs ~3 GB — at that scale the
join belongs to the Spark engine.  Dataset and table files are streamed, never loaded whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg.dump import sql
from wikikg.dump.editions import SPECIAL_WIKIS, is_language, language_from_filename
from wikikg.errors import ConfigError, InputError
from wikikg.extractors.interlanguage import LINKED_NAMESPACES, EditionTitles
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import INTERLANGUAGE_LINKS, INTERLANGUAGE_SAMEAS
from wikikg.rdf.ntfiles import (
    BufferedWriter,
    iri_triples,
    open_dataset,
)
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import IRI

log = logging.getLogger("wikikg")

_PAGE_ID = re.compile(r'^<([^>]+)> <' + re.escape(v.DBO_WIKI_PAGE_ID) + r'> "(\d+)"')
_RESOURCE = re.compile(r"^http://(?:([a-z][a-z0-9-]*)\.)?dbpedia\.org/resource/")


@dataclass
class LinkIndex:
    """Every interlanguage link of the run: edition → page IRI → target edition → target IRI.

    One link per page and target edition; the first one added wins.

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
        """The links of edition ``lang``: page IRI → target edition → target IRI."""
        return self.links.get(lang, {})

    def sorted_links(self, lang: str) -> Iterator[tuple[str, str, str]]:
        """``(page, target edition, target)`` of edition ``lang``, sorted (output is deterministic)."""
        pages = self.of(lang)
        for page in sorted(pages):
            targets = pages[page]
            for target_lang in sorted(targets):
                yield page, target_lang, targets[target_lang]


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


# --- the options --------------------------------------------------------------------------------------
def langlinks_files(options: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """The ``--langlinks`` files, each with the edition its Wikimedia file name names.

    Each file is checked before anything is joined: it exists, its name tells its edition, and it
    is a SQL table dump whose first rows are ``langlinks`` rows (a ``page`` table given by
    mistake would otherwise join into nothing, silently).
    """
    out = []
    for raw in options.get("langlinks") or ():
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"--langlinks {path}: no such file")
        lang = language_from_filename(path.name)
        if lang is None:
            raise ConfigError(f"--langlinks {path}: cannot tell which edition it belongs to; "
                              "name it as Wikimedia does, {lang}wiki-{date}-langlinks.sql.gz")
        if next(sql.langlinks(path), None) is None:
            raise InputError(f"--langlinks {path}: holds no rows of a `langlinks` table")
        out.append((path, lang))
    return out


# --- page ids -----------------------------------------------------------------------------------------
def page_ids_from_pass(path: Path) -> dict[int, str]:
    """Page id → resource IRI from a ``page_lang=xx_ids`` dataset file (empty when there is none)."""
    ids: dict[int, str] = {}
    if not path.exists():
        return ids
    with open_dataset(path, "rt") as f:
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

    Only the namespaces interlanguage links are extracted from (main, template, category); the
    namespace prefix is the edition's local name (``Kategorie:`` on dewiki).
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


# --- reading links ------------------------------------------------------------------------------------
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
    """Add the links of a langlinks table of edition ``lang`` to ``index``.

    Rows whose page is not in ``ids`` (not extracted, or outside the main, template and category
    namespaces) and rows whose target is not a Wikipedia edition or not a valid title are counted
    and left out.
    """
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


def join_table(partial: Path, path: Path, lang: str, compress: str, titles: EditionTitles,
               index: LinkIndex) -> TableReport:
    """Join one langlinks table of edition ``lang`` with its page ids; add its links to ``index``.

    With a ``page`` table beside it, the langlinks table is read twice: once for the ids it
    uses (so that only those are kept from the page table), once for its links.
    """
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


def collect_links(partial: Path, langs: Sequence[str], compress: str, options: Mapping[str, Any]) -> LinkIndex:
    """Every link of the run: the pass's inline links first, then the ``--langlinks`` tables."""
    tables = langlinks_files(options)
    index = LinkIndex()
    for lang in langs:
        path = partial / INTERLANGUAGE_LINKS.filename(lang, compress)
        if path.exists():
            for s, p, o in iri_triples(path):
                target_lang = resource_edition(o)
                if p == v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK and target_lang is not None:
                    index.add(lang, s, target_lang, o)
    titles = EditionTitles()
    for path, lang in tables:
        join_table(partial, path, lang, compress, titles, index)
    return index


# --- writing ------------------------------------------------------------------------------------------
def write_links(partial: Path, lang: str, index: LinkIndex, compress: str) -> dict[str, int]:
    """``interlanguage-links_lang=lang``: the edition's own links, sorted."""
    name = INTERLANGUAGE_LINKS.filename(lang, compress)
    out = BufferedWriter(partial / name, compress, atomic=True)
    for page, _target_lang, target in index.sorted_links(lang):
        out.write(line(IRI(page), v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK, IRI(target)))
    return {name: out.close()}


def write_same_as(partial: Path, langs: Iterable[str], index: LinkIndex, compress: str) -> dict[str, int]:
    """``interlanguage-links_lang=xx_sameas`` for each of ``langs``: both directions of every link.

    A link a→b of edition E gives ``a owl:sameAs b`` in E's file and ``b owl:sameAs a`` in the
    target edition's file, unless that edition states the link b→a itself (then its own link
    writes it): no triple is written twice.
    """
    outs = {lang: BufferedWriter(partial / INTERLANGUAGE_SAMEAS.filename(lang, compress), compress, atomic=True)
            for lang in sorted(set(langs))}
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


def write_link_datasets(partial: Path, langs: Sequence[str], index: LinkIndex, compress: str) -> dict[str, int]:
    """The links and sameAs datasets of every edition that has links or was extracted."""
    files: dict[str, int] = {}
    for lang in sorted(index.links):
        files.update(write_links(partial, lang, index, compress))
    files.update(write_same_as(partial, [*langs, *index.links], index, compress))
    return files
