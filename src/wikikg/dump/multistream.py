"""Wikimedia's multistream dumps: byte ranges of whole bz2 streams, planned from the index.

``{wiki}-{date}-pages-articles-multistream.xml.bz2`` is many bzip2 streams written one after the
other: the first holds ``<mediawiki>`` and ``<siteinfo>``, each following one holds 100 whole
``<page>`` elements, and the last ends with ``</mediawiki>``.  Its companion
``…-multistream-index.txt.bz2`` has one line per page, ``OFFSET:PAGE_ID:TITLE``, where OFFSET is
the byte position in the dump file of the stream holding that page (see
https://meta.wikimedia.org/wiki/Data_dumps/Dump_format and the ``pages-articles-multistream``
notes on https://dumps.wikimedia.org/).  A stream decompresses on its own, so any run of
consecutive streams is an independent piece of XML made of whole pages: the dump can be cut into
partitions from the index alone, without reading the dump itself.

>>> offsets = [600, 1000, 1500, 2600, 3000]
>>> [(r.start, r.end) for r in plan_ranges(offsets, file_size=4000, target_bytes=1000)]
[(600, 1500), (1500, 2600), (2600, 3000), (3000, 4000)]
"""

from __future__ import annotations

import bz2
import collections
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wikikg.dump.compression import open_dump
from wikikg.errors import InputError

#: a bz2 stream starts with "BZh" and the block size digit (bzip2 file format)
_BZ2_MAGIC = re.compile(rb"BZh[1-9]")
#: dump file name → index file name, e.g. ``enwiki-20240601-pages-articles-multistream.xml.bz2`` →
#: ``enwiki-20240601-pages-articles-multistream-index.txt.bz2`` and, for the dumps split in parts,
#: ``…-multistream1.xml-p1p41242.bz2`` → ``…-multistream-index1.txt-p1p41242.bz2``
_DUMP_NAME = re.compile(r"^(?P<head>.*-multistream)(?P<part>\d*)\.xml(?P<tail>[^/]*)\.bz2$")
READ_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class ByteRange:
    """``[start, end)`` in the dump file: whole bz2 streams, hence whole pages."""

    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def index_path_for(dump: Path) -> Path | None:
    """The index Wikimedia publishes beside a multistream dump (:func:`index_name_for`), if it is there."""
    name = index_name_for(dump.name)
    if name is None:
        return None
    candidate = dump.with_name(name)
    return candidate if candidate.is_file() else None


def index_name_for(dump_name: str) -> str | None:
    """The file name of a multistream dump's index (``None`` if the name is not a multistream dump's).

    >>> index_name_for("enwiki-20240601-pages-articles-multistream.xml.bz2")
    'enwiki-20240601-pages-articles-multistream-index.txt.bz2'
    >>> index_name_for("enwiki-20240601-pages-articles-multistream3.xml-p151574p311329.bz2")
    'enwiki-20240601-pages-articles-multistream-index3.txt-p151574p311329.bz2'
    >>> index_name_for("enwiki-20240601-pages-articles.xml.bz2") is None
    True
    """
    m = _DUMP_NAME.match(dump_name)
    if m is None:
        return None
    return f"{m['head']}-index{m['part']}.txt{m['tail']}.bz2"


def read_stream_offsets(index: Path) -> list[int]:
    """The distinct stream offsets of an index file (bz2 or plain), ascending.

    The index lists one line per page; consecutive pages share their stream's offset, so only
    the changes are kept.  A line that is not ``OFFSET:ID:TITLE`` is an error: the file is not an
    index.
    """
    offsets = sorted(set(iter_stream_offsets(index)))
    if not offsets:
        raise InputError(f"{index}: the multistream index is empty")
    return offsets


def iter_stream_offsets(index: Path) -> Iterator[int]:
    """The stream offsets of an index file in the order it lists them, each run of equal offsets once."""
    return (offset for offset, _ in iter_index_streams(index))


def iter_index_streams(index: Path) -> Iterator[tuple[int, int]]:
    """``(offset, pages)`` for each run of equal offsets in an index file, in its order — read as a
    stream, so that work can start before the index (24 million lines for the English Wikipedia)
    is read to its end."""
    last, pages = -1, 0
    with open_dump(index) as raw, io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8",
                                                   errors="replace") as f:
        for n, line in enumerate(f, 1):
            head, colon, _ = line.partition(":")
            if not colon or not head.isdigit():
                if not line.strip():
                    continue
                raise InputError(f"{index}:{n}: not a multistream index line (OFFSET:PAGE_ID:TITLE): {line[:80]!r}")
            off = int(head)
            if off != last:
                if pages:
                    yield last, pages
                last, pages = off, 0
            pages += 1
    if pages:
        yield last, pages


def index_ranges(index: Path, file_size: int, target_bytes: int) -> Iterator[tuple[ByteRange, int]]:
    """``(range, pages in it)`` planned as the index is read (:func:`iter_ranges`), for a reader
    that hands ranges out to workers while it plans.

    A dump cut short (a partial download) holds fewer streams than its index lists: the pages of
    the streams beyond its end are counted in the last range, which ends inside a stream, so that
    the worker reading it finds them missing and says so.
    """
    pending: collections.deque[tuple[int, int]] = collections.deque()
    beyond = 0

    def starts() -> Iterator[int]:
        nonlocal beyond
        for offset, pages in iter_index_streams(index):
            if offset >= file_size:
                beyond += pages
                continue
            pending.append((offset, pages))
            yield offset

    held: tuple[ByteRange, int] | None = None
    for r in iter_ranges(starts(), file_size, target_bytes):
        pages = 0
        while pending and pending[0][0] < r.end:
            pages += pending.popleft()[1]
        if held is not None:
            yield held
        held = (r, pages)
    if held is not None:
        yield held[0], held[1] + beyond


