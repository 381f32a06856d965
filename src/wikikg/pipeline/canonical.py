"""Many editions, one graph: the canonical view, written after the interlanguage links are joined.

Each Wikipedia edition is extracted under its own IRIs (``http://de.dbpedia.org/resource/Berlin``).
After the pass, :mod:`wikikg.pipeline.langlinks` gathers the interlanguage links of the run (inline
``[[xx:Title]]`` links and ``--langlinks`` tables) and writes ``interlanguage-links_lang=xx`` and
``…_sameas``.  Then, as DBpedia does (``CanonicalizeUris`` / ``CanonicalizeIris`` in the extraction
framework), every dataset of each non-canonical edition xx is written again onto the canonical
edition's IRIs (``--canonical``, English by default), as
``<artifact>_lang=xx[_variant]_canonicalized.nt.gz``:

* a subject that is a resource of xx is replaced by the canonical resource it is linked to, and
  the triple is dropped when there is none — only linked resources are kept;
* an object that is a resource of xx likewise: mapped, or the triple dropped;
* literals, other IRIs and subjects that are not resources (a Wikipedia page URL) are kept.

So ``labels_lang=de_canonicalized`` holds ``dbr:Berlin rdfs:label "Berlin"@de``, and a store that
loads the canonical view holds one resource with labels and abstracts in every language.

The canonical resource of an xx page is the one the page links to; else the canonical page that
links to it (the smallest IRI if several do) — since Wikidata, links hold both ways.

Not canonicalized (the datasets declared ``canonicalized=False`` in :mod:`wikikg.rdf.datasets`),
and why: the interlanguage links themselves (they are the mapping), and the
datasets that describe an edition's own page rather than the thing it is about — page ids,
revision ids and URIs, page length and out-degree, redirects (DBpedia's list of datasets to
canonicalize leaves out ids, revisions and redirects likewise); on a shared resource they would
give it two ``dbo:wikiPageID``.  Where DBpedia's ``CanonicalizeIris`` also moves the edition's
property namespace onto the canonical one (``http://de.dbpedia.org/property/einwohner`` becoming
``dbp:einwohner``), wikikg keeps each edition's own ``dbp:`` namespace, so a query can still tell
a German infobox key from an English one.

**Memory.** The maps are a SQLite table beside the links' (:class:`CanonicalMaps`, in the run's
private folder), read by one look-up per resource of a line; dataset files are streamed.  This
step assumes DBpedia's resource namespaces: a run with ``--base`` is not canonicalized correctly.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from wikikg import extsort
from wikikg.dump.editions import SPECIAL_WIKIS, is_language
from wikikg.errors import ConfigError
from wikikg.pipeline.langlinks import LinkIndex, collect_links, write_link_datasets
from wikikg.progress import Step
from wikikg.rdf.datasets import CANONICALIZED, COMPRESSIONS, of_file, parse_filename
from wikikg.rdf.iri import resource_namespace
from wikikg.rdf.ntfiles import (
    BufferedWriter,
    open_dataset,
    split_line,
)

log = logging.getLogger("wikikg")

DEFAULT_CANONICAL = "en"


def canonical_edition(options: Mapping[str, Any]) -> str:
    """The ``--canonical`` edition (``en`` unless given)."""
    lang = str(options.get("canonical") or DEFAULT_CANONICAL).strip().lower()
    if not (is_language(lang) or lang in SPECIAL_WIKIS):
        raise ConfigError(f"--canonical {lang!r} is not a Wikipedia edition's code (e.g. en, de, fr)")
    return lang


class CanonicalMaps:
    """For each edition other than the canonical one: its resource IRI → the canonical IRI, in a
    table of the links' database (:class:`~wikikg.pipeline.langlinks.LinkIndex`)."""

    def __init__(self, index: LinkIndex, langs: Iterable[str], canonical: str) -> None:
        self.db = index.db
        self.langs = sorted({lang for lang in langs if lang != canonical})
        step = Step("canonical view: building the maps", "×10⁵ SQLite steps")
        def beat() -> int:
            step.add(1)
            return 0  # go on

        self.db.set_progress_handler(beat, 100_000)
        with step, extsort.disk_errors("writing the canonical maps"):
            self.db.execute("CREATE TABLE canon (lang TEXT, page TEXT, target TEXT, "
                            "PRIMARY KEY (lang, page)) WITHOUT ROWID")
            self.db.execute("CREATE TEMP TABLE run_langs (lang TEXT PRIMARY KEY)")
            self.db.executemany("INSERT INTO run_langs VALUES (?)", [(lang,) for lang in self.langs])
            # the page's own link to the canonical edition first; else the smallest canonical page
            # that links to it (links of one page and edition are unique: INSERT OR IGNORE keeps the first)
            self.db.execute("INSERT OR IGNORE INTO canon SELECT lang, page, target FROM links "
                            "WHERE tl = ? AND lang IN (SELECT lang FROM run_langs)", (canonical,))
            self.db.execute("INSERT OR IGNORE INTO canon SELECT tl, target, page FROM links "
                            "WHERE lang = ? AND tl IN (SELECT lang FROM run_langs) ORDER BY page, tl",
                            (canonical,))
        self.db.set_progress_handler(None, 0)

    def of(self, lang: str, budget_bytes: int = extsort.DEFAULT_BUDGET) -> _EditionMap:
        return _EditionMap(self.db, lang, extsort.cache_entries(budget_bytes))

    def counts(self) -> dict[str, int]:
        """Resources mapped per edition (0 for an edition with no link to the canonical one)."""
        found = dict(self.db.execute("SELECT lang, count(*) FROM canon GROUP BY lang").fetchall())
        return {lang: int(found.get(lang, 0)) for lang in self.langs}


