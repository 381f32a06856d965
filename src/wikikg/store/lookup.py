"""The Lookup index: find resources by label, redirect label or prefix, ranked by inbound links.

DBpedia Lookup (github.com/dbpedia/lookup, and its successor dbpedia/dbpedia-lookup) indexes
every resource's ``rdfs:label`` and the labels of the redirects that lead to it
(``redirectlabel``), and ranks hits by ``refCount``: the number of ``dbo:wikiPageWikiLink``
links pointing at the resource.  We do the same in an embedded SQLite FTS5 index built by
``wikikg load`` from the loaded graph: labels in every language, links from every edition (in the
canonical view, other editions' links point at the canonical resources too), links to a
redirect counted for its target.

Ranking.  Names are inserted in order of their resource's ``refCount`` (descending), so FTS5's
natural rowid order *is* the rank order and a query stops after the first candidates instead of
sorting every match — autocomplete stays fast however many labels start with "b".  Among the
candidates, a name equal to the query comes first, then names that start with it, then the
rest, each group by ``refCount``.  Exact matches and names that begin with what was typed (from
three characters on) are looked up separately in a B-tree, so a rarely linked resource whose
label is what was typed is never crowded out by better linked ones that merely share a word.

Categories (``skos:Concept``) and redirect pages are not results themselves; a redirect's label
finds its target.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from wikikg.errors import StoreError
from wikikg.rdf import vocab

MAX_RESULTS = 100
_CANDIDATES = 64
_TOKEN = re.compile(r"[^\W_]+")
KIND_LABEL = 0
KIND_REDIRECT = 1

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
                    refcount INTEGER NOT NULL);
CREATE TABLE name(rowid INTEGER PRIMARY KEY, entity INTEGER NOT NULL, text TEXT NOT NULL,
                  norm TEXT NOT NULL, lang TEXT, kind INTEGER NOT NULL);
CREATE TABLE entity_type(entity INTEGER NOT NULL, type TEXT NOT NULL);
CREATE TABLE specific_type(iri TEXT NOT NULL, type TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX name_norm ON name(norm);
CREATE INDEX entity_type_type ON entity_type(type, entity);
CREATE INDEX entity_type_entity ON entity_type(entity);
CREATE INDEX specific_type_iri ON specific_type(iri);
CREATE VIRTUAL TABLE name_fts USING fts5(text, content='name', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
INSERT INTO name_fts(name_fts) VALUES('rebuild');
"""


def normalize(text: str) -> str:
    """Fold case, accents and spacing so that names compare as a reader would.

    >>> normalize("  Battle of  Kursk_ ")
    'battle of kursk'
    >>> normalize("Operation Barbarossa") == normalize("OPERATION BARBAROSSA")
    True
    >>> normalize("Zürich"), normalize("Москва")
    ('zurich', 'москва')
    """
    if text.isascii():
        return " ".join(text.replace("_", " ").lower().split())
    decomposed = unicodedata.normalize("NFKD", text.replace("_", " "))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def tokens(text: str) -> list[str]:
    """The words of a query, as the index tokenizes them (letters and digits)."""
    return _TOKEN.findall(normalize(text))


def _fts_query(words: list[str], prefix: bool) -> str:
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix and quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


def local_label(iri: str) -> str:
    """A readable name from an IRI when there is no ``rdfs:label``: its last path segment.

    >>> local_label("http://dbpedia.org/resource/Battle_of_Kursk")
    'Battle of Kursk'
    >>> local_label("http://dbpedia.org/resource/What%3F")
    'What?'
    """
    from urllib.parse import unquote

    tail = iri.rsplit("/resource/", 1)[-1] if "/resource/" in iri else iri.rstrip("/").rsplit("/", 1)[-1]
    return (unquote(tail) if "%" in tail else tail).replace("_", " ")


# ---------------------------------------------------------------------------------------------
# Building


@dataclass
class IndexStats:
    entities: int = 0
    labelled: int = 0
    names: int = 0
    redirects: int = 0
    categories: int = 0
    typed: int = 0
    types: list[tuple[str, int]] = field(default_factory=list)
    namespaces: dict[str, int] = field(default_factory=dict)


def _resolve(redirects: dict[str, str], iri: str) -> str:
    """Follow a redirect chain to its end; a cycle stops where it would repeat."""
    seen = {iri}
    while iri in redirects:
        nxt = redirects[iri]
        if nxt in seen:
            break
        seen.add(nxt)
        iri = nxt
    return iri


