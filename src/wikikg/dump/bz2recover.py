"""Reading a bz2 file past a damaged block, as ``bzip2recover`` does.

A bzip2 stream is a 4-byte header (``BZh1`` … ``BZh9``) and a sequence of *blocks*, each
compressed on its own and carrying its own CRC; an end-of-stream marker and the CRC of the whole
stream close it.  Blocks are not byte-aligned: each starts with the 48-bit magic ``0x314159265359``
(the digits of π) at any bit offset, and the end-of-stream marker is ``0x177245385090`` (√π).
(Julian Seward, bzip2 1.0.8 ``bzip2recover.c``; the format as described in Joe Tsai's "bzip2
format specification", 2016.)  A multistream dump is many such streams one after the other.

So a damaged block costs only itself: :func:`iter_blocks` finds the blocks by their magic and
decompresses each one alone, wrapped as a stream of one block (header, the block's bits, the
end-of-stream marker and — for one block — the stream CRC, which is the block's CRC).  A block
that fails (its CRC does not match, or its data does not decode) is reported and skipped.

:class:`RecoveringBz2` reads a file normally (:class:`bz2.BZ2File`, fast, in C) and only when that
fails switches to block by block from the start of the file, dropping what it already gave out —
so a sound file costs nothing more, and a damaged one twice the decompression.

The magic may occur by chance inside compressed data (a chance of 2⁻⁴⁸ per bit position); such
a false block fails to decode and is skipped, as a damaged one would be.

>>> import bz2, io
>>> data = bz2.compress(bytes(range(256)) * 4000, 1) + bz2.compress(b"second stream", 1)
>>> blocks = list(iter_blocks(io.BytesIO(data)))
>>> len(blocks), b"".join(out for _, _, out, _ in blocks if out) == bz2.decompress(data)
(12, True)
"""

from __future__ import annotations

import bz2
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BLOCK_MAGIC = 0x314159265359
EOS_MAGIC = 0x177245385090
_MASK48 = (1 << 48) - 1
_READ = 1 << 20


def _shifted(magic: int) -> list[tuple[int, bytes]]:
    """For each bit shift ``s`` (0–7), the 5 whole bytes the magic fills when it starts ``s`` bits
    into a byte (bytes 1–5 of the 7 it touches)."""
    return [(s, (magic << (8 - s)).to_bytes(7, "big")[1:6]) for s in range(8)]


_PATTERNS = [(magic, s, mid) for magic in (BLOCK_MAGIC, EOS_MAGIC) for s, mid in _shifted(magic)]


def find_magics(data: bytes, start_bit: int = 0) -> list[tuple[int, int]]:
    """``(bit offset, magic)`` of every block or end-of-stream magic in ``data`` at or after
    ``start_bit``, in order.

    >>> stream = bz2.compress(b"x")
    >>> [(bit, hex(m)) for bit, m in find_magics(stream)][:1]
    [(32, '0x314159265359')]
    """
    found = []
    for magic, s, mid in _PATTERNS:
        pos = start_bit // 8 + 1
        while (j := data.find(mid, pos)) >= 0:
            pos = j + 1
            i = j - 1
            if i + 7 > len(data):
                break
            bit = i * 8 + s
            if bit >= start_bit and (int.from_bytes(data[i:i + 7], "big") >> (8 - s)) & _MASK48 == magic:
                found.append((bit, magic))
    return sorted(found)


def _bits(data: bytes, start: int, end: int) -> int:
    """Bits ``start`` … ``end`` (exclusive) of ``data`` as an integer."""
    first, last = start // 8, (end + 7) // 8
    value = int.from_bytes(data[first:last], "big")
    return (value >> (last * 8 - end)) & ((1 << (end - start)) - 1)


