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

**Memory.** The index of every link of the run and the id → IRI maps of the tables' editions are
SQLite tables on disk (:class:`LinkIndex`, :class:`~wikikg.extsort.DiskMap`) with a page
cache of the run's memory budget (:func:`wikikg.extsort.budget`); English Wikipedia's
whole table (~15 million rows, ~23 million page ids) fits in a bounded process.  Dataset and table
files are streamed, never loaded whole.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg import extsort
from wikikg.dump import sql
from wikikg.dump.editions import SPECIAL_WIKIS, is_language, language_from_filename
from wikikg.errors import ConfigError, InputError
from wikikg.extractors.interlanguage import LINKED_NAMESPACES, EditionTitles
from wikikg.extsort import DiskMap
from wikikg.progress import Step
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


class LinkIndex:
    """Every interlanguage link of the run: (edition, page IRI, target edition) → target IRI, in
    a SQLite table under ``directory`` (in memory when ``None``).

    One link per page and target edition; the first one added wins.

    >>> index = LinkIndex()
    >>> index.add("en", "http://dbpedia.org/resource/Berlin", "de", "http://de.dbpedia.org/resource/Berlin")
    >>> index.add("en", "http://dbpedia.org/resource/Berlin", "de", "http://de.dbpedia.org/resource/X")
    >>> index.count, list(index.sorted_links("en"))
    (1, [('http://dbpedia.org/resource/Berlin', 'de', 'http://de.dbpedia.org/resource/Berlin')])
    """

    _BATCH = 4096

    def __init__(self, directory: Path | None = None, budget_bytes: int = extsort.DEFAULT_BUDGET) -> None:
        self.what = "the interlanguage links"
        with extsort.disk_errors(f"writing {self.what}"):
            self.db = sqlite3.connect(directory / "links.sqlite" if directory else ":memory:", isolation_level=None)
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE",
                           f"cache_size=-{max(1, budget_bytes // 1024)}"):
                self.db.execute(f"PRAGMA {pragma}")
            self.db.execute("CREATE TABLE links (lang TEXT, page TEXT, tl TEXT, target TEXT, "
                            "PRIMARY KEY (lang, page, tl)) WITHOUT ROWID")
            self.db.execute("BEGIN")
        self._pending: list[tuple[str, str, str, str]] = []

    def add(self, lang: str, page: str, target_lang: str, target: str) -> None:
        self._pending.append((lang, page, target_lang, target))
        if len(self._pending) >= self._BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the links added so far (in order: the first of a key wins)."""
        if self._pending:
            with extsort.disk_errors(f"writing {self.what}"):
                self.db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?, ?, ?)", self._pending)
            self._pending.clear()

    @property
    def count(self) -> int:
        self.flush()
        return int(self.db.execute("SELECT count(*) FROM links").fetchone()[0])

    def langs(self) -> list[str]:
        """The editions that have links, sorted."""
        self.flush()
        return [r[0] for r in self.db.execute("SELECT DISTINCT lang FROM links ORDER BY lang")]

    def sorted_links(self, lang: str) -> Iterator[tuple[str, str, str]]:
        """``(page, target edition, target)`` of edition ``lang``, sorted (output is deterministic)."""
        self.flush()
        cur = self.db.execute("SELECT page, tl, target FROM links WHERE lang = ? ORDER BY page, tl", (lang,))
        while rows := cur.fetchmany(4096):
            yield from rows

    def with_back_links(self) -> Iterator[tuple[str, str, str, str, str | None]]:
        """``(edition, page, target edition, target, the target's own link back to the edition or
        None)`` for every link, sorted."""
        self.flush()
        cur = self.db.execute(
            "SELECT a.lang, a.page, a.tl, a.target, b.target FROM links a LEFT JOIN links b "
            "ON b.lang = a.tl AND b.page = a.target AND b.tl = a.lang ORDER BY a.lang, a.page, a.tl")
        while rows := cur.fetchmany(4096):
            yield from rows

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


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
def page_ids_from_pass(path: Path, ids: MutableMapping[str, str]) -> int:
    """Page id (as text) → resource IRI from a ``page_lang=xx_ids`` dataset file into ``ids``
    (nothing when there is none); return the ids read."""
    if not path.exists():
        return 0
    with open_dataset(path, "rt") as f, Step(f"langlinks: page ids of {path.name}", "ids") as step:
        pairs = ((m.group(2), m.group(1)) for m in map(_PAGE_ID.match, step.track(f)) if m)
        if isinstance(ids, DiskMap):
            ids.load(pairs)
        else:
            ids.update(pairs)
        return step.count


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


def page_ids_from_table(path: Path, lang: str, wanted: Container[int], titles: EditionTitles) -> dict[int, str]:
    """Page id → resource IRI from a ``page`` table dump, for the ids in ``wanted`` only (as a
    dict: for a few ids; :func:`join_table` streams :func:`page_table_rows`)."""
    return dict(page_table_rows(path, lang, wanted.__contains__, titles))


def page_table_rows(path: Path, lang: str, wanted: Callable[[int], bool], titles: EditionTitles
                    ) -> Iterator[tuple[int, str]]:
    """``(page id, resource IRI)`` of the rows of a ``page`` table dump whose id is ``wanted``.

    Only the namespaces interlanguage links are extracted from (main, template, category); the
    namespace prefix is the edition's local name (``Kategorie:`` on dewiki).
    """
    site, minter = titles.edition(lang)
    with Step(f"langlinks: page table {path.name}", "rows") as step:
        for row in step.track(sql.pages(path)):
            if row.namespace not in LINKED_NAMESPACES or not wanted(row.id):
                continue
            ns = site.namespace(row.namespace)
            local = f"{ns.name.replace(' ', '_')}:{row.title}" if row.namespace and ns is not None else row.title
            yield row.id, minter.resource(local)


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


def read_langlinks(path: Path, lang: str, ids: Callable[[str], str | None], titles: EditionTitles,
                   index: LinkIndex) -> TableReport:
    """Add the links of a langlinks table of edition ``lang`` to ``index``.

    Rows whose page is not in ``ids`` (not extracted, or outside the main, template and category
    namespaces) and rows whose target is not a Wikipedia edition or not a valid title are counted
    and left out.  ``ids`` maps a page id (as text) to its IRI.  ``links`` counts the rows that
    gave a link (a later link of the same page and target edition is dropped by the index).
    """
    report = TableReport(str(path), lang)
    step = Step(f"langlinks: joining {path.name}", "rows")
    for row in step.track(sql.langlinks(path)):
        report.rows += 1
        page = ids(str(row.from_id))
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
        index.add(lang, page, target_lang, target)
        report.links += 1
    step.close()
    return report


def join_table(partial: Path, path: Path, lang: str, compress: str, titles: EditionTitles,
               index: LinkIndex, tmp: Path | None = None, budget_bytes: int = extsort.DEFAULT_BUDGET) -> TableReport:
    """Join one langlinks table of edition ``lang`` with its page ids; add its links to ``index``.

    With a ``page`` table beside it, the langlinks table is read twice: once for the ids it
    uses (so that only those are kept from the page table), once for its links.  The id maps are
    on-disk tables under ``tmp`` (in memory when ``None``).
    """
    maps: list[Any] = []

    def new_map(name: str) -> MutableMapping[str, str]:
        m: MutableMapping[str, str] = DiskMap(tmp, name, budget_bytes // 4) if tmp is not None else {}
        maps.append(m)
        return m

    try:
        ids = new_map(f"ids-{lang}")
        sources = ["the pass"] if page_ids_from_pass(partial / ds.PAGE_IDS.filename(lang, compress), ids) else []
        from_table = new_map(f"table-ids-{lang}")
        table = page_table_for(path)
        if table is not None:
            used = new_map(f"used-{lang}")
            with Step(f"langlinks: ids used by {path.name}", "rows") as step:
                keys = (str(row.from_id) for row in step.track(sql.langlinks(path)))
                missing = ((k, "") for k in keys if k not in ids)
                if isinstance(used, DiskMap):
                    used.load(missing)
                else:
                    used.update(missing)
            rows = page_table_rows(table, lang, lambda i: str(i) in used, titles)
            for page_id, iri in rows:  # a later row of the same id wins, as in a dict
                from_table[str(page_id)] = iri
            sources.append(table.name)
        if not (len(ids) or len(from_table)):
            log.warning("%s: no page ids of edition %r to join with: extract its dump with the page-ids "
                        "extractor, or put its page table (…-page.sql.gz) beside the langlinks file",
                        path.name, lang)
            return TableReport(str(path), lang)

        def iri_of(key: str) -> str | None:
            return ids.get(key) or from_table.get(key)

        report = read_langlinks(path, lang, iri_of, titles, index)
    finally:
        for m in maps:
            if isinstance(m, DiskMap):
                m.close()
    report.page_ids_from = sources
    log.info("%s: %d rows → %d interlanguage links of %s (%d rows name a page not extracted, "
             "%d a bad target); page ids from %s", path.name, report.rows, report.links, lang,
             report.unknown_pages, report.bad_targets, " and ".join(sources))
    return report


def collect_links(partial: Path, langs: Sequence[str], compress: str, options: Mapping[str, Any],
                  tmp: Path | None = None) -> LinkIndex:
    """Every link of the run: the pass's inline links first, then the ``--langlinks`` tables.
    The index and the id maps are on disk under ``tmp`` (in memory when ``None``)."""
    tables = langlinks_files(options)
    size = extsort.budget(options)
    index = LinkIndex(tmp, size // 2)
    with Step("langlinks: inline links", "links") as step:
        for lang in langs:
            path = partial / INTERLANGUAGE_LINKS.filename(lang, compress)
            if path.exists():
                for s, p, o in step.track(iri_triples(path)):
                    target_lang = resource_edition(o)
                    if p == v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK and target_lang is not None:
                        index.add(lang, s, target_lang, o)
    titles = EditionTitles()
    for path, lang in tables:
        join_table(partial, path, lang, compress, titles, index, tmp, size)
    index.flush()
    return index


# --- writing ------------------------------------------------------------------------------------------
def write_links(partial: Path, lang: str, index: LinkIndex, compress: str) -> dict[str, int]:
    """``interlanguage-links_lang=lang``: the edition's own links, sorted."""
    name = INTERLANGUAGE_LINKS.filename(lang, compress)
    out = BufferedWriter(partial / name, compress, atomic=True)
    with Step(f"langlinks: writing {name}", "triples") as step:
        for page, _target_lang, target in step.track(index.sorted_links(lang)):
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
        with Step("langlinks: writing owl:sameAs", "links") as step:
            for lang, page, target_lang, target, back_link in step.track(index.with_back_links()):
                own = outs.get(lang)
                if own is not None:
                    own.write(line(IRI(page), v.OWL_SAME_AS, IRI(target)))
                back = outs.get(target_lang)
                if back is not None and back_link != page:
                    back.write(line(IRI(target), v.OWL_SAME_AS, IRI(page)))
    finally:
        counts = {out.path.name: out.close() for out in outs.values()}
    return counts


def write_link_datasets(partial: Path, langs: Sequence[str], index: LinkIndex, compress: str) -> dict[str, int]:
    """The links and sameAs datasets of every edition that has links or was extracted."""
    files: dict[str, int] = {}
    linked = index.langs()
    for lang in linked:
        files.update(write_links(partial, lang, index, compress))
    files.update(write_same_as(partial, [*langs, *linked], index, compress))
    return files
