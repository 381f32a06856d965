"""Interlanguage links and the canonical view as Spark joins.

The same step as the local engine's :func:`wikikg.pipeline.canonical.join_and_canonicalize`
(read its docstrings and :mod:`wikikg.pipeline.langlinks` for the semantics), with every map that
the local engine holds in memory turned into an RDD:

* **links** — ``(edition, page, target edition) → target``: the inline ``[[xx:Title]]`` links of the
  pass (the ``interlanguage-links`` part files) and the rows of each ``--langlinks`` table joined
  with the page ids (``page_lang=xx_ids`` part files, else the ``page`` table beside the langlinks
  file).  One link per key, the first in the local engine's order: inline links before tables,
  tables in the order given, rows in file order;
* ``interlanguage-links_lang=xx`` and ``…_sameas`` — the links, and ``owl:sameAs`` both ways: the
  reverse of a link is written unless the target edition states the link itself (a join of the
  links with themselves);
* **canonical maps** — ``(edition, resource) → canonical resource``: the resource's own link to the
  canonical edition, else the smallest canonical page linking to it;
* ``<dataset>_lang=xx_canonicalized`` — every triple of every dataset of each other edition, its
  subject then its object joined with the maps (unmapped resources drop the triple).

All output lines go through one writing stage (:func:`wikikg.spark.task.write_lines_task`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikikg.dump import sql
from wikikg.dump.editions import SPECIAL_WIKIS, is_language
from wikikg.extractors.interlanguage import EditionTitles
from wikikg.pipeline.canonical import canonicalized_name
from wikikg.pipeline.langlinks import page_ids_from_table, page_table_for, resource_edition
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import INTERLANGUAGE_LINKS, INTERLANGUAGE_SAMEAS, PAGE_IDS
from wikikg.rdf.iri import resource_namespace
from wikikg.rdf.ntfiles import (
    open_dataset,
    split_line,
)

#: ``<s> dbo:wikiPageID "123"`` lines of ``page_lang=xx_ids`` (as :mod:`wikikg.pipeline.langlinks` reads them)
_PAGE_ID = re.compile(r"^<([^>]+)> <" + re.escape(v.DBO_WIKI_PAGE_ID) + r"> \"(\d+)\"")
#: the order in which the local engine adds links (first wins): (source rank, part tag, position)
Order = tuple[int, str, int]


@dataclass(frozen=True)
class CanonicalInputs:
    """What the step reads, all planned on the driver: part files and tables, by edition."""

    langs: tuple[str, ...]  #: the editions extracted in the run
    canonical: str
    inline_parts: tuple[tuple[str, str, str], ...]  #: (edition, tag, interlanguage-links part file)
    id_parts: tuple[tuple[str, str], ...]  #: (edition, page ids part file)
    tables: tuple[tuple[str, str], ...]  #: (langlinks table file, its edition), in the order given
    dataset_parts: tuple[tuple[str, str, str], ...]  #: (edition, canonicalized file name, part file)
    canonicalized: tuple[str, ...] = ()  #: every canonicalized file to write, with parts or not


# --- reading (executor side) ----------------------------------------------------------------------

def inline_links(lang: str, tag: str, path: str, compress: str) -> Iterator[tuple[tuple[str, str, str], tuple[Order, str]]]:
    """The pass's ``dbo:wikiPageInterLanguageLink`` triples of one part file, with their order."""
    with open_dataset(Path(path), "rt", compress) as f:
        for i, ln in enumerate(f):
            parts = split_line(ln)
            if parts is None or not parts[2].startswith("<"):
                continue
            s, p, rest = parts
            o = rest[1 : rest.index(">")]
            target_lang = resource_edition(o)
            if p == v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK and target_lang is not None:
                yield (lang, s, target_lang), ((0, tag, i), o)


def pass_page_ids(lang: str, path: str, compress: str) -> Iterator[tuple[tuple[str, int], tuple[int, str]]]:
    """``(edition, page id) → (0, resource)`` from a ``page_lang=xx_ids`` part file (rank 0: wins)."""
    with open_dataset(Path(path), "rt", compress) as f:
        for ln in f:
            m = _PAGE_ID.match(ln)
            if m:
                yield (lang, int(m.group(2))), (0, m.group(1))


