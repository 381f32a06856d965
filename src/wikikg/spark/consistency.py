"""The mappings' type-consistency check as Spark joins (``MappingExtractor.finish`` of the local engine).

After the pass, :func:`wikikg.ontology.consistency.clean_object_files` sorts every
``mappingbased-objects`` triple by the types of its subject and object into the dataset itself or
its ``_disjointRange`` / ``_disjointDomain`` variants, holding the type of every resource of the
edition in a dictionary.  Here the types are an RDD — each resource's ``instance-types`` lines
grouped and folded in file order by the same rule (:func:`~wikikg.ontology.consistency.resource_types`)
— and each object triple is joined with the type of its object, then of its subject, and judged by
the same :func:`~wikikg.ontology.consistency.verdict`.  The ontology is loaded once per executor
process (:func:`wikikg.spark.task.executor_resources`); without one (no mappings folder, no
network), every triple stays where it is, as in the local engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from wikikg.errors import ConfigError
from wikikg.ontology.consistency import DISJOINT_DOMAIN, DISJOINT_RANGE, OBJECTS, resource_types, verdict
from wikikg.rdf import vocab as v
from wikikg.rdf.ntfiles import (
    open_dataset,
)
from wikikg.rdf.terms import IRI
from wikikg.spark.task import JobConfig, executor_resources

#: an N-Triples line whose three terms are IRIs (:mod:`wikikg.ontology.consistency` reads the same shape)
_IRI_TRIPLE = re.compile(r"^<([^>]*)> <([^>]*)> <([^>]*)> \.\s*$")
KEYS = (OBJECTS, DISJOINT_RANGE, DISJOINT_DOMAIN)


def filenames(lang: str, compress: str) -> dict[str, str]:
    """Dataset key → file name of the three datasets the check writes."""
    from wikikg.rdf.datasets import (
        MAPPINGBASED_OBJECTS,
        OBJECTS_DISJOINT_DOMAIN,
        OBJECTS_DISJOINT_RANGE,
    )

    datasets = {OBJECTS: MAPPINGBASED_OBJECTS, DISJOINT_RANGE: OBJECTS_DISJOINT_RANGE,
                DISJOINT_DOMAIN: OBJECTS_DISJOINT_DOMAIN}
    return {key: datasets[key].filename(lang, compress) for key in KEYS}


def _ontology(config: JobConfig, lang: str) -> Any:
    from wikikg.ontology.resources import for_edition

    try:
        return for_edition(config.options, lang, executor_resources(config.resources_key()))[0]
    except ConfigError:
        return None


def _lines(pieces: Iterable[tuple[str, str, str]], compress: str) -> Iterator[tuple[str, tuple[str, int], str]]:
    """``(edition, (tag, line number), line)`` of ``(edition, tag, path)`` pieces; blank lines skipped."""
    for lang, tag, path in pieces:
        with open_dataset(Path(path), "rt", compress) as f:
            for i, ln in enumerate(f):
                ln = ln.rstrip("\n")
                if ln:
                    yield lang, (tag, i), ln


def _terms(ln: str) -> tuple[tuple[str, str, str] | None, str]:
    """``((s, p, o), line)`` for a triple of three IRIs, ``(None, line)`` for any other line."""
    m = _IRI_TRIPLE.match(ln)
    return (m.group(1), m.group(2), m.group(3)) if m else None, ln


def plan(sc: Any, config: JobConfig, type_parts: Sequence[tuple[str, str, str]],
         object_parts: Sequence[tuple[str, str, str]], partitions: int) -> Any:
    """The RDD of ``(file name, line)`` the check writes, for every edition at once.

    ``type_parts`` and ``object_parts`` are ``(edition, tag, path)`` pieces of the editions'
    ``instance-types`` and ``mappingbased-objects``; resources are keyed ``(edition, IRI)``.
    """
    n = max(1, partitions)
    compress = config.compress
    langs = sorted({lang for lang, _, _ in object_parts})
    names = {lang: filenames(lang, compress) for lang in langs}
    rdf_type = v.RDF_TYPE

    def typed(item: tuple[str, tuple[str, int], str]) -> Iterator[tuple[tuple[str, str], tuple[tuple[str, int], str]]]:
        lang, order, ln = item
        m = _IRI_TRIPLE.match(ln)
        if m is not None and m.group(2) == rdf_type:
            yield (lang, m.group(1)), (order, ln)

    def most_specific(groups: Iterable[tuple[tuple[str, str], Iterable[tuple[tuple[str, int], str]]]]
                      ) -> Iterator[tuple[tuple[str, str], str]]:
        for (lang, s), lines in groups:
            ontology = _ontology(config, lang)
            if ontology is None:
                continue
            cls = resource_types(ontology, [ln for _, ln in sorted(lines)]).get(s)
            if cls is not None:
                yield (lang, s), cls

    def judged(items: Iterable[tuple[tuple[str, str], tuple[tuple[str, str, str, str, str | None], str | None]]]
               ) -> Iterator[tuple[str, str]]:
        for (lang, s), ((_, p, o, ln, o_type), s_type) in items:
            ontology = _ontology(config, lang)
            keys: tuple[str, ...] = (OBJECTS,)
            if ontology is not None:
                types = {k: IRI(t) for k, t in ((o, o_type), (s, s_type)) if t is not None}
                keys = verdict(ontology, types, s, p, o)
            for key in keys:
                yield names[lang][key], ln + "\n"

    types = (sc.parallelize(list(type_parts), max(1, min(len(type_parts), n)))
             .mapPartitions(lambda ps: _lines(ps, compress)).flatMap(typed)
             .groupByKey(n).mapPartitions(most_specific))
    lines = (sc.parallelize(list(object_parts), max(1, min(len(object_parts), n)))
             .mapPartitions(lambda ps: _lines(ps, compress)).map(lambda item: (item[0], *_terms(item[2]))))
    odd = lines.filter(lambda t: t[1] is None).map(lambda t: (names[t[0]][OBJECTS], t[2] + "\n"))
    triples = lines.filter(lambda t: t[1] is not None).map(lambda t: ((t[0], t[1][2]), (t[0], *t[1], t[2])))
    with_object_type = triples.leftOuterJoin(types, n).map(
        lambda kv: ((kv[0][0], kv[1][0][1]), (*kv[1][0][1:], kv[1][1])))
    return odd.union(with_object_type.leftOuterJoin(types, n).mapPartitions(judged))
