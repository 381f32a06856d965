"""``wikikg download`` against a local mirror serving real dump files from ``../shared/data``.

The mirror (:class:`fake_wikimedia.DumpMirror`) publishes them under Wikimedia's names with
checksum files and ``dumpstatus.json`` computed here with :mod:`hashlib`; the command runs its
production code path with only ``--mirror`` pointing at it.
"""

from __future__ import annotations

import bz2
import hashlib
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fetch.fake_wikimedia import DumpMirror, LocalServer
from wikikg.cli import main

PREFIX = "/mirror/wikimedia.org/dumps"


@pytest.fixture(scope="module")
def real(shared: Path) -> dict[str, bytes]:
    battles = (shared / "dumps/en/enwiki-2020-battles-546pages.xml.bz2").read_bytes()
    text = bz2.decompress(battles).decode("utf-8")
    # The battles file is one bz2 stream, so every page starts at offset 0: a true multistream index.
    pages = re.findall(r"<page>\s*<title>(.*?)</title>\s*<ns>\d+</ns>\s*<id>(\d+)</id>", text)
    index = "".join(f"0:{pid}:{html.unescape(title)}\n" for title, pid in pages)
    return {
        "battles": battles,
        "battles-index": bz2.compress(index.encode("utf-8")),
        "simple": (shared / "dumps/multi/simplewiki-7pages.xml.bz2").read_bytes(),
        "langlinks": (shared / "sql/enwiki-Berlin-langlinks.sql.gz").read_bytes(),
        "de": (shared / "dumps/minidumps/dewiki.xml.bz2").read_bytes(),
        "page-count": str(text.count("<page>")).encode(),
    }


@pytest.fixture
def mirror(real: dict[str, bytes]) -> Iterator[tuple[LocalServer, DumpMirror]]:
    tree = DumpMirror(prefix=PREFIX)
    tree.add_run(
        "enwiki",
        "20240101",
        {
            "pages-articles-multistream.xml.bz2": real["battles"],
            "pages-articles-multistream-index.txt.bz2": real["battles-index"],
            "pages-articles-multistream1.xml-p1p41242.bz2": real["simple"],  # a piece: never chosen
            "langlinks.sql.gz": real["langlinks"],
        },
        jobs={"pages-articles-multistream": "articlesmultistreamdump", "langlinks": "langlinkstable"},
    )
    tree.add_run("simplewiki", "20231201", {"pages-articles.xml.bz2": real["de"], "langlinks.sql.gz": real["langlinks"]})
    tree.add_run("simplewiki", "20240101", {"pages-articles.xml.bz2": real["simple"], "langlinks.sql.gz": real["langlinks"]})
    tree.add_run(
        "simplewiki",
        "20240201",
        {"pages-articles.xml.bz2": real["de"], "langlinks.sql.gz": real["langlinks"]},
        unfinished=("pages-articles",),
    )
    tree.add_run("dewiki", "20240101", {"pages-articles.xml.bz2": real["de"]}, sums=("md5",), dumpstatus=False)
    with LocalServer(tree) as server:
        yield server, tree


def run(*argv: str) -> int:
    return main(["download", *argv, "--backoff", "0.01"])


