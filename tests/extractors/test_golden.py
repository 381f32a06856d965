"""Golden files per extractor: real pages, and the triples DBpedia writes for them, by hand.

Each extractor has a folder ``tests/extractors/golden/<extractor-name>/`` of ``*.case`` files.
A case points at one real page of a dump in ``../shared/data`` and lists the N-Triples expected
from that extractor alone on that page, written by hand from the page's wikitext (read it with
``bzcat DUMP | grep -n``), never from wikikg's output::

    # why this page: what it shows (free comments start with "#")
    dump: dumps/en/enwiki-2020-battles-546pages.xml.bz2
    title: Battle of Bessarabia
    mode: exact
    predicates: http://dbpedia.org/ontology/wikiPageWikiLink
    ---
    <http://dbpedia.org/resource/Battle_of_Bessarabia> <http://www.w3.org/2000/01/rdf-schema#label> "…"@en .

``dump`` is relative to ``../shared/data``; ``lang`` may be given (default: the file name's wiki
prefix, as ``wikikg extract`` does).  ``mode: exact`` — the extractor writes these lines and no
other; ``mode: subset`` — it writes at least these (a long abstract's first sentence, a few
infobox parameters).  ``predicates:`` (space-separated IRIs) restricts the comparison to triples
with those predicates, in either mode.  The comparison is of sets, with a readable diff of the
missing and the unexpected lines.

The triples are the extractor's own, per page: what the whole-run steps do afterwards (objects
resolved through redirects, the type-consistency check, the canonical view) is not part of them.

**Adding an extractor is one module under** ``src/wikikg/extractors/`` **plus its golden cases
here — nothing else**: this test finds every case folder, and a registered extractor without
one fails :func:`test_every_extractor_has_golden_cases`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SHARED

from wikikg.dump.editions import language_from_filename
from wikikg.dump.page import Page, SiteInfo
from wikikg.dump.xml import DumpReader
from wikikg.extractors.base import ExtractionContext, Metrics
from wikikg.extractors.registry import available
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.ntriples import line
from wikikg.wikitext.parsed import ParsedPage

GOLDEN = Path(__file__).parent / "golden"
#: registered extractors that have no golden cases yet (each should get some)
WITHOUT_CASES: frozenset[str] = frozenset()


@dataclass
class Case:
    path: Path
    dump: str
    title: str
    lang: str | None = None
    mode: str = "exact"
    predicates: frozenset[str] = frozenset()
    expected: set[str] = field(default_factory=set)

    @property
    def extractor(self) -> str:
        return self.path.parent.name

    @classmethod
    def read(cls, path: Path) -> Case:
        head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
        assert sep, f"{path}: no '---' line between the header and the triples"
        fields: dict[str, str] = {}
        for raw in head.splitlines():
            if raw.strip() and not raw.lstrip().startswith("#"):
                key, colon, value = raw.partition(":")
                assert colon, f"{path}: header line without 'key: value': {raw!r}"
                fields[key.strip()] = value.strip()
        unknown = set(fields) - {"dump", "title", "lang", "mode", "predicates"}
        assert not unknown, f"{path}: unknown header fields {sorted(unknown)}"
        case = cls(path, fields["dump"], fields["title"], fields.get("lang"), fields.get("mode", "exact"),
                   frozenset(fields.get("predicates", "").split()))
        assert case.mode in ("exact", "subset"), f"{path}: mode is exact or subset, not {case.mode!r}"
        case.expected = {ln.strip() for ln in body.splitlines() if ln.strip() and not ln.startswith("#")}
        assert case.expected, f"{path}: no expected triples"
        return case


def _cases() -> list[Case]:
    return [Case.read(p) for p in sorted(GOLDEN.glob("*/*.case"))]


@functools.lru_cache(maxsize=8)
def _page(dump: str, lang: str | None, title: str) -> tuple[Page, SiteInfo, str]:
    path = SHARED / dump
    lang = lang or language_from_filename(path.name)
    with DumpReader(path, lang=lang) as reader:
        for page in reader:
            if page.title == title:
                return page, reader.siteinfo, reader.siteinfo.lang
    raise AssertionError(f"{dump} has no page titled {title!r}")


_RESOURCES: dict[str, Any] = {}  # the ontology and mappings, loaded once for every case


def extract_page(case: Case) -> set[str]:
    """The N-Triples lines of ``case``'s page, extracted with only ``case``'s extractor."""
    cls = available()[case.extractor]
    page, site, lang = _page(case.dump, case.lang, case.title)
    options = {"mappings_dir": str(SHARED / "dbpedia")}
    cls.preload(options, lang, _RESOURCES)
    ctx = ExtractionContext(lang, site, IriMinter(lang, wiki_base=site.article_base), options, Metrics(),
                            _RESOURCES)
    return {line(st.subject, st.predicate, st.object).strip()
            for st in cls(ctx).extract(ParsedPage(page, site, lang))}


def _predicate(nt: str) -> str:
    return nt.split(" ", 2)[1].strip("<>")


def diff(case: Case, got: set[str]) -> str:
    """What differs, readably: the lines missing from the output, and (exact mode) those not expected."""
    if case.predicates:
        got = {ln for ln in got if _predicate(ln) in case.predicates}
    missing = sorted(case.expected - got)
    unexpected = sorted(got - case.expected) if case.mode == "exact" else []
    if not missing and not unexpected:
        return ""
    out = [f"{case.extractor}/{case.path.name} ({case.mode}): {case.title!r} in {case.dump}"]
    out += [f"  missing:    {ln}" for ln in missing]
    out += [f"  unexpected: {ln}" for ln in unexpected]
    return "\n".join(out)


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.extractor}/{c.path.stem}")
def test_golden(case: Case) -> None:
    problem = diff(case, extract_page(case))
    assert not problem, "\n" + problem


def test_every_extractor_has_golden_cases() -> None:
    have = {c.extractor for c in _cases()}
    unknown = have - set(available())
    assert not unknown, f"golden folders for extractors that do not exist: {sorted(unknown)}"
    lacking = sorted(set(available()) - have - WITHOUT_CASES)
    assert not lacking, f"extractors without golden cases in {GOLDEN}: {lacking}"


def test_the_diff_names_missing_and_unexpected_lines(tmp_path: Path) -> None:
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "x.case").write_text("dump: d\ntitle: T\nmode: exact\n---\n<a> <b> <c> .\n<a> <b> <d> .\n")
    case = Case.read(folder / "x.case")
    text = diff(case, {"<a> <b> <c> .", "<a> <b> <e> ."})
    assert "missing:    <a> <b> <d> ." in text and "unexpected: <a> <b> <e> ." in text
    case.mode = "subset"
    assert "unexpected" not in diff(case, {"<a> <b> <c> .", "<a> <b> <d> .", "<a> <b> <e> ."})