def plan_ranges(offsets: Iterable[int], file_size: int, target_bytes: int) -> list[ByteRange]:
    """Group consecutive streams into ranges of at most ``target_bytes`` (a larger stream makes a
    range of its own).

    The bytes before the first offset (the header stream with ``<siteinfo>``) hold no page and
    belong to no range; the last range runs to the end of the file.
    """
    return list(iter_ranges(sorted(set(offsets)), file_size, target_bytes))


def iter_ranges(starts: Iterable[int], file_size: int, target_bytes: int) -> Iterator[ByteRange]:
    """:func:`plan_ranges` over ascending stream offsets, one range at a time as they come.

    >>> [(r.start, r.end) for r in iter_ranges([600, 1000, 1500, 2600, 3000], 4000, 1000)]
    [(600, 1500), (1500, 2600), (2600, 3000), (3000, 4000)]
    >>> list(iter_ranges([600, 500], 4000, 1000))
    Traceback (most recent call last):
    wikikg.errors.InputError: the index lists stream offset 500 after 600: it is not a multistream index in order
    """
    begin = end_of_previous = -1
    for start in starts:
        if start >= file_size:
            raise InputError(f"the index names stream offset {start} beyond the end of the dump ({file_size} bytes)")
        if begin < 0:
            begin = end_of_previous = start
            continue
        if start <= end_of_previous:
            raise InputError(f"the index lists stream offset {start} after {end_of_previous}: "
                             "it is not a multistream index in order")
        if start - begin > target_bytes and end_of_previous > begin:
            yield ByteRange(begin, end_of_previous)
            begin = end_of_previous
        end_of_previous = start
    if begin >= 0:
        if file_size - begin > target_bytes and end_of_previous > begin:
            yield ByteRange(begin, end_of_previous)
            begin = end_of_previous
        yield ByteRange(begin, file_size)


def check_stream_starts(path: Path, ranges: Iterable[ByteRange]) -> None:
    """Make sure each range begins a bz2 stream (reads 4 bytes per range, not the dump)."""
    with open(path, "rb") as f:
        for r in ranges:
            f.seek(r.start)
            if not _BZ2_MAGIC.fullmatch(f.read(4)):
                raise InputError(
                    f"{path}: no bz2 stream starts at byte {r.start}, which its index names: "
                    "the index does not belong to this dump")


def decompress_range(path: str | Path, r: ByteRange,
                     on_damage: Callable[[int, int], None] | None = None) -> Iterator[bytes]:
    """The decompressed bytes of the streams in ``r``, block by block (memory: one block).

    Raises :class:`EOFError` when the range ends inside a stream and :class:`OSError` when the
    data is not bz2 — both mean the index and the dump disagree, or the file is damaged.  With
    ``on_damage``, a stream that does not decompress is skipped instead: reading goes on at the
    next stream start in the range (``BZh`` and a block's magic, byte-aligned, as every stream of
    a multistream dump begins), and ``on_damage(file offset, bytes skipped)`` is told.
    """
    with open(path, "rb") as f:
        start = r.start
        while start < r.end:
            try:
                yield from _streams(f, start, r.end)
                return
            except _Damaged as exc:
                if on_damage is None:
                    raise
                nxt = _next_stream(f, exc.stream_start + 1, r.end)
                on_damage(exc.stream_start, nxt - exc.stream_start)
                start = nxt


def _streams(f: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    """The decompressed bytes of the bz2 streams in bytes ``start`` … ``end`` of ``f``.  An
    :class:`OSError` from a damaged stream carries, in ``stream_start``, where that stream began."""
    f.seek(start)
    pos = start  # file offset of the next byte read
    stream_start = start
    decomp = bz2.BZ2Decompressor()
    started = False
    while pos < end:
        data = f.read(min(READ_BLOCK, end - pos))
        if not data:
            raise EOFError(f"{f.name}: the file ends at byte {pos}, inside the range {start}–{end}")
        pos += len(data)
        while data:
            if decomp.eof:
                decomp = bz2.BZ2Decompressor()
                stream_start = pos - len(data)
            started = True
            try:
                out = decomp.decompress(data)
            except OSError as exc:
                raise _Damaged(stream_start) from exc
            if out:
                yield out
            data = decomp.unused_data if decomp.eof else b""
    if started and not decomp.eof:
        raise EOFError(f"{f.name}: the byte range {start}–{end} ends inside a bz2 stream")


class _Damaged(OSError):
    """A stream of a range that does not decompress, and where it began."""

    def __init__(self, stream_start: int) -> None:
        super().__init__(f"damaged bz2 stream at byte {stream_start}")
        self.stream_start = stream_start


_STREAM_START = re.compile(rb"BZh[1-9]1AY&SY")


def _next_stream(f: BinaryIO, after: int, end: int) -> int:
    """The offset of the first stream start at or after ``after`` and before ``end``; ``end`` if none."""
    f.seek(after)
    pos = after
    tail = b""
    while pos < end:
        data = f.read(min(READ_BLOCK, end - pos))
        if not data:
            break
        window = tail + data
        m = _STREAM_START.search(window)
        if m is not None:
            return pos - len(tail) + m.start()
        pos += len(data)
        tail = window[-9:]
    return end
