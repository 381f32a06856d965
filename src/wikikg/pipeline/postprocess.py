"""Whole-dump steps that run after the pass over the pages (the Spark engine runs them as joins).

A step reads finished dataset files and writes new ones into the partial folder; it returns the
triples it wrote per file name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wikikg import extsort
from wikikg.extractors.base import Extractor
from wikikg.extsort import DiskMap
from wikikg.pipeline import canonical
from wikikg.pipeline.redirects import resolve_transitive
from wikikg.progress import Step
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.ntfiles import (
    BufferedWriter,
    iri_triples,
    open_dataset,
    split_line,
)
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import IRI


def redirect_steps(partial: Path, lang: str, compress: str, classes: Sequence[type[Extractor]],
                   options: Mapping[str, Any] | None = None) -> dict[str, int]:
    """The transitive redirects dataset, then the objects of the ``redirected`` datasets resolved
    through it.

    Memory is bounded (see :mod:`wikikg.extsort`): the redirects are sorted by source on
    disk, loaded into an on-disk table, and the chains walked one at a time.
    """
    source = partial / ds.REDIRECTS.filename(lang, compress)
    name = ds.REDIRECTS_TRANSITIVE.filename(lang, compress)
    if not source.exists():  # no redirect (so no file): none transitive, listed all the same
        return {name: 0}
    size = extsort.budget(options)
    with extsort.TempDir(partial) as tmp, extsort.disk_errors(f"resolving the redirects of {lang}"):
        pairs = DiskMap(tmp, "redirects", size // 4)
        final = DiskMap(tmp, "final", size // 4)
        cyclic = DiskMap(tmp, "cyclic", size // 8)
        try:
            with Step(f"redirects of {lang}: reading", "redirects") as step:
                lines = (f"{s} {o}\n" for s, p, o in iri_triples(source) if p == v.DBO_WIKI_PAGE_REDIRECTS)
                ordered = extsort.sort_lines(step.track(lines), tmp, budget_bytes=size, key=_first_word)
            with Step(f"redirects of {lang}: on-disk table", "redirects") as step:
                # stable sort: the last of a source wins
                pairs.load(ln[:-1].split(" ", 1) for ln in step.track(ordered))
            with Step(f"redirects of {lang}: chains", "redirects") as step:
                resolve_transitive(pairs, final, cyclic, step.track(iter(pairs)))
            out = BufferedWriter(partial / name, compress, atomic=True)
            with Step(f"redirects of {lang}: writing {name}", "triples") as step:
                for s, o in step.track(final.sorted_items()):
                    out.write(line(IRI(s), v.DBO_WIKI_PAGE_REDIRECTS, IRI(o)))
            files = {name: out.close()}
            for dataset in redirected_datasets(classes) if files[name] else ():
                path = partial / dataset.filename(lang, compress)
                if path.exists():
                    files[path.name] = resolve_objects(path, final, compress)
        finally:
            for m in (pairs, final, cyclic):
                m.close()
    return files


def _first_word(ln: str) -> str:
    return ln[: ln.index(" ")]


def redirected_datasets(classes: Sequence[type[Extractor]]) -> list[ds.Dataset]:
    """The datasets of the run whose objects are resolved through redirects, once each, in order."""
    return list({d.key: d for c in classes for d in c.datasets if d.redirected}.values())


def resolve_objects(path: Path, final: Mapping[str, str], compress: str) -> int:
    """Rewrite a dataset file with each IRI object that is a redirect replaced by its final target;
    return the lines written.

    Two links of a page, to a redirect and to its target, become one triple: a triple is written
    once per subject.  A subject's lines are consecutive (a page's statements are written together),
    so memory holds one subject's lines at a time.
    """
    writer = BufferedWriter(path, compress, atomic=True)
    subject = None
    seen: set[str] = set()
    with open_dataset(path, "rt") as f, Step(f"redirects: resolving the objects of {path.name}") as step:
        for ln in step.track(f):
            parts = split_line(ln)
            if parts is None:
                continue
            s, p, rest = parts
            if s != subject:
                subject, seen = s, set()
            if rest[0] == "<":
                end = rest.index(">")
                target = final.get(rest[1:end])
                if target is not None:
                    ln = f"<{s}> <{p}> <{target}{rest[end:]}"
            if ln not in seen:
                seen.add(ln)
                writer.write(ln)
    return writer.close()


def object_iri(ln: str) -> str | None:
    """The object of an N-Triples line when it is an IRI (``None`` for a literal).

    >>> object_iri("<http://a/S> <http://p/q> <http://a/O> .\\n"), object_iri('<http://a/S> <http://p/q> "x" .\\n')
    ('http://a/O', None)
    """
    parts = split_line(ln)
    if parts is None or not parts[2].startswith("<"):
        return None
    return parts[2][1 : parts[2].index(">")]


def with_object(ln: str, iri: str | None) -> str:
    """The line with its IRI object replaced by ``iri`` (unchanged when ``iri`` is ``None``).

    >>> with_object("<http://a/S> <http://p/q> <http://a/O> .\\n", "http://a/T")
    '<http://a/S> <http://p/q> <http://a/T> .\\n'
    """
    parts = split_line(ln) if iri is not None else None
    if parts is None or not parts[2].startswith("<"):
        return ln
    s, p, rest = parts
    return f"<{s}> <{p}> <{iri}{rest[rest.index('>'):]}"


def run_post_steps(partial: Path, out: Path, langs: Sequence[str], classes: Sequence[type[Extractor]],
                   compress: str, options: Mapping[str, Any]) -> dict[str, int]:
    names = {c.name for c in classes}
    files: dict[str, int] = {}
    for lang in langs:
        if any(ds.REDIRECTS in c.datasets for c in classes):  # the redirect map: chains, then objects
            files.update(redirect_steps(partial, lang, compress, classes, options))
        for cls in classes:  # an extractor's own whole-dump step (e.g. the mappings' type check)
            files.update(cls.finish(partial, lang, compress, options))
    if canonical.wanted(options, names):  # interlanguage links joined, the canonical view written
        files.update(canonical.join_and_canonicalize(partial, langs, compress, options))
        # the view of a dataset with no triple (and so no file) is listed too, with none
        for lang in langs:
            if lang != options.get("canonical"):
                for dataset in {d.key: d for c in classes for d in c.datasets if d.canonicalized}.values():
                    files.setdefault(canonical.canonicalized_name(dataset.filename(lang, compress)), 0)
    return files
