"""The unit of extension: an extractor, and what it is given to work with.

An extractor is small, keeps no state between pages and never chooses a file name: it yields
:class:`~wikikg.rdf.terms.Statement` records for the datasets it declares (declared once, in
:mod:`wikikg.rdf.datasets`), and the pipeline's sink routes them.  It is constructed once per
worker process with an :class:`ExtractionContext`.  A statement for a dataset the extractor does
not declare is its failure on that page (counted in the manifest, with the title).

Writing one: subclass :class:`BaseExtractor`, give it a ``name`` and its ``datasets`` (and
``groups`` when it is not ``generic``), write ``extract``, decorate it with
:func:`wikikg.extractors.registry.register`, and add golden cases under
``tests/extractors/golden/<name>/``.  Two optional hooks: ``preload`` (before worker processes
start) and ``finish`` (a whole-dump step after the pass).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from wikikg.dump.editions import lang_tag
from wikikg.dump.page import SiteInfo
from wikikg.rdf.datasets import Dataset
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import IRI, Statement
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.title import Title


class Metrics:
    """Counters an extractor may keep about its work (merged across workers into the manifest).

    Keys are tuples of strings under a group, e.g. ``count("infobox", "Infobox person", "birth_date", "typed")``.
    """

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, ...]] = Counter()

    def count(self, group: str, *key: str, n: int = 1) -> None:
        self.counts[(group, *key)] += n

    def merge(self, other: Mapping[tuple[str, ...], int]) -> None:
        self.counts.update(other)

    def as_json(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (group, *key), n in sorted(self.counts.items()):
            out.setdefault(group, {})["\t".join(key)] = n
        return out


@dataclass
class ExtractionContext:
    """What every extractor of one edition shares: its language, site, IRI minter and options.

    ``options`` holds run-wide settings (e.g. ``mappings_dir``); ``resources`` caches objects that
    are expensive to build once per worker (the ontology, the mappings), keyed by name.
    """

    lang: str
    site: SiteInfo
    minter: IriMinter
    options: Mapping[str, Any] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)
    resources: dict[str, Any] = field(default_factory=dict)

    @property
    def lang_tag(self) -> str:
        """The language tag for this edition's literals (``simple`` → ``en``)."""
        return lang_tag(self.lang)

    def resource(self, title: Title) -> IRI:
        """The resource IRI of a title of this edition (another edition's for interlanguage titles)."""
        if title.interwiki and title.interwiki != self.lang:
            return IriMinter(title.interwiki).resource(title.encoded)
        return self.minter.resource(title.encoded)

    def resource_of(self, page: ParsedPage) -> IRI:
        return self.minter.resource(page.title.encoded)


class Extractor(Protocol):
    """The interface every extractor implements (:class:`BaseExtractor` gives the defaults)."""

    name: ClassVar[str]
    datasets: ClassVar[tuple[Dataset, ...]]
    groups: ClassVar[frozenset[str]]

    def __init__(self, ctx: ExtractionContext) -> None: ...

    def extract(self, page: ParsedPage) -> Iterator[Statement]: ...

    @classmethod
    def preload(cls, options: Mapping[str, Any], lang: str, resources: dict[str, Any]) -> None:
        """Load what every worker of edition ``lang`` shares into ``resources`` (once, before the
        worker processes start, so that they inherit it)."""

    @classmethod
    def finish(cls, partial: Path, lang: str, compress: str, options: Mapping[str, Any]) -> dict[str, int]:
        """A whole-dump step after the pass: read and write dataset files of edition ``lang`` in
        ``partial``; return the triples per file written."""

    @classmethod
    def has_finish(cls) -> bool:
        """Whether :meth:`finish` does anything (an engine that plans the step needs to know)."""


class BaseExtractor:
    """What every extractor repeats: its name, datasets and groups given where the class is
    declared (``class WikiLinksExtractor(BaseExtractor, name="wikilinks", datasets=(WIKILINKS,))``;
    the group is ``generic`` unless it says otherwise), its context kept as ``self.ctx``, and no
    ``preload`` or ``finish`` step unless it defines one."""

    name: ClassVar[str]
    datasets: ClassVar[tuple[Dataset, ...]]
    groups: ClassVar[frozenset[str]]

    def __init_subclass__(cls, *, name: str | None = None, datasets: Iterable[Dataset] | None = None,
                          groups: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if name is not None:
            cls.name = name
        if datasets is not None:
            cls.datasets = tuple(datasets)
        if groups is not None or not hasattr(cls, "groups"):
            cls.groups = frozenset(groups if groups is not None else ("generic",))

    def __init__(self, ctx: ExtractionContext) -> None:
        self.ctx = ctx

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        raise NotImplementedError

    @classmethod
    def preload(cls, options: Mapping[str, Any], lang: str, resources: dict[str, Any]) -> None:
        return None

    @classmethod
    def finish(cls, partial: Path, lang: str, compress: str, options: Mapping[str, Any]) -> dict[str, int]:
        return {}

    @classmethod
    def has_finish(cls) -> bool:
        return any("finish" in vars(c) for c in cls.__mro__ if c is not BaseExtractor)


def statements_of(extractor: Extractor, page: ParsedPage) -> list[Statement]:
    """What ``extractor`` says of ``page``: its statements in order, each once — a page stating a
    fact twice (two infobox parameters with one value, a URL linked twice) writes it once.  The one
    per-page de-duplication: the pipeline and Spark call this, extractors need not keep a set."""
    return list(dict.fromkeys(extractor.extract(page)))