def decompress_block(data: bytes, start: int, end: int) -> bytes | None:
    """The decompressed bytes of the block in bits ``start`` … ``end`` of ``data`` (``start`` at its
    magic, ``end`` at the next magic), or ``None`` when it is damaged."""
    n = end - start
    if n < 48 + 32 + 8:
        return None
    crc = _bits(data, start + 48, start + 80)
    value = (((_bits(data, start, end) << 48) | EOS_MAGIC) << 32) | crc
    total = n + 80
    pad = -total % 8
    wrapped = b"BZh9" + (value << pad).to_bytes((total + pad) // 8, "big")
    try:
        return bz2.decompress(wrapped)
    except (OSError, ValueError, EOFError):
        return None


def iter_blocks(f: BinaryIO) -> Iterator[tuple[int, int, bytes | None, bool]]:
    """``(file offset, compressed bytes, decompressed bytes or None, complete)`` for each block of
    the bz2 data in ``f``, in order; memory: about two blocks.  ``complete`` is ``False`` for a
    last block the file cuts short (no marker after it)."""
    buf = b""
    base = 0  # file offset of buf[0]
    eof = False
    cursor = 0  # bit offset in buf where the search goes on
    while True:
        magics = find_magics(buf, cursor)
        first = next(((b, m) for b, m in magics if m == BLOCK_MAGIC), None)
        nxt = next(((b, m) for b, m in magics if first is not None and b > first[0]), None)
        if first is not None and nxt is not None:
            start, end = first[0], nxt[0]
            out = decompress_block(buf, start, end)
            yield base + start // 8, (end - start + 7) // 8, out, True
            drop = end // 8
            buf, base, cursor = buf[drop:], base + drop, end - drop * 8
            continue
        if eof:
            if first is not None:  # a last block without its end: the file is cut short
                start = first[0]
                yield base + start // 8, len(buf) - start // 8, None, False
            return
        chunk = f.read(_READ)
        if not chunk:
            eof = True
        if first is None and len(buf) > 8:  # nothing here: keep only what a magic may start in
            drop = len(buf) - 8
            buf, base, cursor = buf[drop:], base + drop, 0
        buf += chunk


@dataclass(frozen=True)
class Damage:
    """A part of a compressed file that could not be read."""

    offset: int  #: where it starts in the file (bytes)
    size: int  #: its length (compressed bytes)
    at: int  #: where its bytes are missing in the decompressed stream


class RecoveringBz2(io.RawIOBase):
    """The decompressed bytes of a bz2 file (one stream or many), skipping damaged blocks.

    ``damage`` lists what was skipped.  :class:`EOFError` at the end when the file is cut short,
    as :class:`bz2.BZ2File` raises it.
    """

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        super().__init__()
        self._file = bz2.BZ2File(raw)
        self._path = path
        self._given = 0  # decompressed bytes handed out so far
        self._blocks: Iterator[tuple[int, int, bytes | None, bool]] | None = None
        self._block_file: BinaryIO | None = None
        self._pending = b""
        self._skip = 0
        self.damage: list[Damage] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 30
        if self._blocks is None:
            try:
                out = self._file.read(size)
            except OSError:  # a damaged block: read block by block from here on
                self._start_blocks()
            else:
                self._given += len(out)
                return out
        return self._read_blocks(size)

    def readinto(self, b: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def _start_blocks(self) -> None:
        self._block_file = open(self._path, "rb")  # noqa: SIM115 - closed in close()
        self._blocks = iter_blocks(self._block_file)
        self._skip = self._given  # what the normal reading gave out, all of it sound

    def _read_blocks(self, size: int) -> bytes:
        assert self._blocks is not None
        while not self._pending:
            try:
                offset, length, out, complete = next(self._blocks)
            except StopIteration:
                return b""
            if not complete:
                raise EOFError(f"{self._path}: compressed file ended before the end-of-stream marker was reached")
            if out is None:
                self.damage.append(Damage(offset, length, self._given + self._skip))
                continue
            if self._skip:
                cut = min(self._skip, len(out))
                out, self._skip = out[cut:], self._skip - cut
            self._pending = out
        data, self._pending = self._pending[:size], self._pending[size:]
        self._given += len(data)
        return data

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            if self._block_file is not None:
                self._block_file.close()
        super().close()
