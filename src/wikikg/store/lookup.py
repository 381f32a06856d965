"""The Lookup index: find resources by label, redirect label or prefix, ranked by inbound links.

DBpedia Lookup (github.com/dbpedia/lookup, and its successor dbpedia/dbpedia-lookup) indexes
every resource's ``rdfs:label`` and the labels of the redirects that lead to it
(``redirectlabel``), and ranks hits by ``refCount``: the number of ``dbo:wikiPageWikiLink``
links pointing at the resource.  We do the same in an embedded SQLite FTS5 index built by
``wikikg load`` from the dataset files it loads (streamed into on-disk tables, see :func:`build`): labels in every language, links from every edition (in the
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

import itertools
import re
import sqlite3
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

import pyoxigraph as ox

from wikikg.errors import InputError, StoreError
from wikikg.rdf import vocab
from wikikg.rdf.datasets import Lookup
from wikikg.store.progress import Meter, heartbeat

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
# Building: streamed from the dataset files, every whole-index step an on-disk SQLite table


#: what the wikilinks give the index (their dataset's rule is ``Lookup.NONE``: they are not read
#: before the rest): the refCounts
LINKS = "links"
_THING = vocab.OWL_THING
_BATCH = 20_000
_STAGE = """
CREATE TABLE lab(iri TEXT NOT NULL, text TEXT NOT NULL, lang TEXT);
CREATE TABLE red(src TEXT NOT NULL, dst TEXT NOT NULL);
CREATE TABLE con(iri TEXT NOT NULL);
CREATE TABLE typ(iri TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE spec(iri TEXT NOT NULL, type TEXT NOT NULL, lang TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE link(t TEXT NOT NULL, s INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Source:
    """One dataset file the index reads: what it gives (its dataset's :class:`Lookup` rule, or
    :data:`LINKS` for the wikilinks) and its edition."""

    path: Path
    gives: Lookup | str
    lang: str


@dataclass
class IndexStats:
    entities: int = 0
    labelled: int = 0
    names: int = 0
    redirects: int = 0
    categories: int = 0
    typed: int = 0
    types: list[tuple[str, int]] = field(default_factory=list)
    specific: list[tuple[str, int]] = field(default_factory=list)
    namespaces: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


_IRI_LINE = re.compile(rb"<([^<>\"\\ ]*)> <([^<>\\ ]*)> <([^<>\"\\ ]*)> \.[ \t]*\r?\n?$")
_LIT_LINE = re.compile(rb"<([^<>\"\\ ]*)> <([^<>\\ ]*)> \"([^\"\\]*)\"(?:@([A-Za-z0-9-]+)|\^\^<[^<> ]*>)? \.[ \t]*\r?\n?$")
_Triple = tuple[str, str, str, bool, "str | None"]


def _parsed(line: bytes, where: Path, number: int) -> _Triple | None:
    """One line the fast patterns do not take (escapes, blank nodes, comments), parsed by
    Oxigraph: ``None`` for a line without a triple between named nodes."""
    if not line.strip() or line.lstrip().startswith(b"#"):
        return None
    try:
        triples = list(ox.parse(line, ox.RdfFormat.N_TRIPLES, lenient=True))
    except SyntaxError as exc:
        raise InputError(f"{where}: line {number}: not valid N-Triples ({exc.msg})") from exc
    if not triples:
        return None
    t = triples[0]
    s, p, o = t.subject, t.predicate, t.object
    if not isinstance(s, ox.NamedNode):
        return None
    if isinstance(o, ox.Literal):
        return s.value, p.value, o.value, True, o.language
    if isinstance(o, ox.NamedNode):
        return s.value, p.value, o.value, False, None
    return None


def _triples(fh: IO[bytes], where: Path, meter: Meter) -> Iterator[_Triple]:
    """Each triple between named nodes of an N-Triples file: ``(subject, predicate, object,
    object is a literal, its language)``, IRIs and literals unescaped."""
    n = 0
    for n, line in enumerate(fh, 1):
        if not n % _BATCH:
            meter.update(_BATCH)
        m = _IRI_LINE.match(line)
        if m:
            yield m.group(1).decode(), m.group(2).decode(), m.group(3).decode(), False, None
            continue
        m = _LIT_LINE.match(line)
        if m:
            lang = m.group(4)
            yield (m.group(1).decode(), m.group(2).decode(), m.group(3).decode(), True,
                   lang.decode().lower() if lang else None)
            continue
        t = _parsed(line, where, n)
        if t is not None:
            yield t
    meter.update(n % _BATCH)


def _links(fh: IO[bytes], where: Path, meter: Meter) -> Iterator[tuple[str, int]]:
    """``(target, hash of the source)`` of each ``dbo:wikiPageWikiLink`` line: the refCount
    counts distinct sources, and a 64-bit hash of one stands for it (two of ten million pages
    share one with a probability of 3·10⁻⁶)."""
    link = f"<{vocab.DBO_WIKI_PAGE_WIKI_LINK}>".encode()
    n = 0
    for n, line in enumerate(fh, 1):
        if not n % _BATCH:
            meter.update(_BATCH)
        parts = line.split(b" ")
        if (len(parts) == 4 and parts[1] == link and parts[2][:1] == b"<" and parts[2][-1:] == b">"
                and b"\\" not in line):
            yield parts[2][1:-1].decode(), hash(parts[0][1:-1].decode())
            continue
        t = _parsed(line, where, n)
        if t is not None and t[1] == vocab.DBO_WIKI_PAGE_WIKI_LINK and not t[3]:
            yield t[2], hash(t[0])
    meter.update(n % _BATCH)


def _batches(rows: Iterable[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _stage(db: sqlite3.Connection, sources: Sequence[Source], opener: Callable[[Path], IO[bytes]],
           say: Callable[[str], None] | None, bar: bool | None) -> None:
    """Copy what the index needs of each file into the staging tables, as it comes."""
    seq = 0
    for src in sources:
        meter = Meter(f"Lookup index: reading {src.path.name}", "lines", say=say, bar=bar)
        try:
            with opener(src.path) as fh:
                if src.gives == LINKS:
                    for batch in _batches(_links(fh, src.path, meter)):
                        db.executemany("INSERT INTO link VALUES (?, ?)", batch)
                    continue
                triples = _triples(fh, src.path, meter)
                if src.gives is Lookup.LABELS:
                    rows: Iterable[tuple[object, ...]] = (
                        (s, o, lang) for s, p, o, lit, lang in triples
                        if lit and p == vocab.RDFS_LABEL and "/resource/" in s)
                    sql = "INSERT INTO lab VALUES (?, ?, ?)"
                elif src.gives is Lookup.REDIRECTS:
                    rows = ((s, o) for s, p, o, lit, _ in triples if not lit and p == vocab.DBO_WIKI_PAGE_REDIRECTS)
                    sql = "INSERT INTO red VALUES (?, ?)"
                elif src.gives is Lookup.CATEGORY_CONCEPTS:
                    rows = ((s,) for s, p, o, lit, _ in triples
                            if not lit and p == vocab.RDF_TYPE and o == vocab.SKOS_CONCEPT)
                    sql = "INSERT INTO con VALUES (?)"
                elif src.gives in (Lookup.TYPES, Lookup.SPECIFIC_TYPES):
                    specific = src.gives is Lookup.SPECIFIC_TYPES
                    for batch in _batches((s, o) for s, p, o, lit, _ in triples if not lit and p == vocab.RDF_TYPE):
                        db.executemany("INSERT INTO typ SELECT ?1, ?2 WHERE ?2 LIKE 'http://dbpedia.org/ontology/%'",
                                       batch)
                        if specific:
                            db.executemany("INSERT INTO spec VALUES (?, ?, ?, ?)",
                                           [(s, o, src.lang, seq + i) for i, (s, o) in enumerate(batch)])
                            seq += len(batch)
                    continue
                else:
                    continue
                for batch in _batches(rows):
                    db.executemany(sql, batch)
        except (OSError, EOFError) as exc:
            raise InputError(f"{src.path}: cannot read ({exc})") from exc
        finally:
            meter.close()


def _resolve_chains(db: sqlite3.Connection) -> None:
    """Follow the redirect chains of ``fin`` to their ends (a cycle stops where it would repeat).
    The transitive dataset already gives most redirects their final target; only the redirects
    whose target is itself a redirect are walked, one indexed look-up per step."""
    db.execute("CREATE TABLE fin2(src TEXT PRIMARY KEY, dst TEXT NOT NULL) WITHOUT ROWID")
    step = db.cursor()

    def final(iri: str) -> str:
        seen = {iri}
        while True:
            row = step.execute("SELECT dst FROM fin WHERE src = ?", (iri,)).fetchone()
            if row is None or row[0] in seen:
                return iri
            iri = row[0]
            seen.add(iri)

    chained = db.execute("SELECT src FROM fin WHERE dst IN (SELECT src FROM fin)")
    for batch in _batches((src, final(src)) for (src,) in chained):
        db.executemany("INSERT INTO fin2 VALUES (?, ?)", batch)
    db.execute("UPDATE fin SET dst = (SELECT dst FROM fin2 WHERE fin2.src = fin.src) "
               "WHERE src IN (SELECT src FROM fin2)")


_DERIVE = """
CREATE INDEX red_src ON red(src);
-- each redirect's target (the transitive dataset repeats a chain's start with its final target:
-- either edge leads to the same end once the chains are followed)
CREATE TABLE fin(src TEXT PRIMARY KEY, dst TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO fin SELECT src, min(dst) FROM red GROUP BY src;
CREATE TABLE cat(iri TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO cat SELECT DISTINCT iri FROM con ORDER BY iri;
"""
_NAMES = """
-- a redirect's labels name its final target; categories are not looked up
CREATE TABLE nm AS
  SELECT f.dst AS iri, l.text AS text, l.lang AS lang, 1 AS kind FROM lab l JOIN fin f ON f.src = l.iri
   WHERE f.dst != l.iri AND f.dst NOT IN cat
  UNION ALL
  SELECT l.iri, l.text, l.lang, 0 FROM lab l WHERE l.iri NOT IN (SELECT src FROM fin) AND l.iri NOT IN cat;
CREATE INDEX nm_iri ON nm(iri);
-- refCount: distinct pages linking to a resource, or to a redirect that leads to it
CREATE TABLE refc(t TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO refc SELECT t, count(DISTINCT s) FROM
  (SELECT t, s FROM link UNION ALL SELECT r.dst, l.s FROM link l JOIN red r ON r.src = l.t)
  GROUP BY t ORDER BY t;
CREATE TABLE ent(iri TEXT NOT NULL, refcount INTEGER NOT NULL);
INSERT INTO ent SELECT n.iri, CASE WHEN n.iri IN (SELECT src FROM fin) THEN 0
                                   ELSE coalesce((SELECT r.n FROM refc r WHERE r.t = n.iri), 0) END
  FROM (SELECT DISTINCT iri FROM nm) n;
-- resources that are only linked to (their pages are not in the dumps): named by their IRI
INSERT INTO ent SELECT r.t, r.n FROM refc r
  WHERE instr(r.t, '/resource/') > 0 AND r.t NOT IN (SELECT iri FROM nm) AND r.t NOT IN cat
    AND r.t NOT IN (SELECT src FROM fin);
CREATE INDEX ent_rank ON ent(refcount DESC, iri);
CREATE TABLE ids(iri TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
"""


def build(sources: Sequence[Source], path: Path, *, opener: Callable[[Path], IO[bytes]], primary_lang: str = "en",
          tmp_dir: Path | None = None, cache_kib: int = 65_536, say: Callable[[str], None] | None = None,
          bar: bool | None = None) -> IndexStats:
    """Build the index into a new SQLite file at ``path`` from the dataset files ``sources``.

    Labels and redirect labels come from the label datasets (a redirect's label names the end of
    its chain), categories (``skos:Concept``) are left out, classes come from the type datasets
    and each resource's most specific classes from ``instance-types`` (the main edition's choice
    first, the others where it has none; ``owl:Thing`` only where nothing else is known); the
    refCount is the number of distinct pages linking to the resource or to a redirect that leads
    to it.  Every step over all titles is a table of a staging SQLite file in ``tmp_dir``
    (default: beside ``path``; removed at the end) holding at most ``cache_kib`` KiB in memory:
    joins, ``GROUP BY`` and ``ORDER BY`` spill to disk and merge, so memory does not grow with
    the input.
    """
    start = time.monotonic()
    stage = (tmp_dir or path.parent) / f"{path.name}.stage"
    if tmp_dir is not None and not tmp_dir.is_dir():
        raise StoreError(f"{tmp_dir}: not a folder (for the Lookup index's temporary files)")
    path.unlink(missing_ok=True)
    stage.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(stage)
    except sqlite3.Error as exc:
        raise StoreError(f"{stage}: cannot create the Lookup index's staging file ({exc})") from exc
    try:
        pragmas = (f"PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{cache_kib}; "
                   "PRAGMA temp_store = FILE;")
        db.executescript(pragmas)
        if tmp_dir is not None:
            db.execute(f"PRAGMA temp_store_directory = '{str(tmp_dir).replace(chr(39), chr(39) * 2)}'")
        db.executescript(_STAGE)
        _stage(db, sources, opener, say, bar)
        with heartbeat("Lookup index: redirects, names and refCounts", say):
            db.executescript(_DERIVE)
            _resolve_chains(db)
            db.executescript(_NAMES)
        db.execute("ATTACH DATABASE ? AS out", (str(path),))
        # the index is written in order, mostly appended: a small cache of its own does
        db.executescript(pragmas.replace("PRAGMA ", "PRAGMA out.").replace(f"-{cache_kib};", f"-{min(cache_kib, 8192)};"))
        db.executescript(_SCHEMA.replace("CREATE TABLE ", "CREATE TABLE out."))
        stats = _write(db, primary_lang, say, bar)
        with heartbeat("Lookup index: full-text index", say):
            db.executescript(_INDEXES.replace("CREATE INDEX ", "CREATE INDEX out.")
                             .replace("CREATE VIRTUAL TABLE ", "CREATE VIRTUAL TABLE out.")
                             .replace("INSERT INTO name_fts", "INSERT INTO out.name_fts"))
        db.execute("INSERT INTO out.meta VALUES ('primary_lang', ?)", (primary_lang,))
        db.commit()
        db.execute("DETACH DATABASE out")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot build the Lookup index ({exc})") from exc
    finally:
        db.close()
        stage.unlink(missing_ok=True)
    stats.seconds = time.monotonic() - start
    return stats


def _write(db: sqlite3.Connection, primary_lang: str, say: Callable[[str], None] | None,
           bar: bool | None) -> IndexStats:
    """Write the entities in rank order (most linked first), their names (labels first, the
    main edition's first, each text and language once) and their classes."""
    stats = IndexStats()
    spaces: Counter[str] = Counter()
    rows = db.execute(
        "SELECT e.iri, e.refcount, n.text, n.lang, n.kind FROM ent e LEFT JOIN nm n ON n.iri = e.iri "
        "ORDER BY e.refcount DESC, e.iri, n.kind, n.lang IS NOT ?, coalesce(n.lang, ''), n.text", (primary_lang,))
    meter = Meter("Lookup index: writing resources", "resources", say=say, bar=bar)
    entity_rows: list[tuple[int, str, str, int]] = []
    name_rows: list[tuple[int, int, str, str, str | None, int]] = []
    id_rows: list[tuple[str, int]] = []
    eid = rowid = 0

    def flush() -> None:
        db.executemany("INSERT INTO out.entity VALUES (?, ?, ?, ?)", entity_rows)
        db.executemany("INSERT INTO out.name VALUES (?, ?, ?, ?, ?, ?)", name_rows)
        db.executemany("INSERT INTO ids VALUES (?, ?)", id_rows)
        meter.update(len(entity_rows))
        entity_rows.clear()
        name_rows.clear()
        id_rows.clear()

    for (iri, refcount), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
        eid += 1
        cut = iri.find("/resource/")
        if cut > 0:
            spaces[iri[: cut + len("/resource/")]] += 1
        label: str | None = None
        named = False
        seen: set[tuple[str, str | None]] = set()
        for _, _, text, lang, kind in group:
            if text is None:  # only linked to
                text, lang, kind = local_label(iri), None, KIND_LABEL
            else:
                named = True
            if (text, lang) in seen:
                continue
            seen.add((text, lang))
            if label is None and kind == KIND_LABEL:
                label = text
            rowid += 1
            name_rows.append((rowid, eid, text, normalize(text), lang, kind))
        entity_rows.append((eid, iri, label or local_label(iri), refcount))
        if named:
            id_rows.append((iri, eid))
        if len(name_rows) >= _BATCH:
            flush()
    flush()
    meter.close()
    db.execute("INSERT INTO out.entity_type SELECT i.id, t.type FROM ids i "
               "JOIN (SELECT DISTINCT iri, type FROM typ) t ON t.iri = i.iri ORDER BY i.id, t.type")
    _write_specific(db, primary_lang)
    stats.entities, stats.names = eid, rowid
    stats.labelled = db.execute("SELECT count(*) FROM ids").fetchone()[0]
    stats.redirects = db.execute("SELECT count(*) FROM fin").fetchone()[0]
    stats.categories = db.execute("SELECT count(*) FROM cat").fetchone()[0]
    stats.typed = db.execute("SELECT count(DISTINCT entity) FROM out.entity_type").fetchone()[0]
    count = "SELECT type, count(*) FROM out.{} GROUP BY type ORDER BY count(*) DESC, type LIMIT 20"
    stats.types = [(t, n) for t, n in db.execute(count.format("entity_type"))]
    stats.specific = [(t, n) for t, n in db.execute(count.format("specific_type"))]
    stats.namespaces = dict(spaces.most_common())
    return stats


def _write_specific(db: sqlite3.Connection, primary_lang: str) -> None:
    """Each resource's most specific classes: those of the first edition that gives it any (the
    main edition first, then the others by name), without ``owl:Thing`` unless it is all."""
    rows = db.execute("SELECT iri, lang, type FROM spec ORDER BY iri, lang != ?, lang, seq", (primary_lang,))

    def chosen() -> Iterator[tuple[str, str]]:
        for iri, group in itertools.groupby(rows, key=lambda r: r[0]):
            found = list(group)
            types = [t for _, lang, t in found if lang == found[0][1]]
            kept = [t for t in types if t != _THING] or types
            yield from ((iri, t) for t in dict.fromkeys(kept))

    for batch in _batches(chosen()):
        db.executemany("INSERT INTO out.specific_type VALUES (?, ?)", batch)

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