def table_page_ids(path: str, lang: str) -> Iterator[tuple[tuple[str, int], tuple[int, str]]]:
    """``(edition, page id) → (1, resource)`` from the ``page`` table beside a langlinks table, for
    the ids that table uses (as :func:`wikikg.pipeline.langlinks.join_table` reads it)."""
    table = page_table_for(Path(path))
    if table is None:
        return
    used = {row.from_id for row in sql.langlinks(path)}
    for page_id, iri in page_ids_from_table(table, lang, used, EditionTitles()).items():
        yield (lang, page_id), (1, iri)


def table_rows(rank: int, path: str, lang: str) -> Iterator[tuple[tuple[str, int], tuple[int, int, str, str]]]:
    """``(edition, ll_from) → (rank, row number, ll_lang, ll_title)`` of a langlinks table."""
    for j, row in enumerate(sql.langlinks(path)):
        yield (lang, row.from_id), (rank, j, row.lang, row.title)


def table_links(rows: Iterable[tuple[tuple[str, int], tuple[tuple[int, int, str, str], tuple[int, str]]]]
                ) -> Iterator[tuple[tuple[str, str, str], tuple[Order, str]]]:
    """Rows joined with their page: links, the target title normalised by the target edition's rules."""
    titles = EditionTitles()
    for (lang, _), ((rank, j, ll_lang, ll_title), (_, page)) in rows:
        target_lang = ll_lang.strip().lower()
        if target_lang == lang or not (is_language(target_lang) or target_lang in SPECIAL_WIKIS):
            continue
        target = titles.resource(target_lang, ll_title)
        if target is not None:
            yield (lang, page, target_lang), ((rank, "", j), target)


def dataset_triples(lang: str, target: str, path: str, compress: str) -> Iterator[tuple[str, str, str, str, str]]:
    """``(edition, canonicalized file, subject, predicate, rest)`` of each line of a dataset part."""
    with open_dataset(Path(path), "rt", compress) as f:
        for ln in f:
            parts = split_line(ln)
            if parts is not None:
                yield lang, target, parts[0], parts[1], parts[2]


def _object(rest: str) -> str | None:
    return rest[1 : rest.index(">")] if rest.startswith("<") else None


# --- the plan (driver side) ---------------------------------------------------------------------

@dataclass(frozen=True)
class CanonicalOutput:
    """The files the step writes (each exists at the end, empty or not)."""

    files: tuple[str, ...]
    lines: Any  #: RDD of (file name, line)


def plan(sc: Any, inputs: CanonicalInputs, compress: str, partitions: int) -> CanonicalOutput:
    """Build the RDD of every output line (runs the small jobs that collect the editions linked)."""
    n = max(1, partitions)
    links = _links(sc, inputs, compress, n)
    linked = sorted(set(links.map(lambda kv: kv[0][0]).distinct().collect()))
    outs = frozenset(inputs.langs) | frozenset(linked)
    link_name = {lang: INTERLANGUAGE_LINKS.filename(lang, compress) for lang in outs}
    same_name = {lang: INTERLANGUAGE_SAMEAS.filename(lang, compress) for lang in outs}
    ill, same_as = v.DBO_WIKI_PAGE_INTER_LANGUAGE_LINK, v.OWL_SAME_AS

    link_lines = links.map(lambda kv: (link_name[kv[0][0]], f"<{kv[0][1]}> <{ill}> <{kv[1]}> .\n"))
    own_same = links.map(lambda kv: (same_name[kv[0][0]], f"<{kv[0][1]}> <{same_as}> <{kv[1]}> .\n"))
    back_same = (
        links.filter(lambda kv: kv[0][2] in outs)
        .map(lambda kv: ((kv[0][2], kv[1], kv[0][0]), kv[0][1]))  # (T, b, E) → a
        .leftOuterJoin(links, n)
        .filter(lambda kv: kv[1][1] != kv[1][0])  # T does not state b → a itself
        .map(lambda kv: (same_name[kv[0][0]], f"<{kv[0][1]}> <{same_as}> <{kv[1][0]}> .\n"))
    )

    canonical = inputs.canonical
    others = frozenset(inputs.langs) - {canonical}
    own_link = links.filter(lambda kv: kv[0][0] in others and kv[0][2] == canonical).map(
        lambda kv: ((kv[0][0], kv[0][1]), (0, kv[1])))
    linked_from = links.filter(lambda kv: kv[0][0] == canonical and kv[0][2] in others).map(
        lambda kv: ((kv[0][2], kv[1]), (1, kv[0][1])))
    maps = own_link.union(linked_from).reduceByKey(min, n).mapValues(lambda rank_iri: rank_iri[1])
    canon_lines = _canonicalized(sc, inputs, compress, maps, n)

    files = [link_name[lang] for lang in linked] + [same_name[lang] for lang in sorted(outs)]
    files += inputs.canonicalized
    lines = sc.union([link_lines, own_same, back_same, canon_lines]).coalesce(n)
    return CanonicalOutput(tuple(dict.fromkeys(files)), lines)


