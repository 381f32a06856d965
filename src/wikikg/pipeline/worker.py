"""The per-page work: one shared parse, every extractor, failures isolated per page and extractor."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg.dump.multistream import ByteRange
from wikikg.dump.page import Page, SiteInfo
from wikikg.dump.pieces import PieceLog, pages_of_range
from wikikg.dump.xml import parse_page
from wikikg.errors import DumpFormatError
from wikikg.extractors.base import ExtractionContext, Extractor, Metrics, statements_of
from wikikg.pipeline.budget import PageBudget, PageOverBudget
from wikikg.pipeline.sink import DatasetWriter
from wikikg.rdf.datasets import Dataset
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import Statement
from wikikg.wikitext.parsed import ParsedPage

MAX_FAILURE_EXAMPLES = 20
#: the failure record of pages dropped for going over their budget (:mod:`wikikg.pipeline.budget`)
PAGE_BUDGET = "page-budget"


@dataclass
class WorkStats:
    """What one process did: page kinds, failures per extractor (with a few examples)."""

    pages: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)  # pages that did not parse, per input
    warnings: dict[str, list[str]] = field(default_factory=dict)  # per input, the first few
    #: pages cut from the dump by this process (byte ranges of a multistream dump), per input;
    #: otherwise the reading process counts them
    read: Counter[str] = field(default_factory=Counter)

    def skip(self, source: str, message: str) -> None:
        self.skipped[source] += 1
        said = self.warnings.setdefault(source, [])
        if len(said) < MAX_FAILURE_EXAMPLES * 5:
            said.append(message)

    def absorb_piece(self, source: str, log: PieceLog) -> None:
        """What reading a piece of ``source`` found: pages cut (parsed or skipped), skips, warnings."""
        self.read[source] += log.pages_read + log.pages_skipped
        self.skipped[source] += log.pages_skipped
        said = self.warnings.setdefault(source, [])
        said.extend(log.warnings[: max(0, MAX_FAILURE_EXAMPLES * 5 - len(said))])

    def fail(self, extractor: str, title: str, exc: BaseException) -> None:
        self.failures[extractor] += 1
        ex = self.examples.setdefault(extractor, [])
        if len(ex) < MAX_FAILURE_EXAMPLES:
            where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
            ex.append({"title": title, "error": f"{type(exc).__name__}: {exc}{at}"})

    def merge(self, other: WorkStats) -> None:
        self.pages.update(other.pages)
        self.failures.update(other.failures)
        self.skipped.update(other.skipped)
        self.read.update(other.read)
        for src, said in other.warnings.items():
            self.warnings.setdefault(src, []).extend(said)
        for k, v in other.examples.items():
            mine = self.examples.setdefault(k, [])
            mine.extend(v[: MAX_FAILURE_EXAMPLES - len(mine)])


class UndeclaredDataset(Exception):
    """An extractor stated a triple for a dataset it does not declare: its failure on that page."""


def check_declared(name: str, declared: frozenset[Dataset], out: Sequence[Statement]) -> None:
    """Raise :class:`UndeclaredDataset` when a statement of ``out`` is for none of ``declared``."""
    for st in out:
        if st.dataset not in declared:
            known = ", ".join(sorted(d.key for d in declared))
            what = st.dataset.key if isinstance(st.dataset, Dataset) else repr(st.dataset)
            raise UndeclaredDataset(f"{name} stated a triple for dataset {what}, which it does not declare "
                                    f"(it declares: {known})")


def page_kind(page: ParsedPage) -> str:
    if page.ns != 0:
        return "other-namespaces"
    if page.is_redirect:
        return "redirects"
    return "articles" if page.page.model == "wikitext" else "other-content"


class EditionWorker:
    """Runs the chosen extractors over pages of one edition, writing into a :class:`DatasetWriter`."""

    def __init__(self, classes: Sequence[type[Extractor]], lang: str, site: SiteInfo, writer: DatasetWriter,
                 stats: WorkStats, metrics: Metrics, base: str | None, options: Mapping[str, Any],
                 resources: dict[str, Any]) -> None:
        minter = IriMinter(lang, base=base, wiki_base=site.article_base)
        self.ctx = ExtractionContext(lang, site, minter, options, metrics, resources)
        self.extractors = [cls(self.ctx) for cls in classes]
        self.declared = {cls.name: frozenset(cls.datasets) for cls in classes}
        self.lang = lang
        self.site = site
        self.writer = writer
        self.stats = stats

    def run(self, pages: Iterable[Page]) -> None:
        for page in pages:
            self.process(page)

    def run_raw(self, source: str, chunks: Iterable[tuple[int, bytes]]) -> None:
        """Parse and process pages cut by :meth:`DumpReader.raw_pages`; a malformed one is skipped."""
        for offset, chunk in chunks:
            try:
                page = parse_page(chunk, self.site)
            except DumpFormatError as exc:
                self.stats.skip(source, f"{source}: {exc} (at byte {offset})")
                continue
            self.process(page)

    def run_range(self, source: str, byte_range: ByteRange, expected: int | None = None) -> None:
        """Decompress, cut, parse and process the pages of a byte range of a multistream dump.

        ``expected`` is the number of pages the index lists in the range: those that were not
        found (a damaged stream stops the range) are counted as skipped, with a warning.
        """
        log = PieceLog()
        for page in pages_of_range(source, byte_range, self.site, log):
            self.process(page)
        found = log.pages_read + log.pages_skipped
        if expected is not None and found < expected:
            log.pages_skipped += expected - found
            log.warn(f"{source} [bytes {byte_range.start}–{byte_range.end}]: {expected - found} of the "
                     f"{expected} pages its index lists there were not read")
        self.stats.absorb_piece(source, log)

    def process(self, page: Page) -> None:
        parsed = ParsedPage(page, self.site, self.lang)
        try:
            self.stats.pages[page_kind(parsed)] += 1
        except Exception as exc:  # a title or redirect that does not even parse
            self.stats.fail("parse", page.title, exc)
            return
        # Every extractor's statements are kept until the page is done: a page over its budget
        # (CPU time, memory) is dropped whole, recorded as a failure of "page-budget".
        out: list[Statement] = []
        failed: list[tuple[str, Exception]] = []
        try:
            with PageBudget(len(page.text or "")):
                for ex in self.extractors:
                    mark = len(out)
                    try:
                        out.extend(statements_of(ex, parsed))
                        check_declared(ex.name, self.declared[ex.name], out[mark:])
                    except Exception as exc:
                        del out[mark:]
                        failed.append((ex.name, exc))
        except PageOverBudget as over:
            self.stats.fail(PAGE_BUDGET, page.title, over)
            return
        for name, error in failed:
            self.stats.fail(name, page.title, error)
        write = self.writer.write
        for st in out:
            write(st)


class ProcessState:
    """What one process (a local worker, a Spark partition) extracts with: one writer per language,
    one :class:`EditionWorker` per distinct site, shared stats, metrics and heavy resources."""

    def __init__(self, directory: Path, classes: Sequence[type[Extractor]], compress: str, part: str,
                 base: str | None, options: Mapping[str, Any], resources: dict[str, Any] | None = None) -> None:
        self.directory = directory
        self.classes = classes
        self.compress = compress
        self.part = part
        self.base = base
        self.options = options
        self.stats = WorkStats()
        self.metrics = Metrics()
        self.resources: dict[str, Any] = resources if resources is not None else {}
        self.writers: dict[str, DatasetWriter] = {}
        self.workers: dict[tuple[str, str | None, int], EditionWorker] = {}

    def worker(self, site: SiteInfo) -> EditionWorker:
        key = (site.lang, site.base, len(site.namespaces))
        w = self.workers.get(key)
        if w is None:
            writer = self.writers.get(site.lang)
            if writer is None:
                writer = self.writers[site.lang] = DatasetWriter(self.directory, site.lang, self.compress, self.part)
            w = self.workers[key] = EditionWorker(self.classes, site.lang, site, writer, self.stats, self.metrics,
                                                  self.base, self.options, self.resources)
        return w

    def close(self) -> dict[str, int]:
        """Close every writer; triples per final file name."""
        counts: dict[str, int] = {}
        for writer in self.writers.values():
            counts.update(writer.close())
        return counts
