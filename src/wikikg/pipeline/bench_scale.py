"""``make bench-scale [PAGES=200000]`` — does every phase grow linearly, in bounded memory?

Builds three editions' dumps (``enwiki``, ``dewiki``, ``frwiki``) of ``PAGES`` pages together from
the real English pages of the shared data: each page copied under a new title (``Berlin (copy
17)``) with its links and redirect targets rewritten to point inside its copy, so the link graph
keeps its shape, and redirects added to reach English Wikipedia's share (~45 % of pages); beside
them, each edition's ``langlinks`` and ``redirect`` tables in Wikimedia's SQL dump format, linking
a copy's pages across the three editions.  Then it runs ``extract`` (all extractors, ``--jobs 2``,
the langlinks joined, the canonical view written) → ``load`` → ``serve`` (a few requests), each a
subprocess, and prints per phase: wall time, CPU time, peak RSS of all the phase's processes
together (``VmRSS`` of the process tree sampled every 0.2 s), and the rate — for ``PAGES`` and
``PAGES/4`` side by side, so that growth shows (time ratio near 4, memory ratio near 1).

The generated dumps are cached under ``~/.cache/wikikg/bench-scale/`` by ``PAGES`` and
:data:`VERSION`.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from wikikg.dump.xml import DumpReader

VERSION = "1"  #: of the generator: a new version builds the cached dumps again
EDITIONS = ("en", "de", "fr")
REDIRECT_SHARE = 0.45
SOURCES = ("en/enwiki-2020-battles-546pages.xml.bz2", "en/enwiki-2016-sample-206pages.xml.bz2",
           "en/enwiki-2019-slice-196pages.xml.bz2")
_LINK = re.compile(r"\[\[([^\[\]|#:]+)(#[^\[\]|]*)?(\|[^\[\]]*)?\]\]")


@dataclass
class Source:
    title: str
    text: str
    redirect: str | None


def source_pages(shared: Path) -> list[Source]:
    """The main-namespace pages of the shared English dumps (each title once)."""
    seen: set[str] = set()
    pages = []
    for rel in SOURCES:
        with DumpReader(shared / "dumps" / rel, lang="en") as reader:
            for page in reader:
                if page.ns == 0 and page.title not in seen:
                    seen.add(page.title)
                    pages.append(Source(page.title, page.text, page.redirect))
    return pages


def copy_title(title: str, k: int) -> str:
    return f"{title} (copy {k})"


def rewrite(text: str, titles: set[str], k: int) -> str:
    """``text`` with its links to pages of the sources pointing at their copy ``k``."""
    def sub(m: re.Match[str]) -> str:
        target = m.group(1).strip()
        key = target[:1].upper() + target[1:].replace("_", " ")
        if key not in titles:
            return m.group(0)
        return f"[[{copy_title(key, k)}{m.group(2) or ''}{m.group(3) or ''}]]"

    return _LINK.sub(sub, text)


def _page_xml(title: str, page_id: int, text: str, redirect: str | None) -> str:
    red = f'    <redirect title="{escape(redirect, {chr(34): "&quot;"})}" />\n' if redirect else ""
    return (f"  <page>\n    <title>{escape(title)}</title>\n    <ns>0</ns>\n    <id>{page_id}</id>\n{red}"
            f"    <revision>\n      <id>{page_id}</id>\n      <timestamp>2026-01-01T00:00:00Z</timestamp>\n"
            f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
            f'      <text xml:space="preserve">{escape(text)}</text>\n    </revision>\n  </page>\n')


def _header(lang: str) -> str:
    return (f'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="{lang}">\n'
            f"  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>{lang}wiki</dbname>\n"
            f"    <base>https://{lang}.wikipedia.org/wiki/Main_Page</base>\n"
            "    <generator>MediaWiki 1.46 (wikikg bench-scale)</generator>\n    <case>first-letter</case>\n"
            '    <namespaces>\n      <namespace key="0" case="first-letter" />\n'
            '      <namespace key="10" case="first-letter">Template</namespace>\n'
            '      <namespace key="14" case="first-letter">Category</namespace>\n    </namespaces>\n'
            "  </siteinfo>\n")


def _sql_value(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


class _Table:
    """A SQL table dump being written in Wikimedia's layout (``INSERT`` lines of many rows)."""

    def __init__(self, path: Path, name: str, create: str) -> None:
        self.f = gzip.open(path, "wt", encoding="utf-8", compresslevel=1)  # noqa: SIM115 (closed by close())
        self.name = name
        self.f.write(f"-- MySQL dump 10.19 (wikikg bench-scale)\n--\n-- Table structure for table `{name}`\n--\n\n"
                     f"DROP TABLE IF EXISTS `{name}`;\n{create}\n\n"
                     f"--\n-- Dumping data for table `{name}`\n--\n\n")
        self.rows: list[str] = []

    def add(self, *values: str) -> None:
        self.rows.append("(" + ",".join(values) + ")")
        if len(self.rows) >= 1000:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.f.write(f"INSERT INTO `{self.name}` VALUES {','.join(self.rows)};\n")
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.f.close()


