"""A statement's dataset is a typed object, declared once; a statement for a dataset its extractor
does not declare is that extractor's failure on that page — never a crash, never a silent drop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tests.helpers import read_nt

from wikikg.dump.xml import DumpReader
from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import available
from wikikg.pipeline.canonical import edition_files
from wikikg.pipeline.worker import ProcessState
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import IRI, Literal, Statement
from wikikg.wikitext.parsed import ParsedPage


class StraysOnBerlin(BaseExtractor, name="test-strays", datasets=(ds.LABELS,)):
    """Declares ``labels`` only, but on the page "Berlin" also states a ``homepages`` triple:
    an extension with a slip, the case the worker must catch (written for this test)."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.ns != 0:
            return
        subject = self.ctx.resource_of(page)
        yield Statement(ds.LABELS, subject, v.RDFS_LABEL, Literal(page.title.name, lang="en"))
        if page.title.name == "Berlin":
            yield Statement(ds.HOMEPAGES, subject, v.FOAF_HOMEPAGE, IRI("http://www.berlin.de/"))


class KeyInsteadOfDataset(BaseExtractor, name="test-key", datasets=(ds.LABELS,)):
    """Names its dataset by a string key on the page "IKEA" (the old way, mistyped or not):
    also a failure on that page, not a crash of the run (written for this test)."""

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if page.title.name == "IKEA":
            yield Statement("labels", self.ctx.resource_of(page), v.RDFS_LABEL, Literal("IKEA"))  # type: ignore[arg-type]


def _run(dumps: Path, tmp_path: Path) -> tuple[ProcessState, dict[str, int]]:
    state = ProcessState(tmp_path, [StraysOnBerlin, KeyInsteadOfDataset], "none", "0", None, {})
    with DumpReader(dumps / "minidumps/enwiki.xml.bz2") as reader:
        w = state.worker(reader.siteinfo)
        w.run(reader)
    return state, state.close()


def test_an_undeclared_dataset_is_the_extractors_failure_on_that_page(dumps: Path, tmp_path: Path) -> None:
    state, counts = _run(dumps, tmp_path)
    assert state.stats.failures == {"test-strays": 1, "test-key": 1}
    assert [e["title"] for e in state.stats.examples["test-key"]] == ["IKEA"]
    (example,) = state.stats.examples["test-strays"]
    assert example["title"] == "Berlin"
    assert "homepages" in example["error"] and "labels" in example["error"]
    # nothing of the failed page is written, everything of the other pages is, and no file for
    # the undeclared dataset appears
    assert list(counts) == ["labels_lang=en.nt"]
    labels = read_nt(tmp_path / "labels_lang=en.nt.part0")
    assert not any(ln.startswith("<http://dbpedia.org/resource/Berlin> ") for ln in labels)
    assert any(ln.startswith("<http://dbpedia.org/resource/IKEA> ") for ln in labels)


def test_every_extractor_emits_only_datasets_declared_in_one_place() -> None:
    declared = ds.all_datasets()
    for cls in available().values():
        for d in cls.datasets:
            assert declared[d.key] is d, f"{cls.name}: {d.key} is not the dataset declared in wikikg.rdf.datasets"


def test_the_canonical_view_rewrites_what_the_datasets_say(tmp_path: Path) -> None:
    # DBpedia's canonicalization leaves out the page's own ids, revisions and redirects; the
    # interlanguage links are the mapping itself
    for d in ds.all_datasets().values():
        (tmp_path / d.filename("de", "none")).touch()
    (tmp_path / "unknown-thing_lang=de.nt").touch()
    chosen = {p.name for p in edition_files(tmp_path, "de", "none")}
    assert "labels_lang=de.nt" in chosen and "infobox-properties_lang=de.nt" in chosen
    for name in ("page_lang=de_ids.nt", "revisions_lang=de_uris.nt", "redirects_lang=de_transitive.nt",
                 "interlanguage-links_lang=de_sameas.nt", "unknown-thing_lang=de.nt"):
        assert name not in chosen
