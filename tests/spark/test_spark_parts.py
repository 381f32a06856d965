"""The pieces of the Spark engine on their own: planning from the index, reading a byte range,
pages from records, the commit protocol, the redirect and type-consistency joins, the CLI."""

from __future__ import annotations

import bz2
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Multistream, read_nt
from tests.spark.conftest import raw_xml
from wikikg.cli import main as wikikg_main
from wikikg.dump.multistream import decompress_range, index_path_for, plan_ranges, read_stream_offsets
from wikikg.dump.namespaces import default_siteinfo
from wikikg.dump.pieces import PieceLog, page_from_record, pages_from_blocks
from wikikg.errors import InputError
from wikikg.ontology.consistency import split_objects
from wikikg.ontology.resources import for_edition
from wikikg.pipeline.redirects import resolve_transitive
from wikikg.rdf import vocab as v
from wikikg.spark import consistency
from wikikg.spark.cli import main as spark_main
from wikikg.spark.commit import TaskAttempt, committed
from wikikg.spark.inputs import HADOOP, MULTISTREAM, STREAM, plan_source
from wikikg.spark.redirects import resolve
from wikikg.spark.task import JobConfig

#: one Spark session per test process: keep these tests together under ``pytest -n --dist loadgroup``
pytestmark = [pytest.mark.xdist_group("spark"), pytest.mark.slow]  # a JVM, and Spark jobs over whole dumps

# --- multistream ------------------------------------------------------------------------------------

def test_index_offsets_and_ranges(battles_multistream: Multistream) -> None:
    ms = battles_multistream
    assert index_path_for(ms.dump) == ms.index
    offsets = read_stream_offsets(ms.index)
    assert len(offsets) == ms.streams  # one offset per stream of pages
    index_lines = bz2.decompress(ms.index.read_bytes()).decode().splitlines()
    assert len(index_lines) == ms.pages == 546
    size = ms.dump.stat().st_size
    ranges = plan_ranges(offsets, size, 1)  # the smallest target: one stream per range
    assert [r.start for r in ranges] == offsets and ranges[-1].end == size
    assert len(plan_ranges(offsets, size, size)) == 1


def test_a_byte_range_holds_whole_pages(battles_multistream: Multistream) -> None:
    """The second stream decompresses on its own into exactly the index's pages of that offset."""
    ms = battles_multistream
    offsets = read_stream_offsets(ms.index)
    second = plan_ranges(offsets, ms.dump.stat().st_size, 1)[1]
    log = PieceLog()
    pages = list(pages_from_blocks(decompress_range(ms.dump, second), default_siteinfo("en"), log, "test"))
    listed = [ln.split(":", 2) for ln in bz2.decompress(ms.index.read_bytes()).decode().splitlines()]
    expected = [(int(pid), title) for off, pid, title in listed if int(off) == second.start]
    assert [(p.id, p.title) for p in pages] == expected
    assert len(expected) == 100 and log.pages_skipped == 0


def test_an_index_that_does_not_match_is_refused(battles_multistream: Multistream, dumps: Path,
                                                 tmp_path: Path) -> None:
    wrong = tmp_path / "enwiki-x-pages-articles-multistream-index.txt.bz2"
    wrong.write_bytes(bz2.compress(b"17:1:Foo\n"))  # byte 17 starts no bz2 stream
    with pytest.raises(InputError, match="does not belong to this dump"):
        plan_source(0, str(battles_multistream.dump), None, parallelism=2, max_split=1 << 20,
                    multistream_index=str(wrong))