def _quads(store: ox.Store, predicate: str, obj: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    return store.quads_for_pattern(None, ox.NamedNode(predicate), obj, ox.DefaultGraph())


def _count_links(store: ox.Store, out: list[tuple[str, int]]) -> None:
    """Distinct pages linking to each resource, or to a redirect that leads to it (refCount).

    The store is a set, so COUNT per direct target already counts distinct pages; only the
    targets of redirects need the union (a page may link both "Overlord" and its redirect).
    """
    link = f"<{vocab.DBO_WIKI_PAGE_WIKI_LINK}>"
    redirected = f"<{vocab.DBO_WIKI_PAGE_REDIRECTS}>"
    direct = f"SELECT ?t (COUNT(?s) AS ?n) WHERE {{ ?s {link} ?t }} GROUP BY ?t"
    # (each branch joins on its own: Oxigraph evaluates a UNION inside a join slowly)
    through = (f"SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {{ ?r {redirected} ?t . ?s {link} ?r }} "
               f"UNION {{ ?r2 {redirected} ?t . ?s {link} ?t }} }} GROUP BY ?t")
    for query in (direct, through):
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            t, n = row[0], row[1]
            if isinstance(t, ox.NamedNode) and isinstance(n, ox.Literal):
                out.append((t.value, int(n.value)))


@dataclass
class Names:
    """What the index is made of, read from the store before the links are counted: every
    resource's labels and redirect labels, the redirects' final targets, the categories, the
    DBpedia classes of the labelled resources."""

    names: dict[str, list[tuple[str, str | None, int]]] = field(default_factory=dict)
    final: dict[str, str] = field(default_factory=dict)
    concepts: set[str] = field(default_factory=set)
    types: dict[str, list[str]] = field(default_factory=dict)


def collect(store: ox.Store) -> Names:
    """Read labels, redirects, categories and classes (the datasets whose ``lookup`` rule says they
    feed the index must be loaded — :class:`wikikg.rdf.datasets.Lookup`; the links need not be yet)."""
    out = Names()
    redirects: dict[str, str] = {}
    for q in _quads(store, vocab.DBO_WIKI_PAGE_REDIRECTS):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            # the transitive dataset repeats a chain's start with its final target; either
            # edge leads to the same end once chains are followed
            redirects[q.subject.value] = q.object.value
    out.final = final = {src: _resolve(redirects, src) for src in redirects}
    out.concepts = concepts = {q.subject.value
                               for q in _quads(store, vocab.RDF_TYPE, ox.NamedNode(vocab.SKOS_CONCEPT))
                               if isinstance(q.subject, ox.NamedNode)}
    names = out.names
    for q in _quads(store, vocab.RDFS_LABEL):
        s, o = q.subject, q.object
        if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.Literal) or "/resource/" not in s.value:
            continue  # resources only: not the labels of properties or classes
        iri = s.value
        if iri in final:
            target = final[iri]
            if target != iri and target not in concepts:
                names.setdefault(target, []).append((o.value, o.language, KIND_REDIRECT))
        elif iri not in concepts:
            names.setdefault(iri, []).append((o.value, o.language, KIND_LABEL))
    for q in _quads(store, vocab.RDF_TYPE):
        subj, obj = q.subject, q.object
        if not isinstance(obj, ox.NamedNode) or not isinstance(subj, ox.NamedNode):
            continue
        if obj.value.startswith(vocab.DBO) and subj.value in names:
            out.types.setdefault(subj.value, []).append(obj.value)
    return out


