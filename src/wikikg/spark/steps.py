"""The whole-run steps of the Spark engine, each a Spark job over the committed part files.

The local engine runs these on finished files in one process
(:func:`wikikg.pipeline.postprocess.run_post_steps`, and the de-duplication of ``unique`` datasets
in its merge); here each reads the parts the extraction tasks committed, joins or de-duplicates
in Spark, and writes through :func:`~wikikg.spark.task.write_lines_task`, in the local engine's
order:

1. ``unique`` datasets de-duplicated (``distinct``);
2. transitive redirects (:mod:`.redirects`, pointer jumping), and the objects of the
   ``redirected`` datasets resolved through them (a join);
3. extractors' own ``finish`` steps — the mappings' type-consistency check as joins
   (:mod:`.consistency`); an extractor's ``finish`` with no Spark version runs as in the local
   engine, in the driver, on the merged files (and says so in the log);
4. interlanguage links and the canonical view (:mod:`.canonical`).

A file a step rewrites is read by the later steps from its merged copy, not from the parts.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg import errors
from wikikg.extractors.base import Extractor
from wikikg.ontology.consistency import OBJECTS
from wikikg.pipeline import canonical
from wikikg.pipeline.langlinks import langlinks_files
from wikikg.pipeline.postprocess import object_iri, redirected_datasets, with_object
from wikikg.rdf import vocab as v
from wikikg.rdf.datasets import REDIRECTS, REDIRECTS_TRANSITIVE
from wikikg.rdf.ntfiles import (
    concatenate,
    open_dataset,
    write_empty,
)
from wikikg.spark import canonical as spark_canonical
from wikikg.spark import consistency
from wikikg.spark import redirects as spark_redirects
from wikikg.spark.commit import committed, read_summary
from wikikg.spark.parts import part_name
from wikikg.spark.task import JobConfig, write_lines_task

log = logging.getLogger("wikikg")

MERGED = "~merged"  #: the tag under which a rewritten file's merged copy is read


@dataclass
class StagedOutput:
    """The committed parts of a run and the merged files in the partial folder."""

    sc: Any
    config: JobConfig
    staging: Path
    partial: Path
    languages: list[str]
    classes: list[type[Extractor]]
    folders: list[tuple[str, Path]]  #: (tag, committed folder) of every extraction task, in order
    rewritten: set[str] = field(default_factory=set)

    @property
    def compress(self) -> str:
        return self.config.compress

    @property
    def shuffle_partitions(self) -> int:
        return 2 * max(1, int(self.sc.defaultParallelism))

    def parts(self, name: str) -> list[tuple[str, Path]]:
        """``(tag, path)`` of the pieces of a dataset file: its parts, or its merged copy once a step
        rewrote it."""
        if name in self.rewritten:
            return [(MERGED, self.partial / name)]
        found = [(t, f / part_name(name, t)) for t, f in self.folders]
        return [(t, p) for t, p in found if p.exists()]

    def join(self, name: str, folders: Sequence[tuple[str, Path]]) -> None:
        """``partial/name`` from the parts in ``folders`` (an empty file when there are none)."""
        parts = [folder / part_name(name, tag) for tag, folder in sorted(folders)]
        parts = [p for p in parts if p.exists()]
        target = self.partial / name
        if parts:
            concatenate(parts, target)
        else:
            write_empty(target, self.compress)

    def run_stage(self, stage: str, lines: Any, names: Sequence[str], description: str,
                  optional: frozenset[str] = frozenset()) -> dict[str, int]:
        """Write an RDD of ``(file name, line)``, then join each of ``names`` — even if empty, unless
        it is ``optional``."""
        config = self.config
        self.sc.setJobDescription(f"wikikg: {description}")
        collect(lines.mapPartitionsWithIndex(lambda i, it: write_lines_task(config, stage, i, it)))
        return self.join_stage(stage, lines.getNumPartitions(), names, optional)

    def join_stage(self, stage: str, partitions: int, names: Sequence[str],
                   optional: frozenset[str] = frozenset()) -> dict[str, int]:
        folders = [(p.name, p) for p in committed(self.staging, stage)]
        if len(folders) != partitions:
            raise RuntimeError(f"{stage}: {partitions} partitions, {len(folders)} committed")
        written: Counter[str] = Counter()
        for _, folder in folders:
            written.update(read_summary(folder)["counts"])
        files: dict[str, int] = {}
        for name in names:
            if name in optional and not written.get(name):
                continue
            self.join(name, folders)
            files[name] = written.get(name, 0)
            self.rewritten.add(name)
        return files


def collect(rdd: Any) -> list[Any]:
    """``rdd.collect()``; a :class:`~wikikg.errors.WikiKGError` raised in an executor (a bad
    option, a missing file) comes back as itself, to be told in one line, not as a Java trace."""
    try:
        return list(rdd.collect())
    except Exception as e:
        text = str(e)
        for line in text.splitlines():
            head, sep, message = line.partition(": ")
            cls = getattr(errors, head.removeprefix("wikikg.errors."), None) if head.startswith("wikikg.errors.") else None
            if sep and isinstance(cls, type) and issubclass(cls, errors.WikiKGError):
                raise cls(message.strip()) from None
        raise


def read_lines(out: StagedOutput, items: Sequence[tuple[str, Path]], tagged: Callable[[str, str], Any]) -> Any:
    """An RDD of ``tagged(file name, line)`` over ``(file name, path)`` pieces."""
    compress = out.compress
    pieces = [(name, str(path)) for name, path in items]

    def read(piece: tuple[str, str]) -> Any:
        with open_dataset(Path(piece[1]), "rt", compress) as f:
            for ln in f:
                yield tagged(piece[0], ln)

    return out.sc.parallelize(pieces, max(1, min(len(pieces), out.shuffle_partitions))).flatMap(read)


# --- 1. unique datasets ----------------------------------------------------------------------------

def deduplicate(out: StagedOutput, files: dict[str, int]) -> dict[str, int]:
    """Each line of a ``unique`` dataset once (the local engine's :func:`~wikikg.pipeline.sink.deduplicate`)."""
    names = [ds.filename(lang, out.compress) for lang in out.languages for cls in out.classes
             for ds in cls.datasets if ds.unique]
    names = [n for n in dict.fromkeys(names) if files.get(n)]
    if not names:
        return {}
    pieces = [(name, path) for name in names for _, path in out.parts(name)]
    lines = read_lines(out, pieces, lambda name, ln: (name, ln)).distinct(out.shuffle_partitions)
    return out.run_stage("unique", lines, names, "unique datasets")


# --- 2. transitive redirects ---------------------------------------------------------------------------

def transitive_redirects(out: StagedOutput) -> dict[str, int]:
    if not any(REDIRECTS in c.datasets for c in out.classes):
        return {}
    compress = out.compress
    inputs = [(lang, str(path)) for lang in out.languages for _, path in out.parts(REDIRECTS.filename(lang, compress))]
    if not inputs:
        return {}
    out.sc.setJobDescription("wikikg: transitive redirects")
    pairs = out.sc.parallelize(inputs, max(1, min(len(inputs), out.shuffle_partitions))).flatMap(
        lambda lp: (((lp[0], s), (lp[0], o)) for s, o in spark_redirects.redirect_pairs(lp[1], compress)))
    finals = spark_redirects.resolve(pairs, min(len(inputs), out.shuffle_partitions)).persist()
    names = {lang: REDIRECTS_TRANSITIVE.filename(lang, compress) for lang in out.languages}
    redirects = v.DBO_WIKI_PAGE_REDIRECTS
    lines = finals.map(lambda kv: (names[kv[0][0]], f"<{kv[0][1]}> <{redirects}> <{kv[1][1]}> .\n"))
    files = out.run_stage("transitive-redirects", lines, list(names.values()), "transitive redirects")
    files.update(redirected_objects(out, finals))
    finals.unpersist()
    return files


def redirected_objects(out: StagedOutput, finals: Any) -> dict[str, int]:
    """The objects of the ``redirected`` datasets resolved through the transitive redirects, as a
    join of their lines with ``finals`` on ``(edition, object)``; each line once per file (the local
    :func:`~wikikg.pipeline.postprocess.resolve_objects`)."""
    langs = {ds.filename(lang, out.compress): lang for lang in out.languages
             for ds in redirected_datasets(out.classes)}
    names = [name for name in langs if out.parts(name)]
    if not names:
        return {}
    pieces = [(name, path) for name in names for _, path in out.parts(name)]
    lines = read_lines(out, pieces, lambda name, ln: (name, ln))
    keyed = lines.map(lambda nl: ((langs[nl[0]], object_iri(nl[1])), nl))
    resolved = (keyed.filter(lambda kv: kv[0][1] is not None)
                .leftOuterJoin(finals.mapValues(lambda target: target[1]), out.shuffle_partitions)
                .map(lambda kv: (kv[1][0][0], with_object(kv[1][0][1], kv[1][1]))))
    literal = keyed.filter(lambda kv: kv[0][1] is None).values()
    written = literal.union(resolved).distinct(out.shuffle_partitions)
    return out.run_stage("redirected-objects", written, names, "objects resolved through redirects")


# --- 3. extractors' own finishing steps -------------------------------------------------------------------

def finish_steps(out: StagedOutput, options: Any) -> dict[str, int]:
    """Each selected extractor's ``finish(partial, lang, compress, options)``, for every edition."""
    written: dict[str, int] = {}
    for cls in out.classes:
        if not cls.has_finish():
            continue
        if cls.name == "mappings":
            written.update(type_consistency(out))
            continue
        log.info("%s: its finishing step has no Spark version; it runs in the driver", cls.name)
        for lang in out.languages:
            got = cls.finish(out.partial, lang, out.compress, options)
            written.update(got)
            out.rewritten.update(got)
    return written


def type_consistency(out: StagedOutput) -> dict[str, int]:
    """The mappings' finishing step (:mod:`.consistency`), for every edition in one job."""
    from wikikg.rdf.datasets import INSTANCE_TYPES, MAPPINGBASED_OBJECTS

    def pieces(dataset: Any) -> list[tuple[str, str, str]]:
        return [(lang, tag, str(path)) for lang in out.languages
                for tag, path in out.parts(dataset.filename(lang, out.compress))]

    objects = pieces(MAPPINGBASED_OBJECTS)
    if not objects:
        return {}
    lines = consistency.plan(out.sc, out.config, pieces(INSTANCE_TYPES), objects, out.shuffle_partitions)
    names: list[str] = []
    variants: set[str] = set()
    for lang in sorted({lang for lang, _, _ in objects}):
        for key, name in consistency.filenames(lang, out.compress).items():
            names.append(name)
            if key != OBJECTS:
                variants.add(name)  # as the local step: a disjoint variant with no triple is not written
    return out.run_stage("type-consistency", lines, names, "type consistency of mapped objects",
                         optional=frozenset(variants))


# --- 4. interlanguage links and the canonical view ---------------------------------------------------------

def canonical_view(out: StagedOutput) -> dict[str, int]:
    options = out.config.options
    if not canonical.wanted(options, out.config.extractors):
        return {}
    inputs = spark_canonical.plan_inputs(
        out.languages, canonical.canonical_edition(options), langlinks_files(options), out.compress, out.parts,
        lambda lang: [p.name for p in canonical.edition_files(out.partial, lang, out.compress)])
    planned = spark_canonical.plan(out.sc, inputs, out.compress, out.shuffle_partitions)
    return out.run_stage("canonical", planned.lines, planned.files, "interlanguage links and the canonical view")
