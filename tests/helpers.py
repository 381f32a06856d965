"""Small helpers for tests: read dataset files, count things in raw dumps independently."""

from __future__ import annotations

import bz2
import gzip
import itertools
import json
import lzma
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NT_LINE = re.compile(r'^<([^>]*)> <([^>]*)> (<[^>]*>|".*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?) \.$')


def raw_dump_text(path: Path) -> str:
    """The decompressed text of a dump, read without any wikikg code."""
    data = path.read_bytes()
    if data[:3] == b"BZh":
        data = bz2.decompress(data)
    elif data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    elif data[:6] == b"\xfd7zXZ\x00":
        data = lzma.decompress(data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    return data.decode("utf-8")


def read_nt(path: Path) -> list[str]:
    """The lines of an N-Triples dataset file (gz, bz2 or plain); none for a dataset the manifest
    beside it lists with 0 triples (an extraction writes no file for it)."""
    if not path.exists() and _listed_empty(path):
        return []
    opener = gzip.open if path.name.endswith(".gz") else bz2.open if path.name.endswith(".bz2") else open
    with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
        return [ln.rstrip("\n") for ln in f if ln.strip()]


def _listed_empty(path: Path) -> bool:
    manifest = path.parent / "manifest.json"
    if not manifest.is_file():
        return False
    entry = json.loads(manifest.read_text(encoding="utf-8")).get("datasets", {}).get(path.name)
    return isinstance(entry, dict) and entry.get("triples") == 0 and "sha1" not in entry


def triples(path: Path) -> set[tuple[str, str, str]]:
    """Parse N-Triples lines into (s, p, o) with the object in N-Triples syntax."""
    out = set()
    for ln in read_nt(path):
        m = NT_LINE.match(ln)
        assert m, f"not an N-Triples line: {ln!r}"
        out.add((m.group(1), m.group(2), m.group(3)))
    return out


def objects(path: Path, subject: str, predicate: str | None = None) -> list[str]:
    return sorted(o for s, p, o in triples(path) if s == subject and (predicate is None or p == predicate))


def page_wikitext(dump_text: str, title: str) -> str:
    """The wikitext of one page, cut out of the raw XML with plain string search."""
    import html

    i = dump_text.index(f"<title>{html.escape(title, quote=False)}</title>")
    j = dump_text.index("</page>", i)
    seg = dump_text[i:j]
    m = re.search(r"<text[^>]*>(.*?)</text>", seg, re.S)
    assert m is not None
    return html.unescape(m.group(1))


@dataclass(frozen=True)
class Multistream:
    """A real dump rewritten in Wikimedia's multistream format, with its index beside it."""

    dump: Path
    index: Path
    pages: int
    streams: int


def build_multistream(source: Path, folder: Path, name: str, pages_per_stream: int = 100) -> Multistream:
    """Re-compress the pages of a real dump the way ``pages-articles-multistream`` is made.

    The first bz2 stream holds everything before the first ``<page>`` (``<mediawiki>``,
    ``<siteinfo>``), each next stream ``pages_per_stream`` whole pages, the last one what follows
    the last ``</page>``; the index lists ``OFFSET:PAGE_ID:TITLE`` per page, OFFSET being the byte
    where the page's stream starts.  Cut with regexes on the raw bytes: no wikikg code involved.
    """
    xml = bz2.decompress(source.read_bytes())
    starts = [m.start() for m in re.finditer(rb"<page[\s>]", xml)]
    last_end = xml.rindex(b"</page>") + len(b"</page>")
    bounds = [*starts[::pages_per_stream], last_end]
    dump = folder / f"{name}-multistream.xml.bz2"
    index_lines: list[str] = []
    with open(dump, "wb") as out:
        out.write(bz2.compress(xml[: starts[0]]))
        for a, b in itertools.pairwise(bounds):
            offset = out.tell()
            chunk = xml[a:b]
            out.write(bz2.compress(chunk))
            for page in re.finditer(rb"<page[\s>].*?<title>(.*?)</title>.*?<id>(\d+)</id>", chunk, re.S):
                index_lines.append(f"{offset}:{int(page.group(2))}:{page.group(1).decode('utf-8')}")
        out.write(bz2.compress(xml[last_end:]))
    index = folder / f"{name}-multistream-index.txt.bz2"
    index.write_bytes(bz2.compress(("\n".join(index_lines) + "\n").encode("utf-8")))
    return Multistream(dump, index, len(starts), len(bounds) - 1)


def assert_linear(work: Callable[[str], object], small: str, large: str, *, factor: int = 8) -> None:
    """``work`` on ``large`` (``factor`` × ``small``) costs under 4 × ``factor`` the CPU time of
    ``small``: quadratic work gives ``factor``² (64×), linear work with its constant costs 8–10× on
    a quiet machine and up to about 28× beside another test worker and Spark's JVM, which evict the
    large input's objects from the caches.  The two sizes are measured in alternation, the least of
    3 each, so that both meet the same machine; a floor of 2 ms for the small size keeps the clock's
    resolution out of the ratio.  The ratio of work, not a wall time: it cannot pass by a fast
    machine or fail by a slow one."""
    work(small)  # warm caches (regexes, tables)
    t1 = t2 = float("inf")
    for _ in range(3):
        start = time.process_time()
        work(small)
        t1 = min(t1, time.process_time() - start)
        start = time.process_time()
        work(large)
        t2 = min(t2, time.process_time() - start)
    bound = 4 * factor * max(t1, 0.002)
    assert t2 < bound, f"{factor}× the input cost {t2 / max(t1, 1e-9):.1f}× the CPU ({t1:.4f} s → {t2:.4f} s)"
