"""``--jobs N`` on a multistream dump with its index: workers read byte ranges of whole bz2 streams.

The dumps are real pages (the battles dump) re-compressed the way Wikimedia makes
``pages-articles-multistream`` (:func:`tests.helpers.build_multistream`, no wikikg code).
"""

from __future__ import annotations

import bz2
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from tests.helpers import Multistream, build_multistream, read_nt

from wikikg.cli import main
from wikikg.pipeline.run import extract

#: the workers of these runs share the machine's two cores with the Spark tests' JVM
# the whole battles dump re-compressed as a multistream, and extracted by ranges: 7 s
pytestmark = [pytest.mark.xdist_group("multistream-jobs"), pytest.mark.slow]


@pytest.fixture(scope="module")
def multistream(dumps: Path, tmp_path_factory: pytest.TempPathFactory) -> Multistream:
    return build_multistream(dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2",
                             tmp_path_factory.mktemp("ms"), "enwiki-20200101-pages-articles")


def _lines(out: Path) -> dict[str, Counter[str]]:
    return {f.name: Counter(read_nt(f)) for f in sorted(out.glob("*.nt.gz"))}


@pytest.fixture(scope="module")
def one_process(multistream: Multistream, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one")
    extract([multistream.dump], out, extractors=["generic"], jobs=1, progress=False)
    return out


def test_workers_reading_byte_ranges_write_what_one_process_writes(
        multistream: Multistream, one_process: Path, tmp_path: Path) -> None:
    m = extract([multistream.dump], tmp_path, extractors=["generic"], jobs=2, progress=False)
    inp = m["inputs"][0]
    assert inp["multistream_index"] == str(multistream.index)  # the ranges were used
    assert m["pages"]["total"] == inp["pages_read"] == multistream.pages == 546
    assert inp["pages_skipped"] == 0 and not inp["warnings"]
    assert inp["sha1"] == hashlib.sha1(multistream.dump.read_bytes()).hexdigest()
    ref = json.loads((one_process / "manifest.json").read_text())
    assert ref["inputs"][0]["multistream_index"] is None  # one process reads the dump from its start
    ours, theirs = _lines(tmp_path), _lines(one_process)
    assert sorted(ours) == sorted(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name
    assert sum(map(len, theirs.values())) > 40_000


def test_a_damaged_stream_costs_its_own_pages_only(multistream: Multistream, tmp_path: Path) -> None:
    """Zeroes in the middle of the third page stream: its range stops there, with a warning
    counting the pages the index lists but that were not read; every other range is read."""
    folder = tmp_path / "dump"
    folder.mkdir()
    data = bytearray(multistream.dump.read_bytes())
    index = multistream.index.read_bytes()
    offsets = sorted({int(line.split(b":", 1)[0]) for line in bz2.decompress(index).splitlines()})
    third, fourth = offsets[2], offsets[3]
    mid = (third + fourth) // 2
    data[mid:mid + 64] = bytes(64)
    dump = folder / multistream.dump.name
    dump.write_bytes(bytes(data))
    (folder / multistream.index.name).write_bytes(index)
    m = extract([dump], tmp_path / "out", extractors=["labels"], jobs=2, progress=False)
    inp = m["inputs"][0]
    # the third stream's 100 pages are lost at most (pages before the damage may be read)
    assert 546 - 100 <= inp["pages_read"] < 546
    assert inp["pages_read"] + inp["pages_skipped"] == 546
    assert any(re.search(r"pages its index lists there were not read", w) for w in inp["warnings"])


def test_an_index_of_another_dump_is_refused_in_one_line(multistream: Multistream, dumps: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    dump = folder / multistream.dump.name
    dump.write_bytes(multistream.dump.read_bytes())
    other = build_multistream(dumps / "en" / "enwiki-2016-sample-206pages.xml.bz2", tmp_path, "other",
                              pages_per_stream=7)
    (folder / multistream.index.name).write_bytes(other.index.read_bytes())
    code = main(["extract", str(dump), "-o", str(tmp_path / "out"), "--jobs", "2", "-e", "labels"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "index" in err[0] and "Traceback" not in err[0], err
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_dump_cut_short_reads_what_it_holds_and_counts_the_rest(multistream: Multistream, tmp_path: Path) -> None:
    """A partial download beside its full index: the streams before the cut are read, the pages
    the index lists after it are counted as skipped with a warning, and the run succeeds."""
    folder = tmp_path / "dump"
    folder.mkdir()
    offsets = sorted({int(line.split(b":", 1)[0]) for line in bz2.decompress(multistream.index.read_bytes()).splitlines()})
    cut = (offsets[3] + offsets[4]) // 2  # in the middle of the fourth stream of pages
    (folder / multistream.dump.name).write_bytes(multistream.dump.read_bytes()[:cut])
    (folder / multistream.index.name).write_bytes(multistream.index.read_bytes())
    m = extract([folder / multistream.dump.name], tmp_path / "out", extractors=["labels"], jobs=2, progress=False)
    inp = m["inputs"][0]
    assert 300 <= inp["pages_read"] < 400
    assert inp["pages_read"] + inp["pages_skipped"] == 546
    assert any("not read" in w for w in inp["warnings"])
    assert (tmp_path / "out" / "manifest.json").exists()
