"""Whole-dump steps that run after the pass over the pages (the Spark engine runs them as joins).

A step reads finished dataset files and writes new ones into the partial folder; it returns the
triples it wrote per file name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wikikg.extractors.base import Extractor
from wikikg.pipeline import canonical
from wikikg.pipeline.ntfiles import iri_triples
from wikikg.pipeline.redirects import resolve_transitive
from wikikg.pipeline.sink import open_output
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import IRI


def transitive_redirects(partial: Path, lang: str, compress: str) -> dict[str, int]:
    source = partial / ds.REDIRECTS.filename(lang, compress)
    if not source.exists():
        return {}
    pairs = {s: o for s, p, o in iri_triples(source) if p == v.DBO_WIKI_PAGE_REDIRECTS}
    final = resolve_transitive(pairs)
    name = ds.REDIRECTS_TRANSITIVE.filename(lang, compress)
    with open_output(partial / name, compress) as out:
        for s in sorted(final):
            out.write(line(IRI(s), v.DBO_WIKI_PAGE_REDIRECTS, IRI(final[s])).encode("utf-8"))
    return {name: len(final)}


def run_post_steps(partial: Path, out: Path, langs: Sequence[str], classes: Sequence[type[Extractor]],
                   compress: str, options: Mapping[str, Any]) -> dict[str, int]:
    names = {c.name for c in classes}
    files: dict[str, int] = {}
    for lang in langs:
        if "redirects" in names:
            files.update(transitive_redirects(partial, lang, compress))
        for cls in classes:  # an extractor's own whole-dump step (e.g. the mappings' type check)
            finish = getattr(cls, "finish", None)
            if callable(finish):
                files.update(finish(partial, lang, compress, options))
    if canonical.wanted(options, names):  # interlanguage links joined, the canonical view written
        files.update(canonical.join_and_canonicalize(partial, langs, compress, options))
    return files