LANGLINKS_SQL = ("CREATE TABLE `langlinks` (\n  `ll_from` int(8) unsigned NOT NULL DEFAULT 0,\n"
                 "  `ll_lang` varbinary(35) NOT NULL DEFAULT '',\n  `ll_title` varbinary(255) NOT NULL DEFAULT '',\n"
                 "  PRIMARY KEY (`ll_from`,`ll_lang`)\n) ENGINE=InnoDB DEFAULT CHARSET=binary;")
REDIRECT_SQL = ("CREATE TABLE `redirect` (\n  `rd_from` int(8) unsigned NOT NULL DEFAULT 0,\n"
                "  `rd_namespace` int(11) NOT NULL DEFAULT 0,\n  `rd_title` varbinary(255) NOT NULL DEFAULT '',\n"
                "  `rd_interwiki` varbinary(32) DEFAULT NULL,\n  `rd_fragment` varbinary(255) DEFAULT NULL,\n"
                "  PRIMARY KEY (`rd_from`)\n) ENGINE=InnoDB DEFAULT CHARSET=binary;")


def build(shared: Path, pages: int, folder: Path) -> list[Path]:
    """The three editions' dumps of ``pages`` pages together, and their SQL tables, in ``folder``."""
    src = source_pages(shared)
    titles = {p.title for p in src}
    articles = [p for p in src if p.redirect is None]
    src_redirects = len(src) - len(articles)
    # extra redirects per copy so that redirects are REDIRECT_SHARE of all pages
    extra = max(0, round((REDIRECT_SHARE * len(src) - src_redirects) / (1 - REDIRECT_SHARE)))
    per_copy = len(src) + extra
    per_edition = pages // len(EDITIONS)
    copies = -(-per_edition // per_copy)
    order: list[Source | None] = [*src, *([None] * extra)]
    random.Random(15).shuffle(order)  # every slice of a copy has the whole mix of pages
    folder.mkdir(parents=True, exist_ok=True)
    dumps = []
    for lang in EDITIONS:
        dump = folder / f"{lang}wiki-20260101-pages-articles.xml.gz"
        langlinks = _Table(folder / f"{lang}wiki-20260101-langlinks.sql.gz", "langlinks", LANGLINKS_SQL)
        redirects = _Table(folder / f"{lang}wiki-20260101-redirect.sql.gz", "redirect", REDIRECT_SQL)
        written = 0
        with gzip.open(dump, "wt", encoding="utf-8", compresslevel=1) as out:
            out.write(_header(lang))
            page_id = 0
            for k in range(copies):
                for p in order:
                    if written >= per_edition:
                        break
                    page_id += 1
                    written += 1
                    if p is None:  # an added redirect: another name of one of the copy's articles
                        a = articles[page_id % len(articles)]
                        title, target = f"{a.title} (copy {k}, alias {page_id})", copy_title(a.title, k)
                        text, redirect = f"#REDIRECT [[{target}]]", target
                    else:
                        title, text = copy_title(p.title, k), rewrite(p.text, titles, k)
                        redirect = None
                        if p.redirect is not None:
                            target = p.redirect if p.redirect not in titles else copy_title(p.redirect, k)
                            redirect = target
                    out.write(_page_xml(title, page_id, text, redirect))
                    if redirect is not None:
                        redirects.add(str(page_id), "0", _sql_value(redirect.replace(" ", "_")), "''", "''")
                    else:
                        for other in EDITIONS:
                            if other != lang:
                                langlinks.add(str(page_id), _sql_value(other), _sql_value(title))
            out.write("</mediawiki>\n")
        langlinks.close()
        redirects.close()
        dumps.append(dump)
    return dumps


def cached(shared: Path, pages: int) -> Path:
    """The folder of the generated dumps of ``pages`` pages, built once per :data:`VERSION`."""
    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "wikikg" / "bench-scale"
    folder = root / f"v{VERSION}-{pages}"
    if not (folder / "DONE").exists():
        tmp = Path(tempfile.mkdtemp(prefix=f".build-{pages}-", dir=root if root.exists() else None))
        if not root.exists():
            root.mkdir(parents=True)
        t = time.monotonic()
        build(shared, pages, tmp)
        (tmp / "DONE").write_text("ok\n")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        print(f"built {pages} pages in {time.monotonic() - t:.0f} s → {folder}", file=sys.stderr)
    return folder


# --- measuring ----------------------------------------------------------------------------------------
def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (``VmRSS`` from ``/proc``)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
                parent[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, ppid in parent.items():
            if ppid == p and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as f:
                for ln in f:
                    if ln.startswith("VmRSS:"):
                        total += int(ln.split()[1]) * 1024
        except OSError:
            continue
    return total


@dataclass
class Phase:
    name: str
    wall: float
    cpu: float
    peak: int
    items: int
    unit: str

    @property
    def rate(self) -> float:
        return self.items / self.wall if self.wall else 0.0


class Measured:
    """A subprocess (and its children) run with its wall time, CPU time and peak RSS."""

    def __init__(self, args: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.args = list(args)
        self.env = env
        self.peak = 0

    def start(self) -> None:
        self.before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.proc.pid))
            self._stop.wait(0.2)

    def wait(self) -> tuple[float, float]:
        err = self.proc.communicate()[1]
        self._stop.set()
        self._sampler.join()
        wall = time.monotonic() - self.t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - self.before.ru_utime) + (after.ru_stime - self.before.ru_stime)
        if self.proc.returncode not in (0, -signal.SIGTERM):
            raise SystemExit(f"{' '.join(self.args[:4])} … failed ({self.proc.returncode}):\n{err[-2000:]}")
        return wall, cpu


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_size(shared: Path, pages: int, work: Path, mappings: Path, jobs: int) -> list[Phase]:
    folder = cached(shared, pages)
    dumps = sorted(folder.glob("*-pages-articles.xml.gz"))
    tables = sorted(folder.glob("*-langlinks.sql.gz"))
    out, store = work / f"out-{pages}", work / f"store-{pages}"
    py = [sys.executable, "-m", "wikikg"]
    phases = []

    m = Measured([*py, "extract", *map(str, dumps), "-o", str(out), "--jobs", str(jobs), "--no-progress",
                  "--mappings", str(mappings), *(a for t in tables for a in ("--langlinks", str(t)))])
    m.start()
    wall, cpu = m.wait()
    manifest = json.loads((out / "manifest.json").read_text())
    phases.append(Phase("extract", wall, cpu, m.peak, manifest["pages"]["total"], "pages"))
    out_bytes = sum(e.get("bytes", 0) for e in manifest["datasets"].values())

    m = Measured([*py, "load", str(out), "--store", str(store)])
    m.start()
    wall, cpu = m.wait()
    phases.append(Phase("load", wall, cpu, m.peak, int(manifest["triples"]), "triples"))

    port = _free_port()
    m = Measured([*py, "serve", "--store", str(store), "--port", str(port), "--query-workers", "1"])
    m.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/health", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    requests = 0
    for path in ["/page/Battle_of_Kursk_(copy_0)", "/data/Battle_of_Kursk_(copy_0).ntriples",
                 "/lookup/prefix?query=Battle", "/sparql?query=" + urllib.parse.quote(
                     "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://dbpedia.org/ontology/MilitaryConflict> }")] * 3:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base + path, timeout=120).read()
        requests += 1
    m.proc.send_signal(signal.SIGTERM)
    wall, cpu = m.wait()
    phases.append(Phase("serve", wall, cpu, m.peak, requests, "requests"))
    sizes = {"dump": sum(p.stat().st_size for p in dumps), "output": out_bytes,
             "store": sum(p.stat().st_size for p in store.rglob("*") if p.is_file())}
    print(f"{pages} pages: dumps {sizes['dump'] / 1e6:.1f} MB (gzip), output {sizes['output'] / 1e6:.1f} MB, "
          f"store {sizes['store'] / 1e6:.1f} MB; {manifest['triples']} triples", file=sys.stderr)
    return phases


