"""What runs in the executors: the extractors over the pages of one partition.

A task builds the local engine's per-page machinery once — an
:class:`~wikikg.pipeline.worker.EditionWorker` per edition (each extractor instantiated once per
partition) writing through a :class:`~wikikg.pipeline.sink.DatasetWriter` — runs it over its
pages, and commits its part files (:mod:`.commit`).  Workers keep no state between pages, so a
partition's output depends on its pages only, and a retried task writes the same triples.

Objects that are expensive to build (the ontology, the mappings) live in the extractors'
``ctx.resources``; here that dictionary is kept per Python worker process
(:func:`executor_resources`), and PySpark reuses its Python workers from task to task
(``spark.python.worker.reuse``, on by default), so they are loaded once per executor core, not
once per task.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg.dump.multistream import ByteRange
from wikikg.dump.page import Page
from wikikg.dump.pieces import MAX_WARNINGS, PieceLog, page_from_record, pages_of_range
from wikikg.dump.xml import DumpReader
from wikikg.extractors import registry
from wikikg.extractors.base import Metrics
from wikikg.pipeline.worker import ProcessState, WorkStats
from wikikg.spark.commit import TaskAttempt
from wikikg.spark.inputs import Source
from wikikg.spark.parts import PartWriter

EXTRACT_STAGE = "extract"


@dataclass(frozen=True)
class JobConfig:
    """Everything a task needs besides its pages; pickled once per task."""

    extractors: tuple[str, ...]
    staging: str  #: the shared folder where attempts write and commit
    compress: str = "gz"
    base: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    #: for tests of Spark's retries: every task's first attempt fails after this many pages
    #: (or at its end), its part files half-written on disk
    inject_failure: str | None = None
    fail_after_pages: int = 10

    def resources_key(self) -> str:
        return json.dumps(dict(self.options), sort_keys=True, default=str)


@functools.lru_cache(maxsize=2)
def executor_resources(key: str) -> dict[str, Any]:
    """The ``ctx.resources`` dictionary of this Python worker process, per run options ``key``."""
    return {}


def tag_of(source: int, partition: int) -> str:
    """``s000-p00042``: names a partition's part files and committed folder, sorting in input order."""
    return f"s{source:03d}-p{partition:05d}"


class PartitionState(ProcessState):
    """One partition's writers (one per language) and workers (one per site)."""

    def __init__(self, config: JobConfig, directory: Path, part: str) -> None:
        super().__init__(directory, registry.select(list(config.extractors)), config.compress, part, config.base,
                         config.options, executor_resources(config.resources_key()))
        self.config = config


def task_attempt() -> tuple[int, int]:
    """(attempt number of this task, attempt id unique in the application)."""
    from pyspark import TaskContext

    ctx = TaskContext.get()
    if ctx is None:
        raise RuntimeError("a Spark task function was called outside a Spark task")
    return ctx.attemptNumber(), ctx.taskAttemptId()


def extract_pages(config: JobConfig, source: Source, tag: str, pages: Iterable[Page], log: PieceLog,
                  reader_logs: Iterable[dict[str, Any]] = ()) -> Iterator[tuple[str, str]]:
    """Run the extractors over ``pages`` and commit the partition; yields ``("part", tag)``.

    ``log`` is filled while ``pages`` is consumed; ``reader_logs`` are logs of a whole-file reader
    (stream mode), read after the pages.
    """
    attempt_no, attempt_id = task_attempt()
    attempt = TaskAttempt(Path(config.staging), EXTRACT_STAGE, tag, attempt_id)
    state = PartitionState(config, attempt.directory, tag)
    worker = state.worker(source.site)
    inject = config.inject_failure if attempt_no == 0 else None
    for n, page in enumerate(pages, 1):
        worker.process(page)
        if inject and n == config.fail_after_pages:
            state.close()  # the half-done part files reach the disk, as when a task dies mid-write
            fail(inject, tag)
    counts = state.close()
    if inject:
        fail(inject, tag)
    for extra in reader_logs:
        log.merge(extra)
    attempt.commit(summary(tag, source.index, counts, state.stats, state.metrics, log))
    yield "part", tag