def build(store: ox.Store, path: Path, *, primary_lang: str = "en",
          specific_types: dict[str, list[str]] | None = None, names: Names | None = None) -> IndexStats:
    """Build the index of ``store`` into a new SQLite file at ``path``.

    ``names`` is :func:`collect`'s result when the caller read it already (the loader does so
    while the links are still being loaded).  ``specific_types`` maps resources to their most
    specific classes (see :func:`wikikg.store.loader.specific_types`); they are kept for every
    resource, labelled or not, so that pages can say "An Entity of Type: city" rather than list
    every superclass.
    """
    stats = IndexStats()
    link_counts: list[tuple[str, int]] = []
    _count_links(store, link_counts)
    found = names if names is not None else collect(store)
    names_of, final, concepts, types = found.names, found.final, found.concepts, found.types
    stats.redirects = len(final)
    stats.categories = len(concepts)
    refcount: Counter[str] = Counter()
    for t, n in link_counts:
        if t not in final:
            refcount[t] = max(refcount[t], n)
    stats.labelled = len(names_of)
    # resources that are only linked to (their pages are not in the dumps) are found by the
    # name their IRI carries
    every = dict(names_of)
    for iri in refcount:
        if iri not in every and iri not in concepts and "/resource/" in iri:
            every[iri] = [(local_label(iri), None, KIND_LABEL)]

    ranked = sorted(every, key=lambda iri: (-refcount[iri], iri))
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        # a fresh file inside a generation that is published only when complete: no journal needed
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        db.executescript(_SCHEMA)
        entity_rows: list[tuple[int, str, str, int]] = []
        name_rows: list[tuple[int, int, str, str, str | None, int]] = []
        type_rows: list[tuple[int, str]] = []
        rowid = 0
        for eid, iri in enumerate(ranked, start=1):
            entries = every[iri]
            if len(entries) == 1:  # most resources: one label, or only the name in their IRI
                text, lang, kind = entries[0]
                rowid += 1
                entity_rows.append((eid, iri, text if kind == KIND_LABEL else local_label(iri), refcount[iri]))
                name_rows.append((rowid, eid, text, normalize(text), lang, kind))
                type_rows.extend((eid, t) for t in types.get(iri, ()))
                continue
            entries = sorted(entries, key=lambda e: (e[2], e[1] != primary_lang, e[1] or "", e[0]))
            label = next((t for t, _, k in entries if k == KIND_LABEL), None) or local_label(iri)
            entity_rows.append((eid, iri, label, refcount[iri]))
            seen: set[tuple[str, str | None]] = set()
            for text, lang, kind in entries:
                if (text, lang) in seen:
                    continue
                seen.add((text, lang))
                rowid += 1
                name_rows.append((rowid, eid, text, normalize(text), lang, kind))
            type_rows.extend((eid, t) for t in types.get(iri, ()))
        db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?)", entity_rows)
        db.executemany("INSERT INTO name VALUES (?, ?, ?, ?, ?, ?)", name_rows)
        db.executemany("INSERT INTO entity_type VALUES (?, ?)", type_rows)
        db.executemany("INSERT INTO specific_type VALUES (?, ?)",
                       ((iri, t) for iri, ts in (specific_types or {}).items() for t in dict.fromkeys(ts)))
        db.executescript(_INDEXES)
        db.execute("INSERT INTO meta VALUES ('primary_lang', ?)", (primary_lang,))
        db.commit()
    finally:
        db.close()
    spaces: Counter[str] = Counter()
    for iri in ranked:
        cut = iri.find("/resource/")
        if cut > 0:
            spaces[iri[: cut + len("/resource/")]] += 1
    stats.namespaces = dict(spaces.most_common())
    stats.entities = len(entity_rows)
    stats.names = len(name_rows)
    stats.typed = len(types)
    type_counts: Counter[str] = Counter(t for _, t in type_rows)
    stats.types = type_counts.most_common(20)
    return stats


# ---------------------------------------------------------------------------------------------
# Querying


@dataclass(frozen=True)
class Hit:
    """One Lookup result."""

    iri: str
    label: str
    refcount: int
    matched: str
    matched_lang: str | None
    via_redirect: bool
    types: tuple[str, ...] = ()
    score: float = 0.0


