"""The per-page work: one shared parse, every extractor, failures isolated per page and extractor."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg.dump.page import Page, SiteInfo
from wikikg.extractors.base import ExtractionContext, Extractor, Metrics
from wikikg.pipeline.sink import DatasetWriter
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import Statement
from wikikg.wikitext.parsed import ParsedPage

MAX_FAILURE_EXAMPLES = 20


@dataclass
class WorkStats:
    """What one process did: page kinds, failures per extractor (with a few examples)."""

    pages: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)

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
        for k, v in other.examples.items():
            mine = self.examples.setdefault(k, [])
            mine.extend(v[: MAX_FAILURE_EXAMPLES - len(mine)])


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
        self.lang = lang
        self.site = site
        self.writer = writer
        self.stats = stats

    def run(self, pages: Iterable[Page]) -> None:
        for page in pages:
            self.process(page)

    def process(self, page: Page) -> None:
        parsed = ParsedPage(page, self.site, self.lang)
        try:
            self.stats.pages[page_kind(parsed)] += 1
        except Exception as exc:  # a title or redirect that does not even parse
            self.stats.fail("parse", page.title, exc)
            return
        write = self.writer.write
        for ex in self.extractors:
            try:
                out: list[Statement] = list(ex.extract(parsed))
            except Exception as exc:
                self.stats.fail(ex.name, page.title, exc)
                continue
            for st in out:
                write(st)