def test_modes_chosen_from_the_file(dumps: Path, battles_multistream: Multistream, tmp_path: Path) -> None:
    def mode(path: Path) -> str:
        return plan_source(0, str(path), None, parallelism=2, max_split=64 << 20).mode

    patterned = tmp_path / "enwiki,sample[1].xml.bz2"  # Hadoop would read it as two paths and a glob
    patterned.write_bytes((dumps / "en" / "enwiki-3pages.xml.bz2").read_bytes())
    assert mode(patterned) == STREAM
    spaced = tmp_path / "enwiki sample.xml.bz2"
    spaced.write_bytes(patterned.read_bytes())
    assert mode(spaced) == HADOOP

    assert mode(battles_multistream.dump) == MULTISTREAM
    assert mode(dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2") == HADOOP
    assert mode(dumps / "en" / "enwiki-2014-Pear-export-0.10.xml") == HADOOP
    assert mode(dumps / "multi" / "itwiki-2013-747pages.xml.gz") == STREAM
    assert mode(dumps / "truncated" / "elwiki-20230501-truncated.xml.xz") == STREAM
    assert mode(dumps / "multi" / "bgwiki-3pages-utf16.xml.bz2") == STREAM


# --- pages from records -------------------------------------------------------------------------------

def test_records_cut_at_page_end(dumps: Path) -> None:
    """Cut a real dump at ``</page>`` as Hadoop does: every page comes back, the header and the
    footer give none."""
    xml = raw_xml(dumps / "en" / "enwiki-2019-slice-196pages.xml.bz2").decode("utf-8")
    records = xml.split("</page>")
    log = PieceLog()
    pages = [p for r in records if (p := page_from_record(r, default_siteinfo("en"), log, "t")) is not None]
    titles = re.findall(r"<title>(.*?)</title>", xml)
    assert len(pages) == len(titles) == 196
    assert page_from_record(records[-1], default_siteinfo("en"), log, "t") is None  # "\n</mediawiki>"
    assert log.pages_skipped == 0


def test_a_page_that_never_closes_is_skipped(dumps: Path) -> None:
    """Cut after its ``<text>``, a real page runs into the next one: it is skipped, the next read."""
    xml = raw_xml(dumps / "en" / "enwiki-2019-slice-196pages.xml.bz2")
    starts = [m.start() for m in re.finditer(rb"<page>", xml)]
    first, second = xml[starts[0]:starts[1]], xml[starts[1]:xml.index(b"</page>", starts[1]) + 7]
    broken = first[: first.index(b"<text")] + second
    log = PieceLog()
    pages = list(pages_from_blocks([broken[:500], broken[500:]], default_siteinfo("en"), log, "t"))
    assert [p.title for p in pages] == re.findall(r"<title>(.*?)</title>", second.decode())
    assert log.pages_skipped == 1 and "no </page> before the next <page>" in log.warnings[0]


# --- commit -------------------------------------------------------------------------------------------

def test_only_one_attempt_is_committed(tmp_path: Path) -> None:
    failed = TaskAttempt(tmp_path, "extract", "s000-p00003", 11)
    (failed.directory / "labels_lang=en.nt.gz.parts000-p00003").write_bytes(b"half")
    first, second = TaskAttempt(tmp_path, "extract", "s000-p00003", 12), TaskAttempt(tmp_path, "extract", "s000-p00003", 13)
    for a in (first, second):
        (a.directory / "labels_lang=en.nt.gz.parts000-p00003").write_bytes(b"whole")
    assert first.commit({"counts": {}}) is True
    assert second.commit({"counts": {}}) is False and not second.directory.exists()
    [folder] = committed(tmp_path, "extract")
    assert (folder / "labels_lang=en.nt.gz.parts000-p00003").read_bytes() == b"whole"


# --- joins --------------------------------------------------------------------------------------------

def test_transitive_redirects_by_pointer_jumping(spark: Any) -> None:
    """Chains of every length up to 9, a cycle, a chain into a cycle, a self-redirect (hand-made:
    real dumps rarely keep double redirects, which bots fix)."""
    edges = {f"c{i}": f"c{i + 1}" for i in range(9)}  # c0 → … → c9
    edges |= {"x": "y", "y": "z", "z": "x", "into": "x", "self": "self", "a": "b"}
    got = dict(resolve(spark.sparkContext.parallelize(sorted(edges.items()), 3), 2).collect())
    assert got == resolve_transitive(edges)
    assert got["c0"] == got["c8"] == "c9" and got["a"] == "b"
    assert not {"x", "y", "z", "into", "self"} & got.keys()


def test_type_consistency_join(spark: Any, shared: Path, tmp_path: Path) -> None:
    """A battle named as another battle's commander: dbo:commander's range is dbo:Person, which
    DBpedia's ontology declares disjoint with dbo:Event, a superclass of dbo:MilitaryConflict."""
    r, o = v.DBR, v.DBO
    types = [f"<{r}Battle_of_Kursk> <{v.RDF_TYPE}> <{o}MilitaryConflict> .",
             f"<{r}Georgy_Zhukov> <{v.RDF_TYPE}> <{o}Person> .",
             f"<{r}Georgy_Zhukov> <{v.RDF_TYPE}> <{o}MilitaryPerson> ."]
    objects = [f"<{r}Operation_Kutuzov> <{o}commander> <{r}Battle_of_Kursk> .",
               f"<{r}Operation_Kutuzov> <{o}commander> <{r}Georgy_Zhukov> .",
               f"<{r}Operation_Kutuzov> <{o}commander> <{r}Unknown> ."]
    for name, lines in (("types", types), ("objects", objects)):
        (tmp_path / name).write_bytes(gzip.compress("".join(ln + "\n" for ln in lines).encode()))
    options = {"mappings_dir": str(shared / "dbpedia")}
    config = JobConfig(("mappings",), str(tmp_path), "gz", options=options)
    got = consistency.plan(spark.sparkContext, config, [("en", "t", str(tmp_path / "types"))],
                           [("en", "t", str(tmp_path / "objects"))], 2).collect()
    ontology = for_edition(options, "en", {})[0]
    names = consistency.filenames("en", "gz")
    expected = [(names[key], ln + "\n") for key, ln in split_objects(ontology, types, objects)]
    assert sorted(got) == sorted(expected)
    assert (names[consistency.DISJOINT_RANGE], objects[0] + "\n") in got


# --- command line ---------------------------------------------------------------------------------------

def test_wikikg_extract_engine_spark(spark: Any, dumps: Path, tmp_path: Path, shared: Path) -> None:
    dump = dumps / "en" / "enwiki-3pages.xml.bz2"
    status = wikikg_main(["extract", str(dump), "-o", str(tmp_path), "--engine", "spark", "-e", "labels",
                          "--mappings", str(shared / "dbpedia")])
    assert status == 0
    labels = read_nt(tmp_path / "labels_lang=en.nt.gz")  # every page of the main namespace, redirects too
    assert len(labels) == len(re.findall(rb"<ns>0</ns>", raw_xml(dump))) == 3


def test_spark_entry_point(spark: Any, battles_multistream: Multistream, tmp_path: Path, capsys: Any) -> None:
    """The options of the spark-submit entry point: --index, --split-mb; a mistake is one line, exit 2."""
    ms = battles_multistream
    moved = tmp_path / "index.txt.bz2"
    moved.write_bytes(ms.index.read_bytes())
    renamed = tmp_path / "battles.xml.bz2"
    renamed.write_bytes(ms.dump.read_bytes())
    out = tmp_path / "out"
    status = spark_main([str(renamed), "-o", str(out), "--lang", "en", "-e", "page-ids",
                         "--index", f"{renamed}={moved}", "--split-mb", "0.5"])
    assert status == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"][0]["mode"] == "multistream" and manifest["inputs"][0]["partitions"] > 1
    assert len(read_nt(out / "page_lang=en_ids.nt.gz")) == ms.pages
    assert spark_main([str(tmp_path / "missing.xml.bz2"), "-o", str(out)]) == 2
    assert spark_main([str(renamed), "-o", str(out), "--index", "no-equals-sign"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-2].startswith("wikikg: ") and "missing.xml.bz2" in err[-2] and "Traceback" not in err[-2]
    assert err[-1] == "wikikg: --index takes DUMP=INDEX, not 'no-equals-sign'"