class _EditionMap(Mapping[str, str]):
    """One edition's canonical map, read from the table by point look-ups."""

    def __init__(self, db: Any, lang: str, cached: int = 16) -> None:
        self.db = db
        self.lang = lang
        self._get = functools.lru_cache(maxsize=cached)(self._lookup)  # the most linked pages, in memory

    def _lookup(self, key: str) -> str | None:
        row = self.db.execute("SELECT target FROM canon WHERE lang = ? AND page = ?", (self.lang, key)).fetchone()
        return None if row is None else str(row[0])

    def __getitem__(self, key: str) -> str:
        row = self.db.execute("SELECT target FROM canon WHERE lang = ? AND page = ?", (self.lang, key)).fetchone()
        if row is None:
            raise KeyError(key)
        return str(row[0])

    def get(self, key: str, default: Any = None) -> Any:
        value = self._get(key)
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        for (page,) in self.db.execute("SELECT page FROM canon WHERE lang = ? ORDER BY page", (self.lang,)):
            yield page

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM canon WHERE lang = ?", (self.lang,)).fetchone()[0])


def canonical_maps(index: LinkIndex, langs: Iterable[str], canonical: str) -> dict[str, dict[str, str]]:
    """For each edition of ``langs`` other than ``canonical``: its resource IRI → the canonical IRI
    (as dicts: for a look at a small run; the step reads :class:`CanonicalMaps` itself).

    >>> index = LinkIndex()
    >>> index.add("en", "dbr:Berlin", "de", "de:Berlin"); index.add("en", "dbr:Berlin", "fr", "fr:Berlin")
    >>> index.add("fr", "fr:Berlin", "en", "dbr:Berlin_(city)")
    >>> canonical_maps(index, ["en", "de", "fr"], "en")
    {'de': {'de:Berlin': 'dbr:Berlin'}, 'fr': {'fr:Berlin': 'dbr:Berlin_(city)'}}
    """
    index.flush()
    maps = CanonicalMaps(index, langs, canonical)
    return {lang: dict(maps.of(lang).items()) for lang in maps.langs}


def canonicalized_name(name: str) -> str:
    """``labels_lang=de.nt.gz`` → ``labels_lang=de_canonicalized.nt.gz``.

    >>> canonicalized_name("infobox-properties_lang=de.nt.bz2")
    'infobox-properties_lang=de_canonicalized.nt.bz2'
    """
    for ext in (".nt.gz", ".nt.bz2", ".nt"):
        if name.endswith(ext):
            return f"{name[: -len(ext)]}_{CANONICALIZED}{ext}"
    raise ValueError(f"not a dataset file name: {name}")