def _links(sc: Any, inputs: CanonicalInputs, compress: str, n: int) -> Any:
    inline = sc.parallelize(list(inputs.inline_parts), _slices(inputs.inline_parts, n)).flatMap(
        lambda ltp: inline_links(ltp[0], ltp[1], ltp[2], compress))
    sources = [inline]
    if inputs.tables:
        tables = list(enumerate(inputs.tables, 1))
        ids = sc.parallelize(list(inputs.id_parts), _slices(inputs.id_parts, n)).flatMap(
            lambda lp: pass_page_ids(lp[0], lp[1], compress))
        ids = ids.union(sc.parallelize(list(inputs.tables), len(inputs.tables)).flatMap(
            lambda pl: table_page_ids(pl[0], pl[1]))).reduceByKey(min, n)
        rows = sc.parallelize(tables, len(tables)).flatMap(lambda t: table_rows(t[0], t[1][0], t[1][1]))
        sources.append(rows.join(ids, n).mapPartitions(table_links))
    return sc.union(sources).reduceByKey(min, n).mapValues(lambda order_target: order_target[1]).cache()


def _slices(files: Sequence[Any], n: int) -> int:
    """Partitions for reading ``files``: one file per task would make thousands of tiny tasks."""
    return max(1, min(len(files), n))


def _canonicalized(sc: Any, inputs: CanonicalInputs, compress: str, maps: Any, n: int) -> Any:
    parts = list(inputs.dataset_parts)
    if not parts:
        return sc.emptyRDD()
    own = {lang: resource_namespace(lang) for lang in inputs.langs}
    triples = sc.parallelize(parts, _slices(parts, n)).flatMap(
        lambda ltp: dataset_triples(ltp[0], ltp[1], ltp[2], compress))
    # the subject: a resource of the edition is mapped, or the triple dropped
    by_subject = triples.filter(lambda t: t[2].startswith(own[t[0]]))
    triples = triples.filter(lambda t: not t[2].startswith(own[t[0]])).union(
        by_subject.map(lambda t: ((t[0], t[2]), (t[1], t[3], t[4]))).join(maps, n)
        .map(lambda kv: (kv[0][0], kv[1][0][0], kv[1][1], kv[1][0][1], kv[1][0][2])))

    # the object likewise
    def object_is_own(t: tuple[str, str, str, str, str]) -> bool:
        o = _object(t[4])
        return o is not None and o.startswith(own[t[0]])

    by_object = triples.filter(object_is_own)
    kept = triples.filter(lambda t: not object_is_own(t))
    moved = by_object.map(lambda t: ((t[0], _object(t[4])), t)).join(maps, n).map(
        lambda kv: (*kv[1][0][:4], f"<{kv[1][1]}{kv[1][0][4][kv[1][0][4].index('>'):]}"))
    return kept.union(moved).map(lambda t: (t[1], f"<{t[2]}> <{t[3]}> {t[4]}"))


def plan_inputs(langs: Sequence[str], canonical: str, tables: Sequence[tuple[Path, str]], compress: str,
                parts_of: Callable[[str], list[tuple[str, Path]]], eligible: Callable[[str], list[str]]
                ) -> CanonicalInputs:
    """Gather what the step reads: ``parts_of(file name)`` gives a dataset's committed parts as
    ``(tag, path)``; ``eligible(lang)`` the dataset file names of an edition to canonicalize."""
    inline: list[tuple[str, str, str]] = []
    ids: list[tuple[str, str]] = []
    datasets: list[tuple[str, str, str]] = []
    names: list[str] = []
    for lang in langs:
        inline += [(lang, tag, str(p)) for tag, p in parts_of(INTERLANGUAGE_LINKS.filename(lang, compress))]
        ids += [(lang, str(p)) for _, p in parts_of(PAGE_IDS.filename(lang, compress))]
        if lang != canonical:
            for name in eligible(lang):
                names.append(canonicalized_name(name))
                datasets += [(lang, names[-1], str(p)) for _, p in parts_of(name)]
    return CanonicalInputs(tuple(langs), canonical, tuple(inline), tuple(ids),
                           tuple((str(p), lang) for p, lang in tables), tuple(datasets), tuple(names))
