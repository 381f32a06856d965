"""The extraction run: dumps in, dataset files and ``manifest.json`` out.

Pages stream from the reader in the main process.  With ``jobs == 1`` they are extracted in the
same process; otherwise batches go through a bounded queue to ``jobs`` worker processes, each
writing its own part files, so memory stays bounded by a few batches and the set of triples does
not depend on ``jobs``.  The reading process then only decompresses and cuts pages; for a
multistream dump with its index beside it (Wikimedia's ``pages-articles-multistream``), it does
not even that: it hands out byte ranges of whole bz2 streams, planned from the index as it reads
it, and each worker decompresses its own, so that decompression is no longer done by one core
for all (a bz2 reader feeds about three workers, fewer as extraction gets faster).  Whole-dump
steps (transitive redirects, objects resolved through them, the canonical view) run after the
pass.  One run at a time writes into ``OUT``: it holds ``OUT``'s lock, writes everything into a
private hidden folder and publishes it whole at the end (:mod:`wikikg.rdf.outfolder`), so a run
that dies half-way leaves the previous finished run as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from wikikg import extsort
from wikikg.dump.editions import language_from_dbname
from wikikg.dump.multistream import ByteRange, check_stream_starts, index_path_for, index_ranges
from wikikg.dump.page import Page
from wikikg.dump.xml import DumpReader
from wikikg.errors import WikiKGError
from wikikg.extractors.base import Extractor, Metrics
from wikikg.pipeline.config import ExtractConfig
from wikikg.pipeline.manifest import build_manifest, software
from wikikg.pipeline.postprocess import run_post_steps
from wikikg.pipeline.sink import deduplicate, drop_empty, merge_parts, part_files
from wikikg.pipeline.worker import ProcessState, WorkStats
from wikikg.progress import Progress
from wikikg.rdf.outfolder import OutFolder

log = logging.getLogger("wikikg")

BATCH_CHARS = 1 << 18
BATCH_PAGES = 200
#: byte ranges of a multistream dump: about this many per worker, each between these sizes
#: (compressed bytes; 1 MB of bz2 is about 4 MB of XML, a few seconds of extraction)
RANGES_PER_JOB = 16
MIN_RANGE = 1 << 18
MAX_RANGE = 16 << 20
T = TypeVar("T")


@dataclass
class InputReport:
    path: str
    lang: str
    sha1: str = ""
    bytes: int = 0
    siteinfo: dict[str, Any] = field(default_factory=dict)
    pages_read: int = 0
    pages_skipped: int = 0
    multistream_index: str | None = None  #: read by workers in byte ranges planned from this index
    warnings: list[str] = field(default_factory=list)
    #: damaged parts of the file that could not be read: file offset, compressed bytes, share of the file
    damage: list[dict[str, Any]] = field(default_factory=list)


def extract(inputs: Sequence[Path | str], out: Path | str, *, extractors: Sequence[str] | None = None,
            jobs: int = 1, compress: str = "gz", lang: str | None = None, base: str | None = None,
            options: Mapping[str, Any] | None = None, progress: bool | None = None) -> dict[str, Any]:
    """Extract ``inputs`` into ``out``; return the manifest (also written to ``out/manifest.json``)."""
    return run(ExtractConfig(tuple(str(p) for p in inputs), Path(out), extractors=tuple(extractors or ()) or None,
                             jobs=jobs, compress=compress, lang=lang, base=base, options=dict(options or {}),
                             progress=progress))


def run(config: ExtractConfig) -> dict[str, Any]:
    """Run a checked configuration on this machine; return the manifest."""
    return _Run(config).execute()


class _Run:
    def __init__(self, config: ExtractConfig) -> None:
        self.paths = [Path(p) for p in config.inputs]
        self.langs = list(config.languages)
        self.out = config.out
        self.classes = list(config.selected)
        self.opts = config
        self.partial = config.out  # the run's private folder inside ``out``, while it runs
        self.stats = WorkStats()
        self.metrics = Metrics()
        self.counts: dict[str, int] = {}
        self.reports: list[InputReport] = []
        self.languages: set[str] = set()
        self.explicit = config.explicit_lang  # the language was given, not taken from file names
        self.resources: dict[str, Any] = {}  # heavy per-edition objects, loaded once before workers fork
        self.damage = _DamageLog()
        #: dumps whose <siteinfo> names another edition: (file, declared dbname, edition, warning)
        self.mismatched: list[tuple[str, str, str, str]] = []

    def execute(self) -> dict[str, Any]:
        start = time.monotonic()
        folder = OutFolder(self.out)
        with (extsort.disk_errors(f"writing into {self.out}"), folder.run() as self.partial,
              _DamageLog.catching() as self.damage):
            self._preload()
            if self.opts.jobs == 1:
                self._run_inline()
            else:
                self._run_parallel()
            _warn_mismatched(self.mismatched, self.explicit)
            files = self._merge()
            files.update(run_post_steps(self.partial, self.out, sorted(self.languages), self.classes,
                                        self.opts.compress, self.opts.options))
            drop_empty(self.partial, files)
            manifest = self._manifest(files, time.monotonic() - start)
            return folder.publish(self.partial, files, manifest)

    def _preload(self) -> None:
        """Let extractors load what they share (ontology, mappings) once, before workers fork."""
        for lang in sorted({lang for lang in self.langs if lang}):
            for cls in self.classes:
                cls.preload(self.opts.options, lang, self.resources)

    # --- reading ----------------------------------------------------------------------------
    def _inputs(self) -> Iterator[tuple[InputReport, DumpReader]]:
        for path, lang in zip(self.paths, self.langs, strict=True):
            report = InputReport(str(path), lang or "", bytes=path.stat().st_size)
            # workers read a multistream dump themselves: no decompressing ahead here
            index = index_path_for(path) if self.opts.jobs > 1 else None
            with DumpReader(path, lang=lang, prefetch=index is None) as reader:
                if index is not None and reader.compression == "bz2":
                    report.multistream_index = str(index)
                site = reader.siteinfo
                report.lang = site.lang
                declared_db = reader.declared_dbname or site.dbname
                declared = language_from_dbname(declared_db)
                if lang and declared and declared != lang:
                    msg = (f"{path.name}: its <siteinfo> describes {declared_db!r}, but the file is read as "
                           f"the {lang!r} edition ({'--lang' if self.explicit else 'its file name'} wins)")
                    report.warnings.append(msg)
                    self.mismatched.append((path.name, str(declared_db), lang, msg))
                report.siteinfo = {"sitename": site.sitename, "dbname": site.dbname, "base": site.base,
                                   "generator": site.generator, "namespaces": len(site.namespaces)}
                self.languages.add(site.lang)
                self.reports.append(report)
                yield report, reader
                report.sha1 = reader.file_sha1()  # hashed while read: no second pass over the file
                report.pages_skipped = reader.pages_skipped
                report.damage = [{"offset": d.offset, "bytes": d.size, "share": round(d.size / max(1, report.bytes), 4)}
                                 for d in reader.damage]
                report.warnings.extend(reader.warnings)
                for w in reader.warnings:
                    log.warning("%s", w)

    def _raw_batches(self, report: InputReport, reader: DumpReader) -> Iterator[list[tuple[int, bytes]]]:
        """Unparsed pages in batches: the reading process only decompresses and cuts, workers parse."""
        return self._batched(report, reader, reader.raw_pages(), lambda item: len(item[1]))

    def _batches(self, report: InputReport, reader: DumpReader) -> Iterator[list[Page]]:
        """Parsed pages in batches, for the run in one process."""
        return self._batched(report, reader, reader, lambda page: len(page.text))

    def _batched(self, report: InputReport, reader: DumpReader, items: Iterable[T],
                 size_of: Callable[[T], int]) -> Iterator[list[T]]:
        """``items`` in batches of about ``BATCH_CHARS`` (at most ``BATCH_PAGES``), counting pages
        into ``report`` and advancing the progress display."""
        bar = Progress(Path(report.path).name, reader.total_bytes, bar=self.opts.progress)
        batch: list[T] = []
        size = 0
        for item in items:
            batch.append(item)
            size += size_of(item)
            report.pages_read += 1
            if size >= BATCH_CHARS or len(batch) >= BATCH_PAGES:
                yield batch
                bar.update(len(batch), reader.bytes_read)
                batch, size = [], 0
        if batch:
            yield batch
            bar.update(len(batch), reader.bytes_read)
        bar.close(reader.bytes_read)

    # --- one process ------------------------------------------------------------------------
    def _run_inline(self) -> None:
        state = _process_state(self.partial, self.classes, self.opts, "0", self.resources)
        for report, reader in self._inputs():
            worker = state.worker(reader.siteinfo)
            for batch in self._batches(report, reader):
                worker.run(batch)
        self._absorb(state.close(), state.stats, state.metrics)

    # --- worker processes ---------------------------------------------------------------------
    def _run_parallel(self) -> None:
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        tasks: Any = ctx.Queue(maxsize=2 * self.opts.jobs)
        results: Any = ctx.Queue()
        procs = [ctx.Process(target=_worker_main, args=(tasks, results, self.partial, self.classes, self.opts,
                                                        str(i), self.resources, os.getpid()), daemon=True)
                 for i in range(self.opts.jobs)]
        for p in procs:
            p.start()
        try:
            for report, reader in self._inputs():
                site = reader.siteinfo
                ranges = self._ranges(report, reader)
                if ranges is not None:
                    for planned in ranges:
                        _put(tasks, ("range", site, report.path, planned), procs, results)
                else:
                    for chunks in self._raw_batches(report, reader):
                        _put(tasks, ("pages", site, report.path, chunks), procs, results)
            for _ in procs:
                _put(tasks, None, procs, results)
            for _ in procs:
                msg = _get(results, procs)
                if msg[0] == "error":
                    raise msg[1]
                self._absorb(*msg[1:])
            for p in procs:
                p.join()
        finally:
            for p in procs:
                if p.is_alive():
                    p.terminate()

    def _ranges(self, report: InputReport, reader: DumpReader) -> Iterator[tuple[ByteRange, int]] | None:
        """Byte ranges of whole streams for the workers, with the pages the index lists in each,
        when the dump is multistream with its index beside it; ``None`` otherwise.  Each range's
        first bytes are checked (a bz2 stream starts there), so an index that is not this dump's
        stops the run with one clear line."""
        if report.multistream_index is None:
            return None
        path, index = Path(report.path), Path(report.multistream_index)
        target = max(MIN_RANGE, min(MAX_RANGE, reader.total_bytes // (RANGES_PER_JOB * self.opts.jobs)))
        bar = Progress(path.name, reader.total_bytes, bar=self.opts.progress)

        def ranges() -> Iterator[tuple[ByteRange, int]]:
            for byte_range, pages in index_ranges(index, reader.total_bytes, target):
                check_stream_starts(path, [byte_range])
                yield byte_range, pages
                bar.update(pages, byte_range.end)
            bar.close(reader.total_bytes)

        return ranges()

    def _absorb(self, counts: dict[str, int], stats: WorkStats, metrics: Metrics) -> None:
        for name, n in counts.items():
            self.counts[name] = self.counts.get(name, 0) + n
        self.stats.merge(stats)
        self.metrics.merge(metrics.counts)
        for report in self.reports:  # pages the workers cut (multistream) or could not parse
            report.pages_read += stats.read.get(report.path, 0)
            skipped = stats.skipped.get(report.path, 0)
            report.pages_read -= skipped
            report.pages_skipped += skipped
            for w in stats.warnings.get(report.path, []):
                report.warnings.append(w)
                log.warning("%s", w)

    # --- output -----------------------------------------------------------------------------
    def _merge(self) -> dict[str, int]:
        """Join part files into final files in the partial folder; every selected dataset of every
        language is listed, those that produced nothing with 0 triples and no file."""
        files: dict[str, int] = {}
        parts = part_files(self.partial)
        for lang in sorted(self.languages):
            for cls in self.classes:
                for ds in cls.datasets:
                    name = ds.filename(lang, self.opts.compress)
                    target = self.partial / name
                    if self.counts.get(name):
                        merge_parts(self.partial, name, target, parts.get(name, []))
                        if ds.unique:
                            self.counts[name] = deduplicate(target, self.opts.compress,
                                                            extsort.budget(self.opts.options))
                    files[name] = self.counts.get(name, 0)
        return files

    def _manifest(self, files: dict[str, int], wall: float) -> dict[str, Any]:
        return build_manifest(self.opts, inputs=[r.__dict__ for r in self.reports], languages=sorted(self.languages),
                              jobs=self.opts.jobs, pages=self.stats.pages, files=files,
                              failures=self.stats.failures, examples=self.stats.examples,
                              metrics=self.metrics.as_json(), wall=wall, software_info=software(),
                              damage=self.damage.found)


def _warn_mismatched(found: Sequence[tuple[str, str, str, str]], explicit: bool) -> None:
    """One warning per declared edition for the dumps whose ``<siteinfo>`` names another edition
    than the one they are read as (each dump's own warning is in the manifest): a run of a
    hundred minidumps exported from one wiki says so once, not a hundred times."""
    by_declared: dict[str, list[tuple[str, str, str, str]]] = {}
    for item in found:
        by_declared.setdefault(item[1], []).append(item)
    for declared_db, items in sorted(by_declared.items()):
        if len(items) == 1:
            log.warning("%s", items[0][3])
            continue
        examples = ", ".join(f"{name} → {lang}" for name, _, lang, _ in items[:3])
        log.warning("%d dumps: their <siteinfo> describes %r, but each is read as the edition %s (%s, …)",
                    len(items), declared_db, "--lang gives it" if explicit else "of its file name", examples)


class _DamageLog(logging.Handler):
    """Collects what readers of damaged input log with a ``wikikg_damage`` record (counts of what
    was skipped, see :class:`wikikg.dump.sql.SqlDump`), for the manifest; each once."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        damage = getattr(record, "wikikg_damage", None)
        if isinstance(damage, dict) and damage not in self.found:
            self.found.append(damage)

    @classmethod
    @contextlib.contextmanager
    def catching(cls) -> Iterator[_DamageLog]:
        handler = cls()
        log.addHandler(handler)
        try:
            yield handler
        finally:
            log.removeHandler(handler)


def _process_state(partial: Path, classes: Sequence[type[Extractor]], opts: ExtractConfig, part: str,
                   resources: dict[str, Any]) -> ProcessState:
    return ProcessState(partial, classes, opts.compress, part, opts.base, opts.options, resources)


#: ``prctl`` option: the signal the kernel sends a process when its parent dies (linux/prctl.h)
PR_SET_PDEATHSIG = 1
#: how often a worker looks whether its parent is still there (where the kernel cannot tell it)
PARENT_CHECK_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` (the run) does, however it ends: a killed run
    must not leave workers blocked on its queue, holding its files and ``OUT``'s lock.

    On Linux the kernel sends ``SIGKILL`` when the parent dies (``prctl(PR_SET_PDEATHSIG)``).
    Everywhere, a thread also checks the parent's pid every :data:`PARENT_CHECK_SECONDS` and
    ends the process when it has changed (an orphan is adopted by another process).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="wikikg-parent-watch", daemon=True).start()


def _worker_main(tasks: Any, results: Any, partial: Path, classes: Sequence[type[Extractor]],
                 opts: ExtractConfig, part: str, resources: dict[str, Any], parent: int) -> None:
    die_with_parent(parent)
    try:
        with extsort.disk_errors(f"writing into {partial}"):
            state = _process_state(partial, classes, opts, part, resources)
            while (item := tasks.get()) is not None:
                kind, site, source, work = item
                if kind == "range":
                    state.worker(site).run_range(source, *work)
                else:
                    state.worker(site).run_raw(source, work)
            results.put(("done", state.close(), state.stats, state.metrics))
    except WikiKGError as exc:
        results.put(("error", exc))
    except BaseException as exc:  # a bug of ours: carry it to the main process with its place
        results.put(("error", RuntimeError(f"worker {part} failed: {type(exc).__name__}: {exc}")))


def _put(q: Any, item: Any, procs: Sequence[Any], results: Any) -> None:
    while True:
        try:
            q.put(item, timeout=0.5)
            return
        except queue.Full:
            _check_alive(procs, results)


def _get(q: Any, procs: Sequence[Any]) -> Any:
    while True:
        try:
            return q.get(timeout=0.5)
        except queue.Empty:
            if all(not p.is_alive() for p in procs):
                try:
                    return q.get(timeout=2)
                except queue.Empty:
                    raise RuntimeError("worker processes died without reporting") from None


def _check_alive(procs: Sequence[Any], results: Any) -> None:
    dead = [p for p in procs if not p.is_alive()]
    if dead:
        try:
            msg = results.get_nowait()
        except queue.Empty:
            msg = None
        if msg is not None and msg[0] == "error":
            raise msg[1]
        raise RuntimeError(f"a worker process died (exit code {dead[0].exitcode})")