def canonicalize_line(ln: str, own: str, mapping: Mapping[str, str]) -> str | None:
    """One N-Triples line of an edition whose resource namespace is ``own``, onto canonical IRIs;
    ``None`` when the line is dropped (a resource of the edition without a canonical one).

    >>> m = {"http://de.dbpedia.org/resource/Berlin": "http://dbpedia.org/resource/Berlin"}
    >>> own = "http://de.dbpedia.org/resource/"
    >>> canonicalize_line('<http://de.dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@de .\\n', own, m)
    '<http://dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@de .\\n'
    >>> canonicalize_line('<http://de.dbpedia.org/resource/Berlin> <http://dbpedia.org/ontology/wikiPageWikiLink> <http://de.dbpedia.org/resource/Spree> .\\n', own, m) is None
    True
    >>> canonicalize_line('<https://de.wikipedia.org/wiki/Berlin> <http://xmlns.com/foaf/0.1/primaryTopic> <http://de.dbpedia.org/resource/Berlin> .\\n', own, m)
    '<https://de.wikipedia.org/wiki/Berlin> <http://xmlns.com/foaf/0.1/primaryTopic> <http://dbpedia.org/resource/Berlin> .\\n'
    >>> canonicalize_line('<http://de.dbpedia.org/resource/Berlin> <http://de.dbpedia.org/property/einwohner> "3677472"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n', own, m)
    '<http://dbpedia.org/resource/Berlin> <http://de.dbpedia.org/property/einwohner> "3677472"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    parts = split_line(ln)
    if parts is None:
        return None
    s, p, rest = parts
    if s.startswith(own):
        mapped = mapping.get(s)
        if mapped is None:
            return None
        s = mapped
    if rest.startswith("<"):
        end = rest.index(">")
        o = rest[1:end]
        if o.startswith(own):
            mapped = mapping.get(o)
            if mapped is None:
                return None
            rest = f"<{mapped}{rest[end:]}"
    return f"<{s}> <{p}> {rest}"


def canonicalize_file(source: Path, target: Path, lang: str, mapping: Mapping[str, str], compress: str) -> int:
    """Write ``source`` (a dataset of edition ``lang``) onto canonical IRIs; return the triples kept."""
    own = resource_namespace(lang)
    out: BufferedWriter | None = None  # opened at the first line kept: no file for a view with no triple
    with open_dataset(source, "rt") as f, Step(f"canonical view: {source.name}") as step:
        for ln in step.track(f):
            mapped = canonicalize_line(ln, own, mapping)
            if mapped is not None:
                if out is None:
                    out = BufferedWriter(target, compress, atomic=True)
                out.write(mapped)
    return out.close() if out is not None else 0


def edition_files(partial: Path, lang: str, compress: str) -> list[Path]:
    """The finished dataset files of edition ``lang`` in ``partial`` that are to be canonicalized."""
    return files_by_edition(partial, compress).get(lang, [])


def files_by_edition(partial: Path, compress: str) -> dict[str, list[Path]]:
    """The finished dataset files in ``partial`` that are to be canonicalized, by edition (the
    folder is listed once, however many editions the run has)."""
    suffix = ".nt" + COMPRESSIONS[compress]
    found: dict[str, list[Path]] = {}
    for name in sorted(os.listdir(partial)):
        parsed = parse_filename(name) if name.endswith(suffix) else None
        if parsed is None or CANONICALIZED in parsed[2]:
            continue
        dataset = of_file(name)
        if dataset is None or not dataset.canonicalized:
            continue
        found.setdefault(parsed[1], []).append(partial / name)
    return found


def wanted(options: Mapping[str, Any], extractor_names: Iterable[str]) -> bool:
    """Whether the run has interlanguage links to join: tables given, or the inline extractor ran."""
    return bool(options.get("langlinks")) or "interlanguage-links" in set(extractor_names)


def join_and_canonicalize(partial: Path, langs: Sequence[str], compress: str,
                          options: Mapping[str, Any]) -> dict[str, int]:
    """The whole step: join the links, write their datasets and the canonical view.

    ``partial`` holds the finished dataset files of the pass for the editions ``langs``; returns
    the triples of every file written (rewritten ones included).
    """
    canonical = canonical_edition(options)
    with extsort.TempDir(partial) as tmp, extsort.disk_errors("the interlanguage links"):
        index = collect_links(partial, langs, compress, options, tmp)
        try:
            files = write_link_datasets(partial, langs, index, compress)
            maps = CanonicalMaps(index, langs, canonical)
            by_edition = files_by_edition(partial, compress)
            for lang in maps.langs:
                mapping = maps.of(lang, extsort.budget(options))
                for source in by_edition.get(lang, ()):
                    name = canonicalized_name(source.name)
                    files[name] = canonicalize_file(source, partial / name, lang, mapping, compress)
            counts = maps.counts()
        finally:
            index.close()
    if counts:
        unlinked = sorted(lang for lang, n in counts.items() if not n)
        log.info("canonical view onto %s: %d resources of %d editions mapped%s", canonical,
                 sum(counts.values()), len(counts) - len(unlinked),
                 f"; no link to {canonical} from {', '.join(unlinked)}" if unlinked else "")
    return files
