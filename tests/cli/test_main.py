"""The ``wikikg`` command's one mapping of errors to the user, seen through real processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wikikg.pipeline.run import extract
from wikikg.store import load


@pytest.fixture(scope="module")
def labels_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The labels of the enwiki 2016 sample (206 pages: more rows than a pipe's reader takes)."""
    root = tmp_path_factory.mktemp("labels-store")
    extract([shared / "dumps" / "en" / "enwiki-2016-sample-206pages.xml.bz2"], root / "out", extractors=["labels"])
    load([root / "out"], root / "store")
    return root / "store"


def test_a_reader_that_stops_early_ends_the_query_quietly(labels_store: Path) -> None:
    # ``wikikg query … | head -n 1``: the reader takes one line and closes the pipe
    # every pair of labels: some 40,000 rows, far more than a pipe's buffer holds
    query = "SELECT ?a ?b WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y }"
    proc = subprocess.Popen([sys.executable, "-m", "wikikg", "query", "-s", str(labels_store), "-f", "tsv", query],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.read(1000)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    status = proc.wait(timeout=60)
    assert first.startswith(b"?a")
    assert err == ""
    assert status == 0


def test_head_in_a_shell_pipeline_sees_no_traceback(labels_store: Path) -> None:
    query = "CONSTRUCT { ?a rdfs:seeAlso ?b } WHERE { ?a rdfs:label ?x . ?b rdfs:label ?y }"
    cmd = (f"'{sys.executable}' -m wikikg query -s '{labels_store}' -f nt '{query}' | head -c 100 >/dev/null; "
           "echo \"${PIPESTATUS[0]}\"")
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert proc.stderr == ""
    assert proc.stdout.strip() == "0"


def test_a_mistake_is_one_line_and_status_2(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "wikikg", "extract", str(tmp_path / "missing.xml"), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"wikikg: {tmp_path / 'missing.xml'}: no such file"]