def fail(mode: str, tag: str) -> None:
    """The injected failure (tests of retries): raise, or kill the Python worker process."""
    if mode == "exit":
        os._exit(3)
    raise RuntimeError(f"failure injected into the first attempt of task {tag}")


def summary(tag: str, source: int, counts: Mapping[str, int], stats: WorkStats, metrics: Metrics,
            log: PieceLog) -> dict[str, Any]:
    return {
        "tag": tag,
        "source": source,
        "counts": dict(counts),
        "pages": dict(stats.pages),
        "failures": dict(stats.failures),
        "examples": stats.examples,
        "metrics": [[list(k), n] for k, n in metrics.counts.items()],
        "log": log.as_json(),
    }


# --- the three ways of reading a partition ---------------------------------------------------

def multistream_task(config: JobConfig, source: Source, items: Iterable[tuple[int, ByteRange]]
                     ) -> Iterator[tuple[str, str]]:
    """A partition of a multistream dump: one byte range of whole bz2 streams."""
    for j, byte_range in items:
        log = PieceLog()
        pages = pages_of_range(source.location, byte_range, source.site, log)
        yield from extract_pages(config, source, tag_of(source.index, j), pages, log)


def records_task(config: JobConfig, source: Source, partition: int, records: Iterable[Any]
                 ) -> Iterator[tuple[str, str]]:
    """A partition of a dump cut by Hadoop at ``</page>``: ``(offset, record)`` pairs."""
    log = PieceLog()
    where = f"{source.location} [split {partition}]"

    def pages() -> Iterator[Page]:
        for _, record in records:
            page = page_from_record(record, source.site, log, where)
            if page is not None:
                yield page

    yield from extract_pages(config, source, tag_of(source.index, partition), pages(), log)


def stream_read_task(source: Source) -> Iterator[tuple[int, tuple[str, Any]]]:
    """The whole file through the local reader, in one task: numbered pages, then the reader's log."""
    n = 0
    with DumpReader(source.location, lang=source.lang) as reader:
        for page in reader:
            yield n, ("page", page)
            n += 1
        log = PieceLog(pages_read=reader.pages_read, pages_skipped=reader.pages_skipped,
                       warnings=list(reader.warnings[:MAX_WARNINGS]), warning_count=reader.warning_count)
    yield n, ("log", log.as_json())


def stream_extract_task(config: JobConfig, source: Source, partition: int,
                        items: Iterable[tuple[int, tuple[str, Any]]]) -> Iterator[tuple[str, str]]:
    """A partition of the pages a stream reader spread by a shuffle."""
    log = PieceLog()
    reader_logs: list[dict[str, Any]] = []

    def pages() -> Iterator[Page]:
        for _, (kind, item) in items:
            if kind == "page":
                yield item
            else:
                reader_logs.append(item)

    yield from extract_pages(config, source, tag_of(source.index, partition), pages(), log, reader_logs)


def sha1_task(source: Source) -> Iterator[tuple[str, int, str]]:
    """The SHA-1 of an input file (for the manifest), computed on an executor beside the extraction."""
    h = hashlib.sha1()
    with open(source.location, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    yield "sha1", source.index, h.hexdigest()


def write_lines_task(config: JobConfig, stage: str, partition: int, lines: Iterable[tuple[str, str]]
                     ) -> Iterator[tuple[str, str]]:
    """A whole-run step's output: ``(file name, N-Triples line)`` pairs written as this partition's
    parts of those files, and committed."""
    tag = f"p{partition:05d}"
    attempt_no, attempt_id = task_attempt()
    attempt = TaskAttempt(Path(config.staging), stage, tag, attempt_id)
    writer = PartWriter(attempt.directory, config.compress, tag)
    for filename, text in lines:
        writer.write(filename, text)
    counts = writer.close()
    if config.inject_failure and attempt_no == 0:
        fail(config.inject_failure, tag)
    attempt.commit({"tag": tag, "counts": counts})
    yield "part", tag