class LookupIndex:
    """Read-only access to a Lookup index file."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StoreError(f"{path}: the Lookup index is missing; run `wikikg load` again")
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._db.execute("PRAGMA query_only = 1")

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM entity").fetchone()
        return int(row[0])

    def specific_types(self, iri: str) -> list[str]:
        """The most specific classes of ``iri`` as the extraction wrote them (may be empty)."""
        rows = self._db.execute("SELECT type FROM specific_type WHERE iri = ?", (iri,))
        return [r[0] for r in rows]

    def top(self, n: int = 10) -> list[tuple[str, str, int]]:
        """The ``n`` most linked resources: ``(iri, label, refCount)``."""
        sql = "SELECT iri, label, refcount FROM entity ORDER BY id LIMIT ?"
        return [(r[0], r[1], r[2]) for r in self._db.execute(sql, (n,))]

    def search(self, query: str, max_results: int = 10, type_iri: str | None = None) -> list[Hit]:
        """Keyword search: every word of ``query`` in a label or redirect label."""
        return self._find(query, max_results, type_iri, prefix=False)

    def prefix(self, query: str, max_results: int = 10, type_iri: str | None = None) -> list[Hit]:
        """Autocomplete: the words typed so far, the last one possibly unfinished."""
        return self._find(query, max_results, type_iri, prefix=True)

    def _find(self, query: str, max_results: int, type_iri: str | None, *, prefix: bool) -> list[Hit]:
        max_results = max(1, min(max_results, MAX_RESULTS))
        words = tokens(query)
        if not words:
            return []
        want = normalize(query)
        limit = max(_CANDIDATES, 4 * max_results)
        rowids = self._exact(want, type_iri)
        if prefix and len(want) >= 3:
            rowids += self._starts(want, limit, type_iri)
        rowids += self._match(_fts_query(words, prefix), limit, type_iri)
        if not prefix and len(set(rowids)) < max_results:
            rowids += self._match(_fts_query(words, True), limit, type_iri)
        return self._rank(rowids, want, query.strip(), max_results)

    def suggest(self, query: str, max_results: int = 5) -> list[Hit]:
        """Resources sharing some words with ``query`` (any of them, best matches first): the
        "perhaps you meant" of a page that does not exist."""
        hits = self.search(query, max_results)
        if hits:
            return hits
        words = [w for w in tokens(query) if len(w) > 2][:8]
        if not words:
            return []
        fts = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        try:
            rows = self._db.execute("SELECT rowid FROM name_fts WHERE name_fts MATCH ? ORDER BY rank LIMIT ?",
                                    (fts, max(1, min(max_results, MAX_RESULTS)) * 4))
            rowids = [r[0] for r in rows]
        except sqlite3.OperationalError:
            return []
        return self._rank(rowids, normalize(query), query.strip(), max_results)

    def _exact(self, want: str, type_iri: str | None) -> list[int]:
        if type_iri:
            sql = ("SELECT n.rowid FROM name n JOIN entity_type t ON t.entity = n.entity "
                   "WHERE n.norm = ? AND t.type = ? LIMIT 20")
            return [r[0] for r in self._db.execute(sql, (want, type_iri))]
        return [r[0] for r in self._db.execute("SELECT rowid FROM name WHERE norm = ? LIMIT 20", (want,))]

    def _starts(self, want: str, limit: int, type_iri: str | None) -> list[int]:
        """Names that begin with the query as typed (punctuation included), best ranked first."""
        end = want + "\U0010ffff"
        if type_iri:
            sql = ("SELECT n.rowid FROM name n JOIN entity_type t ON t.entity = n.entity "
                   "WHERE n.norm >= ? AND n.norm < ? AND t.type = ? ORDER BY n.rowid LIMIT ?")
            return [r[0] for r in self._db.execute(sql, (want, end, type_iri, limit))]
        sql = "SELECT rowid FROM name WHERE norm >= ? AND norm < ? ORDER BY rowid LIMIT ?"
        return [r[0] for r in self._db.execute(sql, (want, end, limit))]

    def _match(self, fts: str, limit: int, type_iri: str | None) -> list[int]:
        try:
            if type_iri:
                sql = ("SELECT f.rowid FROM name_fts f JOIN name n ON n.rowid = f.rowid "
                       "JOIN entity_type t ON t.entity = n.entity "
                       "WHERE name_fts MATCH ? AND t.type = ? ORDER BY f.rowid LIMIT ?")
                return [r[0] for r in self._db.execute(sql, (fts, type_iri, limit))]
            sql = "SELECT rowid FROM name_fts WHERE name_fts MATCH ? ORDER BY rowid LIMIT ?"
            return [r[0] for r in self._db.execute(sql, (fts, limit))]
        except sqlite3.OperationalError:
            return []

    def _rank(self, rowids: Iterable[int], want: str, typed: str, max_results: int) -> list[Hit]:
        ids = list(dict.fromkeys(rowids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT n.text, n.norm, n.lang, n.kind, e.id, e.iri, e.label, e.refcount "
               f"FROM name n JOIN entity e ON e.id = n.entity WHERE n.rowid IN ({marks})")
        best: dict[int, tuple[tuple[int, int, int, bool], _Row]] = {}
        for raw in self._db.execute(sql, ids):
            row = _Row(*raw)
            tier = 0 if row.norm == want else 1 if row.norm.startswith(want) else 2
            key = (tier, row.eid, row.kind, row.text != typed)
            if row.eid not in best or key < best[row.eid][0]:
                best[row.eid] = (key, row)
        chosen = sorted(best.values(), key=lambda kv: kv[0])[:max_results]
        eids = [row.eid for _, row in chosen]
        types: dict[int, list[str]] = {}
        if eids:
            marks = ",".join("?" * len(eids))
            for eid, t in self._db.execute(f"SELECT entity, type FROM entity_type WHERE entity IN ({marks})", eids):
                types.setdefault(eid, []).append(t)
        return [Hit(row.iri, row.label, row.refcount, row.text, row.lang, row.kind == KIND_REDIRECT,
                    tuple(sorted(types.get(row.eid, ()))), float(3 - tier))
                for (tier, *_), row in chosen]


class _Row(NamedTuple):
    text: str
    norm: str
    lang: str | None
    kind: int
    eid: int
    iri: str
    label: str
    refcount: int
