"""A task that dies half-way is retried by Spark, and no triple is lost or written twice.

Every task's first attempt fails after its first pages, its part files already on disk — either
by an exception or by killing its Python worker process outright, as an executor lost mid-task
would.  The session allows four attempts per task (``local[2,4]``).  The output must equal the
local engine's, line for line and count for count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Multistream
from tests.spark.conftest import assert_same_output
from wikikg.errors import ConfigError
from wikikg.pipeline.run import extract as local_extract
from wikikg.spark.job import extract as spark_extract

#: one Spark session per test process: keep these tests together under ``pytest -n --dist loadgroup``
pytestmark = [pytest.mark.xdist_group("spark"), pytest.mark.slow]  # a JVM, and Spark jobs over whole dumps


def failed_tasks(spark: Any, group: str) -> int:
    """Task attempts that failed in the jobs of ``group``, as Spark's status tracker counts them."""
    tracker = spark.sparkContext.statusTracker()
    failed = 0
    for job in tracker.getJobIdsForGroup(group):
        info = tracker.getJobInfo(job)
        for stage in info.stageIds if info else []:
            st = tracker.getStageInfo(stage)
            failed += st.numFailedTasks if st else 0
    return failed


def extract_in_group(group: str, inputs: list[Path], out: Path, spark: Any, **kwargs: Any) -> Any:
    """The Spark extraction, its jobs tagged with ``group`` for :func:`failed_tasks`."""
    sc = spark.sparkContext
    sc.setJobGroup(group, group)
    try:
        return spark_extract(inputs, out, spark=spark, **kwargs)
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)


def _local(inputs: list[Path], out: Path, options: dict[str, Any]) -> dict[str, Any]:
    local_extract(inputs, out, jobs=1, options=options, extractors=["generic"])
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text())
    return manifest


def test_killed_workers_multistream(spark: Any, battles_multistream: Multistream, dumps: Path, tmp_path: Path,
                                    options: dict[str, Any]) -> None:
    manifest = extract_in_group("killed", [battles_multistream.dump], tmp_path / "spark", spark,
                                options=options, extractors=["generic"], split_mb=0.25, inject_failure="exit")
    partitions = manifest["inputs"][0]["partitions"]
    assert partitions > 1
    # every extraction task and every task writing transitive redirects lost its first attempt
    assert failed_tasks(spark, "killed") >= partitions + 1
    local = _local([dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2"], tmp_path / "local", options)
    total = assert_same_output(tmp_path / "spark", tmp_path / "local")
    assert manifest["triples"] == local["triples"] == total
    assert _triples(manifest) == _triples(local)  # per file (the bytes depend on how parts were joined)
    assert manifest["pages"] == local["pages"]


def test_failing_tasks_hadoop_splits_and_redirect_join(spark: Any, dumps: Path, tmp_path: Path,
                                                       options: dict[str, Any]) -> None:
    dump = dumps / "en" / "enwiki-2016-sample-206pages.xml.bz2"
    manifest = extract_in_group("raising", [dump], tmp_path / "spark", spark,
                                options=options, extractors=["generic"], split_mb=0.5, inject_failure="raise")
    assert failed_tasks(spark, "raising") >= manifest["inputs"][0]["partitions"] + 1
    local = _local([dump], tmp_path / "local", options)
    assert_same_output(tmp_path / "spark", tmp_path / "local")
    assert _triples(manifest) == _triples(local)  # per file (the bytes depend on how parts were joined)
    assert manifest["datasets"]["redirects_lang=en_transitive.nt.gz"]["triples"] > 0


def test_unknown_failure_mode(spark: Any, dumps: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown failure mode"):
        spark_extract([dumps / "en" / "enwiki-3pages.xml.bz2"], tmp_path, spark=spark, inject_failure="crash")


def _triples(manifest: dict[str, Any]) -> dict[str, int]:
    return {name: d["triples"] for name, d in manifest["datasets"].items()}
