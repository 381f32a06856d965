"""The Lookup index streamed from the dataset files holds what the index read from the store held.

The oracle is the way the index was built before it was streamed, kept here as a test-only copy:
the labels, redirects, categories and classes read back from the loaded RDF store, and the
refCounts counted by SPARQL ``GROUP BY`` over every ``dbo:wikiPageWikiLink``; the most specific
classes from the ``instance-types`` files.  Its rows are compared with the rows of the SQLite
tables ``wikikg load`` wrote for the shared test graph (four extractions, six editions).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from tests.store.graph import Graph
from wikikg.rdf import vocab
from wikikg.rdf.datasets import Lookup
from wikikg.store.files import DatasetFile
from wikikg.store.layout import StoreDir
from wikikg.store.loader import open_dataset
from wikikg.store.lookup import KIND_LABEL, KIND_REDIRECT, local_label, normalize
from wikikg.store.manifest import StoreManifest

Rows = dict[str, list[tuple[object, ...]]]


def _quads(store: ox.Store, predicate: str, obj: ox.NamedNode | None = None) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, ox.NamedNode(predicate), obj, ox.DefaultGraph()))


def _resolve(redirects: dict[str, str], iri: str) -> str:
    seen = {iri}
    while iri in redirects:
        nxt = redirects[iri]
        if nxt in seen:
            break
        seen.add(nxt)
        iri = nxt
    return iri


def _link_counts(store: ox.Store) -> list[tuple[str, int]]:
    link = f"<{vocab.DBO_WIKI_PAGE_WIKI_LINK}>"
    redirected = f"<{vocab.DBO_WIKI_PAGE_REDIRECTS}>"
    direct = f"SELECT ?t (COUNT(?s) AS ?n) WHERE {{ ?s {link} ?t }} GROUP BY ?t"
    through = (f"SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {{ ?r {redirected} ?t . ?s {link} ?r }} "
               f"UNION {{ ?r2 {redirected} ?t . ?s {link} ?t }} }} GROUP BY ?t")
    out = []
    for query in (direct, through):
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            t, n = row[0], row[1]
            if isinstance(t, ox.NamedNode) and isinstance(n, ox.Literal):
                out.append((t.value, int(n.value)))
    return out


_TYPE_LINE = re.compile(rb"<([^>]+)> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> <([^>]+)> \.")


def _specific_types(files: list[DatasetFile], primary_lang: str) -> dict[str, list[str]]:
    by_lang: dict[str, dict[str, list[str]]] = {}
    for f in files:
        if f.rules is None or f.rules.lookup is not Lookup.SPECIFIC_TYPES:
            continue
        found = by_lang.setdefault(f.lang, {})
        with open_dataset(f.path) as fh:
            for line in fh:
                m = _TYPE_LINE.match(line)
                if m:
                    found.setdefault(m.group(1).decode(), []).append(m.group(2).decode())
    merged: dict[str, list[str]] = {}
    for lang in sorted(by_lang, key=lambda lang: (lang != primary_lang, lang)):
        for iri, types in by_lang[lang].items():
            merged.setdefault(iri, types)
    return {iri: ([t for t in types if t != vocab.OWL_THING] or types) for iri, types in merged.items()}


def oracle(store: ox.Store, files: list[DatasetFile], primary_lang: str) -> Rows:
    """The index's rows as the store-reading build made them."""
    redirects = {q.subject.value: q.object.value for q in _quads(store, vocab.DBO_WIKI_PAGE_REDIRECTS)
                 if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)}
    final = {src: _resolve(redirects, src) for src in redirects}
    concepts = {q.subject.value for q in _quads(store, vocab.RDF_TYPE, ox.NamedNode(vocab.SKOS_CONCEPT))}
    names: dict[str, list[tuple[str, str | None, int]]] = {}
    for q in _quads(store, vocab.RDFS_LABEL):
        s, o = q.subject, q.object
        if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.Literal) or "/resource/" not in s.value:
            continue
        if s.value in final:
            target = final[s.value]
            if target != s.value and target not in concepts:
                names.setdefault(target, []).append((o.value, o.language, KIND_REDIRECT))
        elif s.value not in concepts:
            names.setdefault(s.value, []).append((o.value, o.language, KIND_LABEL))
    types: dict[str, list[str]] = {}
    for q in _quads(store, vocab.RDF_TYPE):
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(vocab.DBO) and q.subject.value in names:
            types.setdefault(q.subject.value, []).append(q.object.value)
    refcount: Counter[str] = Counter()
    for t, n in _link_counts(store):
        if t not in final:
            refcount[t] = max(refcount[t], n)
    every = dict(names)
    for iri in refcount:
        if iri not in every and iri not in concepts and "/resource/" in iri:
            every[iri] = [(local_label(iri), None, KIND_LABEL)]
    rows: Rows = {"entity": [], "name": [], "entity_type": [], "specific_type": []}
    rowid = 0
    for eid, iri in enumerate(sorted(every, key=lambda iri: (-refcount[iri], iri)), start=1):
        entries = sorted(every[iri], key=lambda e: (e[2], e[1] != primary_lang, e[1] or "", e[0]))
        label = next((t for t, _, k in entries if k == KIND_LABEL), None) or local_label(iri)
        rows["entity"].append((eid, iri, label, refcount[iri]))
        seen: set[tuple[str, str | None]] = set()
        for text, lang, kind in entries:
            if (text, lang) not in seen:
                seen.add((text, lang))
                rowid += 1
                rows["name"].append((rowid, eid, text, normalize(text), lang, kind))
        rows["entity_type"].extend((eid, t) for t in types.get(iri, ()))
    for iri, ts in _specific_types(files, primary_lang).items():
        rows["specific_type"].extend((iri, t) for t in dict.fromkeys(ts))
    return rows


def index_rows(path: Path) -> Rows:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {"entity": db.execute("SELECT * FROM entity ORDER BY id").fetchall(),
                "name": db.execute("SELECT * FROM name ORDER BY rowid").fetchall(),
                "entity_type": db.execute("SELECT * FROM entity_type").fetchall(),
                "specific_type": db.execute("SELECT * FROM specific_type").fetchall()}
    finally:
        db.close()


def _diff(expected: Rows, got: Rows) -> None:
    for table in expected:
        want, have = expected[table], got[table]
        if table in ("entity_type", "specific_type"):  # sets of rows: their order means nothing
            want, have = sorted(want), sorted(have)  # type: ignore[type-var]
        first = next((i for i, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), None)
        assert len(want) == len(have) and first is None, (
            f"{table}: {len(want)} rows expected, {len(have)} written; first difference at {first}: "
            f"{want[first] if first is not None else ''} ≠ {have[first] if first is not None else ''}")


def test_the_streamed_index_holds_what_the_store_says(graph: Graph) -> None:
    gen = StoreDir(graph.store).current()
    assert gen is not None
    manifest = StoreManifest.read(gen.manifest)
    files = [f for loaded in manifest.files if (f := DatasetFile.parse(Path(loaded.source))) is not None]
    expected = oracle(ox.Store.read_only(str(gen.oxigraph)), files, str(manifest.stats["primary_lang"]))
    got = index_rows(gen.lookup)
    assert len(expected["entity"]) > 40_000 and len(expected["entity_type"]) > 1000
    assert any(kind == KIND_REDIRECT for *_, kind in expected["name"])
    assert {lang for *_, lang, _ in expected["name"]} >= {"en", "de", "fr", "ar", "ja", "ru", None}
    _diff(expected, got)
