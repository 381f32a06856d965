"""Spark ``local[2]`` and the local engine give the same triples, whichever way a dump is split.

Each test extracts real dumps with both engines (all extractors) and compares every dataset file
as a multiset of lines; facts counted straight from the XML check that nothing is lost by both.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Multistream, raw_dump_text, read_nt
from tests.spark.conftest import assert_same_output, raw_xml
from wikikg.pipeline.run import extract as local_extract
from wikikg.spark.job import extract as spark_extract

#: one Spark session per test process: keep these tests together under ``pytest -n --dist loadgroup``
pytestmark = [pytest.mark.xdist_group("spark"), pytest.mark.slow]  # a JVM, and Spark jobs over whole dumps


def test_plain_bz2_split_by_hadoop(spark: Any, dumps: Path, tmp_path: Path, local_run: Any,
                                   options: dict[str, Any]) -> None:
    dump = dumps / "en" / "enwiki-2016-sample-206pages.xml.bz2"
    manifest = spark_extract([dump], tmp_path, spark=spark, options=options, split_mb=0.5)
    [inp] = manifest["inputs"]
    assert (inp["mode"], inp["lang"]) == ("hadoop", "en")
    assert inp["partitions"] >= 3  # 1.7 MB in splits of at most 0.5 MB
    assert_same_output(tmp_path, local_run(dump))
    xml = raw_xml(dump)
    assert manifest["pages"]["total"] == len(re.findall(rb"<page>", xml)) == 206
    redirects = read_nt(tmp_path / "redirects_lang=en.nt.gz")
    assert len(redirects) == len(re.findall(rb"<redirect ", xml))
    assert inp["sha1"] == hashlib.sha1(dump.read_bytes()).hexdigest()
    assert json.loads((tmp_path / "manifest.json").read_text())["engine"] == "spark"
    assert not list(tmp_path.glob(".partial-*"))


def test_multistream_byte_ranges_from_the_index(spark: Any, battles_multistream: Multistream, dumps: Path,
                                                tmp_path: Path, local_run: Any, options: dict[str, Any]) -> None:
    ms = battles_multistream
    manifest = spark_extract([ms.dump], tmp_path, spark=spark, options=options, split_mb=0.25)
    [inp] = manifest["inputs"]
    assert inp["mode"] == "multistream" and inp["index"] == str(ms.index)
    assert 1 < inp["partitions"] <= ms.streams  # ranges of whole streams
    # the multistream file holds the very pages of the original dump: same output as the original
    assert_same_output(tmp_path, local_run(dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2"))
    assert manifest["pages"]["total"] == ms.pages == 546
    assert (manifest["pages"]["articles"], manifest["pages"]["redirects"]) == (482, 64)


def test_several_editions_with_langlinks(spark: Any, dumps: Path, shared: Path, tmp_path: Path,
                                         local_run: Any, options: dict[str, Any]) -> None:
    """Minidumps of three editions (the language from each file name) and enwiki's langlinks table:
    small files, so each is one Hadoop split spread over partitions by a shuffle."""
    mini = dumps / "minidumps"
    inputs = [mini / "enwiki.xml.bz2", mini / "dewiki.xml.bz2", mini / "frwiki.xml.bz2"]
    opts = {**options, "langlinks": [str(shared / "sql" / "enwiki-Berlin-langlinks.sql.gz")]}
    manifest = spark_extract(inputs, tmp_path, spark=spark, options=opts)
    assert [i["lang"] for i in manifest["inputs"]] == ["en", "de", "fr"]
    local = tmp_path.parent / "local-minidumps"
    local_extract(inputs, local, jobs=1, options=opts)
    assert_same_output(tmp_path, local)
    # the minidumps carry enwiki's <siteinfo>: both engines say so, in the same words
    local_inputs = json.loads((local / "manifest.json").read_text())["inputs"]
    assert [i["warnings"] for i in manifest["inputs"]] == [i["warnings"] for i in local_inputs]
    assert "describes 'enwiki'" in manifest["inputs"][1]["warnings"][0]
    # facts read in the data: the German Berlin, canonicalized onto dbr:Berlin through enwiki's table
    labels = read_nt(tmp_path / "labels_lang=de_canonicalized.nt.gz")
    assert '<http://dbpedia.org/resource/Berlin> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@de .' in labels
    ids = read_nt(tmp_path / "page_lang=en_ids.nt.gz")
    assert any(ln.startswith("<http://dbpedia.org/resource/Berlin> ") and '"3354"' in ln for ln in ids)


def test_unsplittable_inputs_read_by_one_task(spark: Any, dumps: Path, tmp_path: Path, local_run: Any,
                                              options: dict[str, Any]) -> None:
    """xz (a truncated real dump) and UTF-16: read whole by the local reader in one executor task,
    its recoveries and warnings included, the pages then spread over partitions."""
    truncated = dumps / "truncated" / "mrwiki-20230501-truncated.xml.xz"
    utf16 = dumps / "multi" / "bgwiki-3pages-utf16.xml.bz2"
    manifest = spark_extract([truncated, utf16], tmp_path, spark=spark, options=options)
    assert [i["mode"] for i in manifest["inputs"]] == ["stream", "stream"]
    local = local_run(truncated, utf16)
    assert_same_output(tmp_path, local)
    local_manifest = json.loads((local / "manifest.json").read_text())
    for ours, theirs in zip(manifest["inputs"], local_manifest["inputs"], strict=True):
        assert (ours["pages_read"], ours["pages_skipped"]) == (theirs["pages_read"], theirs["pages_skipped"])
    complete = raw_dump_text(truncated).count("</page>")
    assert manifest["inputs"][0]["pages_read"] == complete
    assert any("ends mid-page" in w for w in manifest["inputs"][0]["warnings"])


def test_hadoop_url_input(spark: Any, dumps: Path, tmp_path: Path, local_run: Any,
                          options: dict[str, Any]) -> None:
    """A ``file://`` URL takes the path of ``hdfs://`` and ``s3a://`` inputs: size and head read
    through the driver's Hadoop client, pages through Hadoop's input format."""
    dump = dumps / "en" / "enwiki-2019-slice-196pages.xml.bz2"
    manifest = spark_extract([dump.resolve().as_uri()], tmp_path, spark=spark, options=options,
                             extractors=["generic"])
    [inp] = manifest["inputs"]
    assert (inp["mode"], inp["lang"], inp["bytes"]) == ("hadoop", "en", dump.stat().st_size)
    local = tmp_path.parent / "local-url"
    local_extract([dump], local, jobs=1, options=options, extractors=["generic"])
    assert_same_output(tmp_path, local)
    assert manifest["pages"]["total"] == len(re.findall(rb"<page>", raw_xml(dump))) == 196
