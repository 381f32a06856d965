"""The extraction as one Spark application: plan, extract in the executors, join, publish.

1. The driver plans each input (:mod:`.inputs`) from its head and, for multistream dumps, its
   index — it never reads the pages.
2. One Spark job runs every partition of every input: each task reads its piece, runs the
   extractors and commits its part files into ``OUT/.partial-…/spark`` (:mod:`.task`,
   :mod:`.commit`); beside them, one task per local input computes its SHA-1 for the manifest.
3. Whole-dump steps run as Spark jobs over the committed parts (:mod:`.steps`): unique datasets
   de-duplicated, transitive redirects, the mappings' type-consistency check, interlanguage links
   and the canonical view — by joins, not in the driver.
4. The driver joins each dataset's parts into ``OUT/<dataset>.nt.gz`` by byte concatenation and
   publishes them with ``manifest.json`` (:mod:`wikikg.rdf.outfolder`) — exactly the local engine's layout
   (:func:`wikikg.pipeline.run.extract`), so ``wikikg load`` and ``wikikg report`` read it as they
   read any extraction.

``OUT`` must be a folder that the driver and every executor see at the same path: the local disk
in local mode; NFS, EFS, CephFS, Lustre or a Kubernetes ReadWriteMany volume on a cluster.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from wikikg.dump.pieces import PieceLog
from wikikg.extractors.base import Metrics
from wikikg.pipeline.config import DEFAULT_SPLIT_MB, ExtractConfig
from wikikg.pipeline.manifest import build_manifest, software
from wikikg.pipeline.sink import drop_empty
from wikikg.pipeline.worker import MAX_FAILURE_EXAMPLES
from wikikg.rdf.outfolder import OutFolder
from wikikg.spark import steps
from wikikg.spark.commit import committed, read_summary
from wikikg.spark.inputs import HADOOP, MULTISTREAM, Source, plan_source
from wikikg.spark.session import get_session
from wikikg.spark.steps import StagedOutput
from wikikg.spark.task import (
    EXTRACT_STAGE,
    JobConfig,
    multistream_task,
    records_task,
    sha1_task,
    stream_extract_task,
    stream_read_task,
    tag_of,
)

log = logging.getLogger("wikikg")

SPARK_DIR = "spark"
_TEXT_INPUT = "org.apache.hadoop.mapreduce.lib.input.TextInputFormat"


def extract(inputs: Sequence[Path | str], out: Path | str, *, extractors: Sequence[str] | None = None,
            compress: str = "gz", lang: str | None = None, base: str | None = None,
            options: Mapping[str, Any] | None = None, master: str | None = None, spark: Any = None,
            split_mb: float = DEFAULT_SPLIT_MB, indexes: Mapping[str, str] | None = None,
            inject_failure: str | None = None, progress: bool | None = None) -> dict[str, Any]:
    """Extract ``inputs`` into ``out`` with Spark; return the manifest (also in ``out/manifest.json``).

    ``inputs`` are local paths (on a disk every executor mounts) or Hadoop URLs (``hdfs://``,
    ``s3a://`` …); ``indexes`` maps an input to its multistream index when it is not beside it
    under Wikimedia's name.  ``spark`` is a running session to use (else one is found or started
    with ``master``).  ``inject_failure`` (``raise`` or ``exit``) makes every task's first attempt
    fail half-way, to test that Spark's retries lose and duplicate nothing.
    """
    config = ExtractConfig(tuple(str(p) for p in inputs), Path(str(out)), extractors=tuple(extractors or ()) or None,
                           compress=compress, lang=lang, base=base, options=dict(options or {}), progress=progress,
                           engine="spark", master=master, indexes=dict(indexes or {}), split_mb=split_mb,
                           inject_failure=inject_failure)
    return run(config, spark=spark)


def run(config: ExtractConfig, spark: Any = None) -> dict[str, Any]:
    """Run a checked configuration (``engine="spark"``) with Spark; return the manifest."""
    progress = sys.stderr.isatty() if config.progress is None else config.progress
    session = spark if spark is not None else get_session(config.master, progress=progress)
    return SparkRun(session, config).execute()


class SparkRun:
    """One extraction with Spark, from planning to ``manifest.json`` (see the module's steps)."""

    def __init__(self, spark: Any, run: ExtractConfig) -> None:
        self.spark = spark
        self.sc = spark.sparkContext
        self.run = run
        self.locations = list(run.inputs)
        self.langs = list(run.languages)
        self.out = run.out.resolve()
        self.classes = list(run.selected)
        self.partial = self.out  # the run's private folder inside ``out`` (set by ``execute``)
        self.staging = self.partial / SPARK_DIR
        self.compress = run.compress
        self.indexes = dict(run.indexes)
        self.split_bytes = int(run.split_mb * (1 << 20))
        self.config = JobConfig(run.extractor_names, str(self.staging), run.compress, run.base, dict(run.options),
                                run.inject_failure)
        self.sources: list[Source] = []
        self.partitions: dict[int, list[str]] = {}  # source → tags of its partitions
        self.seconds: dict[str, float] = {}  # wall time per phase, for the manifest
        self.explicit = run.explicit_lang  # the language was given, not taken from file names

    @contextlib.contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        t = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.monotonic() - t, 3)

    def execute(self) -> dict[str, Any]:
        start = time.monotonic()
        folder = OutFolder(self.out)  # one run at a time, published whole: as the local engine
        with folder.run() as self.partial:
            self.staging = self.partial / SPARK_DIR
            self.config = dataclasses.replace(self.config, staging=str(self.staging))
            self.staging.mkdir(parents=True)
            parallelism = max(1, int(self.sc.defaultParallelism))
            with self._phase("plan"):
                self.sources = [plan_source(i, loc, lang, parallelism=parallelism, max_split=self.split_bytes,
                                            multistream_index=self.indexes.get(loc), spark=self.spark,
                                            explicit=self.explicit)
                                for i, (loc, lang) in enumerate(zip(self.locations, self.langs, strict=True))]
            for src in self.sources:
                for note in src.notes:
                    log.warning("%s", note)
            with self._phase("extract"):
                sha1 = self._extract(parallelism)
                summaries = self._collect_summaries()
            out = StagedOutput(self.sc, self.config, self.staging, self.partial, self.languages(), self.classes,
                               sorted((t, Path(s["folder"])) for t, s in summaries.items()))
            with self._phase("merge"):
                files = self._merge(out, summaries)
            with self._phase("whole-run steps"):
                files.update(steps.deduplicate(out, files))
                files.update(steps.transitive_redirects(out))
                files.update(steps.finish_steps(out, self.config.options))
                files.update(steps.canonical_view(out))
            drop_empty(self.partial, files)  # a dataset with no triple is listed, with no file: as the local engine
            manifest = self._manifest(files, summaries, sha1, time.monotonic() - start)
            return folder.publish(self.partial, files, manifest)

    # --- the extraction job -------------------------------------------------------------------
    def _extract(self, parallelism: int) -> dict[int, str]:
        sc, config = self.sc, self.config
        rdds = []
        for src in self.sources:
            if src.mode == MULTISTREAM:
                rdd = sc.parallelize(list(enumerate(src.ranges)), len(src.ranges))
                task = rdd.mapPartitions(functools.partial(multistream_task, config, src))
                n = len(src.ranges)
            elif src.mode == HADOOP:
                records = sc.newAPIHadoopFile(
                    src.hadoop_path(), _TEXT_INPUT, "org.apache.hadoop.io.LongWritable", "org.apache.hadoop.io.Text",
                    conf={"textinputformat.record.delimiter": "</page>",
                          "mapreduce.input.fileinputformat.split.maxsize": str(src.split_bytes)})
                if records.getNumPartitions() == 1 and parallelism > 1:  # gzip: not splittable
                    records = records.partitionBy(2 * parallelism)
                task = records.mapPartitionsWithIndex(functools.partial(records_task, config, src))
                n = records.getNumPartitions()
            else:
                n = 2 * parallelism
                pages = sc.parallelize([src], 1).flatMap(stream_read_task).partitionBy(n)
                task = pages.mapPartitionsWithIndex(functools.partial(stream_extract_task, config, src))
            self.partitions[src.index] = [tag_of(src.index, j) for j in range(n)]
            rdds.append(task)
            if src.is_local:
                rdds.append(sc.parallelize([src], 1).flatMap(sha1_task))
        sc.setJobDescription(f"wikikg: extract {len(self.sources)} dump(s)")
        results = steps.collect(sc.union(rdds))
        return {r[1]: r[2] for r in results if r[0] == "sha1"}

    def _collect_summaries(self) -> dict[str, dict[str, Any]]:
        folders = {p.name: p for p in committed(self.staging, EXTRACT_STAGE)}
        expected = [t for tags in self.partitions.values() for t in tags]
        missing = [t for t in expected if t not in folders]
        if missing:
            raise RuntimeError(f"{len(missing)} partitions finished without committed output (e.g. {missing[0]})")
        return {t: {**read_summary(folders[t]), "folder": str(folders[t])} for t in expected}

    # --- joining the parts ----------------------------------------------------------------------
    def languages(self) -> list[str]:
        return sorted({s.lang for s in self.sources})

    def _merge(self, out: StagedOutput, summaries: dict[str, dict[str, Any]]) -> dict[str, int]:
        """Each selected dataset's final file in the partial folder (empty when nothing was extracted)."""
        counts: Counter[str] = Counter()
        for s in summaries.values():
            counts.update(s["counts"])
        files: dict[str, int] = {}
        for lang in self.languages():
            for cls in self.classes:
                for ds in cls.datasets:
                    name = ds.filename(lang, self.compress)
                    out.join(name, out.folders)
                    files[name] = counts.get(name, 0)
        return files

    # --- the manifest -------------------------------------------------------------------------------
    def _manifest(self, files: dict[str, int], summaries: dict[str, dict[str, Any]], sha1: dict[int, str],
                  wall: float) -> dict[str, Any]:
        pages: Counter[str] = Counter()
        failures: Counter[str] = Counter()
        examples: dict[str, list[dict[str, str]]] = {}
        metrics = Metrics()
        logs = {src.index: PieceLog() for src in self.sources}
        for s in summaries.values():
            pages.update(s["pages"])
            failures.update(s["failures"])
            for name, ex in s["examples"].items():
                mine = examples.setdefault(name, [])
                mine.extend(ex[: MAX_FAILURE_EXAMPLES - len(mine)])
            metrics.merge(Counter({tuple(k): n for k, n in s["metrics"]}))
            logs[s["source"]].merge(s["log"])
        inputs: list[dict[str, Any]] = []
        for src in self.sources:
            piece = logs[src.index]
            warnings = [*src.notes, *piece.warnings]
            for w in piece.warnings:
                log.warning("%s", w)
            inputs.append({
                "path": src.location, "lang": src.lang, "sha1": sha1.get(src.index, ""), "bytes": src.size,
                "siteinfo": src.report(), "pages_read": piece.pages_read, "pages_skipped": piece.pages_skipped,
                "warnings": warnings, "mode": src.mode, "partitions": len(self.partitions[src.index]),
                **({"index": src.index_file} if src.index_file else {}),
            })
        extra = {"spark": {"master": self.sc.master, "version": self.sc.version,
                           "default_parallelism": int(self.sc.defaultParallelism),
                           "partitions": sum(len(t) for t in self.partitions.values()),
                           "seconds": dict(self.seconds)}}
        return build_manifest(self.run, inputs=inputs, languages=self.languages(),
                              jobs=int(self.sc.defaultParallelism), pages=pages, files=files, failures=failures,
                              examples=examples, metrics=metrics.as_json(), wall=wall,
                              software_info=software({"spark": str(self.sc.version)}, dists=("pyspark",)),
                              extra=extra)


__all__ = ["DEFAULT_SPLIT_MB", "SparkRun", "extract", "run"]