def table(small: int, large: int, a: list[Phase], b: list[Phase]) -> Iterator[str]:
    yield (f"{'phase':<8} {'':>3} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'rate':>14}   "
           f"ratios {large}/{small}: wall, cpu, peak")
    for pa, pb in zip(a, b, strict=True):
        for size, p in ((small, pa), (large, pb)):
            yield (f"{p.name:<8} {size:>7} {p.wall:>8.1f} {p.cpu:>8.1f} {p.peak / 2**20:>8.0f} "
                   f"{p.rate:>9.0f} {p.unit}/s")
        yield (f"{'':<8} {'':>7} ratios: wall {pb.wall / max(pa.wall, 1e-9):.2f}, cpu {pb.cpu / max(pa.cpu, 1e-9):.2f}, "
               f"peak {pb.peak / max(pa.peak, 1):.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m wikikg.pipeline.bench_scale", description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=200_000)
    p.add_argument("--shared", type=Path, default=Path("../shared/data"))
    p.add_argument("--mappings", type=Path, default=None)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temporary one)")
    args = p.parse_args(argv)
    mappings = args.mappings or args.shared / "dbpedia"
    work = args.keep or Path(tempfile.mkdtemp(prefix="wikikg-bench-scale-"))
    try:
        small = max(1, args.pages // 4)
        a = run_size(args.shared, small, work, mappings, args.jobs)
        b = run_size(args.shared, args.pages, work, mappings, args.jobs)
        for ln in table(small, args.pages, a, b):
            print(ln)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
