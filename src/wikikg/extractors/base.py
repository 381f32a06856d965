"""The unit of extension: an extractor, and what it is given to work with.

An extractor is small, keeps no state between pages and never chooses a file name: it yields
:class:`~wikikg.rdf.terms.Statement` records naming their dataset, and the pipeline's sink routes
them.  It is constructed once per worker process with an :class:`ExtractionContext`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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
    """The interface every extractor implements."""

    name: ClassVar[str]
    datasets: ClassVar[tuple[Dataset, ...]]
    groups: ClassVar[frozenset[str]]

    def __init__(self, ctx: ExtractionContext) -> None: ...

    def extract(self, page: ParsedPage) -> Iterator[Statement]: ...
