"""One costly page neither stalls nor sinks a run: the per-page budget (issue 15, item 7).

A small dump is built from two real pages of the battles dump plus pathological ones — 2 MB of
nested ``{{x|``, a 5 MB page of real article text repeated, 1 MB of nested ``[[a|`` — and extracted through the
CLI in a subprocess, inline and with two workers, under a budget of 1 s of CPU per page (each real
page takes well under 0.15 s; each pathological one takes more than 1 s).  The run must end with exit
0, hold every triple the real pages give on their own, and name each pathological page in the manifest
as over its budget unless it was extracted.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import raw_dump_text, triples

pytestmark = pytest.mark.slow  # three extractions through the CLI, two of 8 MB: about 17 s

BAD_TITLES = ("Nested templates", "Very long article", "Nested links")


def _real_pages(dumps: Path) -> tuple[str, list[str], list[str]]:
    """The dump's header (siteinfo), the first two articles as XML, and their wikitexts."""
    raw = raw_dump_text(dumps / "en" / "enwiki-2020-battles-546pages.xml.bz2")
    header = raw[: raw.index("<page>")]
    pages, texts = [], []
    for m in re.finditer(r"<page>.*?</page>", raw, re.S):
        xml = m.group(0)
        if "<ns>0</ns>" in xml and "<redirect" not in xml and len(xml) > 20_000:
            pages.append(xml)
            texts.append(html.unescape(re.search(r"<text[^>]*>(.*?)</text>", xml, re.S).group(1)))  # type: ignore[union-attr]
        if len(pages) == 2:
            break
    return header, pages, texts


def _page(title: str, page_id: int, text: str) -> str:
    return (f"<page><title>{html.escape(title)}</title><ns>0</ns><id>{page_id}</id><revision><id>{page_id}</id>"
            f"<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{html.escape(text, quote=False)}</text></revision></page>\n')


def _extract(dump: Path, out: Path, shared: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, WIKIKG_PAGE_CPU_SECONDS="1")  # a short budget keeps the test short
    return subprocess.run(
        [sys.executable, "-m", "wikikg", "extract", str(dump), "-o", str(out), "--jobs", str(jobs),
         "--mappings", str(shared / "dbpedia"), "--no-progress"],
        capture_output=True, text=True, timeout=600, env=env,  # a safety net only: a stall fails here
    )


def _all_triples(out: Path) -> set[tuple[str, str, str]]:
    found: set[tuple[str, str, str]] = set()
    for f in out.glob("*.nt.gz"):
        found |= triples(f)
    return found


@pytest.fixture(scope="module")
def dumps_built(tmp_path_factory: pytest.TempPathFactory, dumps: Path) -> tuple[Path, Path, list[str]]:
    header, pages, texts = _real_pages(dumps)
    d = tmp_path_factory.mktemp("budget")
    good = d / "enwiki-good.xml"
    good.write_text(header + "".join(pages) + "</mediawiki>\n", encoding="utf-8")
    nested = "{{x|" * 500_000 + "}}" * 500_000
    # 1 MB of [[a|…]] nested: rendered 20 levels deep, more than 3 s, over the test's 1 s budget
    nested_links = "[[a|" * 170_000 + "x" + "]]" * 170_000
    long_text = "\n\n".join(texts) * (5_000_000 // sum(map(len, texts)) + 1)
    bad = d / "enwiki-bad.xml"
    bad.write_text(header + pages[0] + _page(BAD_TITLES[0], 90_000_001, nested)
                   + _page(BAD_TITLES[1], 90_000_002, long_text) + _page(BAD_TITLES[2], 90_000_003, nested_links)
                   + pages[1] + "</mediawiki>\n", encoding="utf-8")
    titles = [html.unescape(re.search(r"<title>(.*?)</title>", p).group(1)) for p in pages]  # type: ignore[union-attr]
    return good, bad, titles


@pytest.fixture(scope="module")
def reference(dumps_built: tuple[Path, Path, list[str]], tmp_path_factory: pytest.TempPathFactory,
              shared: Path) -> set[tuple[str, str, str]]:
    out = tmp_path_factory.mktemp("ref") / "out"
    r = _extract(dumps_built[0], out, shared, 1)
    assert r.returncode == 0, r.stderr
    return _all_triples(out)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_costly_page_is_skipped_and_the_run_goes_on(dumps_built: tuple[Path, Path, list[str]],
                                                      reference: set[tuple[str, str, str]], tmp_path: Path,
                                                      shared: Path, jobs: int) -> None:
    _, bad, titles = dumps_built
    out = tmp_path / "out"
    r = _extract(bad, out, shared, jobs)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    got = _all_triples(out)
    assert reference, "the real pages gave no triples"
    missing = reference - got
    assert not missing, f"{len(missing)} triples of the real pages missing, e.g. {sorted(missing)[:3]}"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    over = {e["title"] for e in manifest.get("failures", {}).get("page-budget", {}).get("examples", [])}
    subjects = {s for s, _, _ in got}
    for title in BAD_TITLES:
        extracted = f"http://dbpedia.org/resource/{title.replace(' ', '_')}" in subjects
        assert title in over or extracted, f"{title!r} neither extracted nor recorded as over budget"
    assert "Nested links" in over
    assert not over & set(titles), "a real page was dropped"
    report = subprocess.run([sys.executable, "-m", "wikikg", "report", str(out)], capture_output=True, text=True,
                            timeout=120)
    assert report.returncode == 0, report.stderr
    if over:  # the report names the failure and its first example
        assert "page-budget" in report.stdout
        assert manifest["failures"]["page-budget"]["examples"][0]["title"] in report.stdout