def test_latest_is_the_newest_finished_run_and_files_are_verified(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = mirror
    status = run("simplewiki", "--files", "pages-articles,langlinks", "-d", str(tmp_path), "--mirror", server.url + PREFIX)
    assert status == 0
    out = capsys.readouterr().out.split()
    # 20240201 is still being written (its pages-articles job is in progress): 20240101 is taken.
    assert [Path(p).name for p in out] == [
        "simplewiki-20240101-pages-articles.xml.bz2",
        "simplewiki-20240101-langlinks.sql.gz",
    ]
    assert (tmp_path / "simplewiki-20240101-pages-articles.xml.bz2").read_bytes() == real["simple"]
    assert (tmp_path / "simplewiki-20240101-langlinks.sql.gz").read_bytes() == real["langlinks"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(Path(p).name for p in out)  # no .part left
    assert not server.requests_to("20240201-pages-articles.xml.bz2")
    assert server.requests_to("20240201/dumpstatus.json")
    agents = {r.headers["user-agent"] for r in server.requests}
    assert len(agents) == 1 and re.match(r"wikikg/\S+ \(\+[^)]+\) Python-urllib/", agents.pop())


def test_multistream_comes_with_its_index(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = mirror
    assert run("enwiki", "-d", str(tmp_path), "--mirror", server.url + PREFIX, "--date", "20240101") == 0
    names = sorted(Path(p).name for p in capsys.readouterr().out.split())
    assert names == [
        "enwiki-20240101-langlinks.sql.gz",
        "enwiki-20240101-pages-articles-multistream-index.txt.bz2",
        "enwiki-20240101-pages-articles-multistream.xml.bz2",
    ]
    index = bz2.decompress((tmp_path / names[1]).read_bytes()).decode().splitlines()
    assert len(index) == int(real["page-count"]) == 546
    assert (tmp_path / names[2]).read_bytes() == real["battles"]


def test_a_dropped_connection_resumes_with_a_range_request(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, tree = mirror
    name = "enwiki-20240101-pages-articles-multistream.xml.bz2"
    route = tree.path("enwiki", "20240101", name)
    tree.faults[route] = ["drop"]
    caplog.set_level("INFO")
    assert run("enwiki", "--files", "pages-articles-multistream", "-d", str(tmp_path), "--mirror", server.url + PREFIX) == 0
    first, second = server.requests_to(name)
    assert "range" not in first.headers
    cut = tree.sent[route][0]
    assert 0 < cut < len(real["battles"])
    assert second.headers["range"] == f"bytes={cut}-"
    assert tree.sent[route][1] == len(real["battles"]) - cut  # only the rest travelled again
    assert (tmp_path / name).read_bytes() == real["battles"]
    assert not (tmp_path / f"{name}.part").exists()
    assert f"connection closed after {cut} of {len(real['battles'])} bytes" in caplog.text
    assert "100%" in caplog.text  # plain progress lines, not a bar, when stderr is not a terminal


def test_an_interrupted_download_resumes_in_the_next_run(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, tree = mirror
    name = "enwiki-20240101-pages-articles-multistream.xml.bz2"
    route = tree.path("enwiki", "20240101", name)
    tree.faults[route] = ["drop*"]
    args = ("enwiki", "--files", "pages-articles-multistream", "-d", str(tmp_path), "--mirror", server.url + PREFIX)
    assert run(*args, "--retries", "0") == 2
    err = capsys.readouterr().err.strip()
    cut = tree.sent[route][0]
    assert err == (
        f"wikikg: download {name}: connection closed after {cut} of {len(real['battles'])} bytes (gave up after 1 attempt)"
    )
    assert not (tmp_path / name).exists()  # nothing half-written under the final name
    assert (tmp_path / f"{name}.part").read_bytes() == real["battles"][:cut]
    tree.faults.clear()
    assert run(*args) == 0
    resumed = server.requests_to(name)[-1]
    assert resumed.headers["range"] == f"bytes={cut}-"
    assert (tmp_path / name).read_bytes() == real["battles"]
    assert not (tmp_path / f"{name}.part").exists()


def test_a_checksum_mismatch_is_refused_and_the_file_not_kept(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, tree = mirror
    name = "enwiki-20240101-langlinks.sql.gz"
    bad = bytearray(real["langlinks"])
    bad[len(bad) // 2] ^= 0xFF
    tree.corrupt[tree.path("enwiki", "20240101", name)] = bytes(bad)
    status = run("enwiki", "--files", "langlinks", "-d", str(tmp_path), "--mirror", server.url + PREFIX)
    assert status == 2
    captured = capsys.readouterr()
    published = hashlib.sha1(real["langlinks"]).hexdigest()
    got = hashlib.sha1(bytes(bad)).hexdigest()
    assert captured.err == (
        f"wikikg: {name}: sha1 checksum mismatch (published {published}, got {got}); the download was discarded\n"
    )
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_429_and_503_are_retried(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, tree = mirror
    name = "simplewiki-20240201-langlinks.sql.gz"  # finished in the newest run, though its dump is not
    tree.faults[tree.path("simplewiki", "20240201", name)] = ["429", "503"]
    tree.faults[f"{PREFIX}/simplewiki/"] = ["503"]
    assert run("simplewiki", "--files", "langlinks", "-d", str(tmp_path), "--mirror", server.url + PREFIX) == 0
    assert len(server.requests_to(name)) == 3
    assert len(server.requests_to("/simplewiki/")) == 2
    assert (tmp_path / name).read_bytes() == real["langlinks"]
    assert "HTTP 429 Too Many Requests; retrying in 0.0 s (1/5)" in caplog.text  # Retry-After: 0 honoured
    assert "HTTP 503 Service Unavailable; retrying in 0.0 s (2/5)" in caplog.text  # backoff 0.01 s, doubled


def test_md5sums_alone_are_enough(
    mirror: tuple[LocalServer, DumpMirror], real: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = mirror
    assert run("de", "--files", "pages-articles", "-d", str(tmp_path), "--mirror", server.url + PREFIX) == 0
    (path,) = capsys.readouterr().out.split()
    assert Path(path).read_bytes() == real["de"]


def test_a_verified_file_is_not_downloaded_again(
    mirror: tuple[LocalServer, DumpMirror], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = mirror
    args = ("simplewiki", "--files", "langlinks", "-d", str(tmp_path), "--mirror", server.url + PREFIX)
    assert run(*args) == 0
    assert run(*args) == 0
    assert len(server.requests_to("simplewiki-20240201-langlinks.sql.gz")) == 1


def test_a_kind_the_run_lacks_is_named_with_what_it_offers(
    mirror: tuple[LocalServer, DumpMirror], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = mirror
    args = ("enwiki", "--date", "20240101", "--files", "pagelinks", "-d", str(tmp_path), "--mirror", server.url + PREFIX)
    assert run(*args) == 2
    assert capsys.readouterr().err == (
        "wikikg: enwiki 20240101 has no pagelinks; it offers: langlinks, pages-articles-multistream, "
        "pages-articles-multistream-index\n"
    )


def test_an_unfinished_dated_run_is_refused(
    mirror: tuple[LocalServer, DumpMirror], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, _ = mirror
    args = ("simplewiki", "--date", "20240201", "--files", "pages-articles", "-d", str(tmp_path))
    assert run(*args, "--mirror", server.url + PREFIX) == 2
    assert capsys.readouterr().err == (
        "wikikg: not finished in the 20240201 run: simplewiki-20240201-pages-articles.xml.bz2 (in-progress)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_wiki_is_one_line_and_exit_2_from_the_real_command(
    mirror: tuple[LocalServer, DumpMirror], tmp_path: Path
) -> None:
    server, _ = mirror
    result = subprocess.run(
        [sys.executable, "-m", "wikikg", "download", "nosuchwiki", "-d", str(tmp_path), "--mirror", server.url + PREFIX],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"wikikg: no dumps of 'nosuchwiki' at {server.url + PREFIX} (is the name right? e.g. enwiki, simplewiki)\n"
    )
