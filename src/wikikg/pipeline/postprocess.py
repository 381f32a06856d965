"""Whole-dump steps that run after the pass over the pages (the Spark engine runs them as joins).

A step reads finished dataset files and writes new ones into the partial folder; it returns the
triples it wrote per file name.
"""

from __future__ import annotations

import bz2
import gzip
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from wikikg.extractors.base import Extractor
from wikikg.pipeline import canonical
from wikikg.pipeline.redirects import parse_iri_pairs, resolve_transitive
from wikikg.pipeline.sink import open_output
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import IRI


def open_text(path: Path) -> IO[str]:
    """Open a dataset file for reading text, whatever its compression."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_lines(path: Path) -> Iterator[str]:
    with open_text(path) as f:
        yield from f


def transitive_redirects(partial: Path, lang: str, compress: str) -> dict[str, int]:
    source = partial / ds.REDIRECTS.filename(lang, compress)
    if not source.exists():
        return {}
    pairs = {s: o for s, p, o in parse_iri_pairs(read_lines(source)) if p == v.DBO_WIKI_PAGE_REDIRECTS}
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
