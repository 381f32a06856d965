"""Opening dump files whatever their compression, and counting how far we are.

Wikimedia publishes dumps as ``.bz2`` (``pages-articles-multistream.xml.bz2`` is many bz2 streams
concatenated, one per 100 pages), ``.gz`` (SQL tables), ``.xz`` and ``.7z``; mirrors and tools also
produce plain ``.xml``.  The compression is recognised from the first bytes of the file (its
*magic number*), never from the file name, so a renamed file still opens.

:func:`open_dump` returns a :class:`DumpStream`: a binary stream of the decompressed bytes that also
tells how many *compressed* bytes have been consumed (``compressed_bytes_read``) of the file's size
(``total_bytes``) — what a progress bar shows.

Python's :mod:`bz2`, :mod:`gzip` and :mod:`lzma` decompress concatenated streams (bz2
multistream, multi-member gzip, multi-stream xz) as one, which is what a multistream dump needs.
A damaged bz2 block costs only that block (:mod:`wikikg.dump.bz2recover`): reading goes on with
the next one, and ``damage`` says what was skipped.

>>> import bz2, io, tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "x.dat")   # no telling extension: the magic bytes decide
...     _ = p.write_bytes(bz2.compress(b"<mediawiki>") + bz2.compress(b"</mediawiki>"))
...     with open_dump(p) as f:
...         (f.compression, f.read(), f.compressed_bytes_read == f.total_bytes)
('bz2', b'<mediawiki></mediawiki>', True)
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import os
import queue
import threading
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, cast

from wikikg.dump.bz2recover import Damage, RecoveringBz2
from wikikg.errors import DumpFormatError, InputError

#: magic number → compression name.  Sources: bzip2 format ("BZh" + block size digit),
#: RFC 1952 (gzip), the .xz file format specification 1.0.4, RFC 8878 (zstd), 7z format.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"BZh", "bz2"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"PK\x03\x04", "zip"),
)

_UNSUPPORTED = {"zstd": "zstd", "7z": "7-Zip", "zip": "zip"}


def sniff(head: bytes) -> str:
    """The compression named by a file's first bytes: ``bz2``, ``gzip``, ``xz`` … or ``plain``.

    >>> sniff(b"BZh91AY&SY"), sniff(b"\\x1f\\x8b\\x08"), sniff(b"\\xfd7zXZ\\x00\\x00"), sniff(b"<mediawiki")
    ('bz2', 'gzip', 'xz', 'plain')
    """
    for magic, name in MAGIC:
        if head.startswith(magic):
            if name == "bz2" and (len(head) < 4 or head[3:4] not in b"123456789"):
                continue
            return name
    return "plain"


class _CountingRaw(io.RawIOBase):
    """A raw reader over a file that counts the bytes read from it and hashes them (sha1), so that
    a run's manifest gets the file's checksum without a second pass over a dump of many GB."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self.count = 0
        self.hash = hashlib.sha1()

    def readable(self) -> bool:
        return True

    def readinto(self, b: memoryview | bytearray) -> int:  # type: ignore[override]
        n = self._f.readinto(b)  # type: ignore[attr-defined]
        if n:
            self.count += n
            self.hash.update(b[:n])
        return int(n or 0)

    def close(self) -> None:
        self._f.close()
        super().close()


class DumpStream(io.RawIOBase):
    """The decompressed bytes of a dump file, with progress in compressed bytes.

    ``compression`` is ``bz2``, ``gzip``, ``xz`` or ``plain``; ``total_bytes`` the size of the file
    on disk; ``compressed_bytes_read`` how much of it has been consumed so far.

    With ``prefetch=True`` the decompression runs in a background thread (bz2, zlib and lzma release
    the GIL while they work), a few blocks ahead of the reader, so that decompressing and parsing
    use two cores.  The bytes are the same either way.
    """

    def __init__(self, path: Path, compression: str, *, prefetch: bool = False) -> None:
        super().__init__()
        self.path = path
        self.compression = compression
        self.total_bytes = path.stat().st_size
        self._raw = _CountingRaw(open(path, "rb"))  # noqa: SIM115 - owned and closed by this object
        raw = cast(BinaryIO, self._raw)
        self._inner: BinaryIO
        self._bz2: RecoveringBz2 | None = None
        if compression == "bz2":
            self._bz2 = RecoveringBz2(raw, path)
            self._inner = cast(BinaryIO, self._bz2)
        elif compression == "gzip":
            self._inner = cast(BinaryIO, gzip.GzipFile(fileobj=raw))
        elif compression == "xz":
            self._inner = cast(BinaryIO, lzma.LZMAFile(raw))  # noqa: SIM115 - closed in close()
        else:
            self._inner = raw
        self._prefetch: _Prefetcher | None = _Prefetcher(self._inner) if prefetch else None
        self._pending = b""

    @property
    def compressed_bytes_read(self) -> int:
        return self._raw.count

    @property
    def damage(self) -> list[Damage]:
        """The damaged parts of the file that were skipped so far (bz2 blocks)."""
        return list(self._bz2.damage) if self._bz2 is not None else []

    def file_sha1(self) -> str:
        """The sha1 of the whole file as stored: of the bytes read so far, hashed as they were
        read, then of the rest, read now (nothing when the stream was read to its end)."""
        if self._prefetch is not None and not self.closed:
            raise RuntimeError("file_sha1() of a prefetching stream needs it closed first")
        h = self._raw.hash.copy()
        with open(self.path, "rb") as f:
            f.seek(self._raw.count)
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    def readable(self) -> bool:
        return True

    def read_block(self, size: int = 1 << 20) -> bytes:
        """Up to ``size`` decompressed bytes (fewer near the end; ``b""`` at the end).

        Raises :class:`EOFError` when the compressed data ends before its end-of-stream marker
        and :class:`OSError` when it is corrupt.
        """
        if self._prefetch is None:
            return self._inner.read(size)
        if not self._pending:
            self._pending = self._prefetch.get()
        out, self._pending = self._pending[:size], self._pending[size:]
        return out

    def readinto(self, b: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read_block(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            if self._prefetch is not None:
                self._prefetch.stop()
            self._inner.close()
            self._raw.close()
        super().close()

    def __enter__(self) -> DumpStream:
        return self

    def __exit__(
        self, t: type[BaseException] | None, v: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _Prefetcher:
    """Reads blocks from a stream in a daemon thread into a small bounded queue."""

    _BLOCK = 1 << 20

    def __init__(self, inner: BinaryIO, depth: int = 4) -> None:
        self._inner = inner
        self._q: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._run, name="wikikg-decompress", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                block = self._inner.read(self._BLOCK)
                self._put(block)
                if not block:
                    return
        except BaseException as e:  # handed to the reader, raised there
            self._put(e)

    def _put(self, item: bytes | BaseException) -> None:
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def get(self) -> bytes:
        if self._done:
            return b""
        item = self._q.get()
        if isinstance(item, BaseException):
            self._done = True
            raise item
        if not item:
            self._done = True
        return item

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def open_dump(path: str | os.PathLike[str], *, prefetch: bool = False) -> DumpStream:
    """Open a dump file for reading its decompressed bytes, whatever its compression.

    A missing or unreadable file raises :class:`~wikikg.errors.InputError`; a compression we cannot
    read (7z, zstd, zip) raises :class:`~wikikg.errors.DumpFormatError` — each with one line that
    names the file.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a dump file")
    try:
        with open(p, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    kind = sniff(head)
    if kind in _UNSUPPORTED:
        raise DumpFormatError(
            f"{p}: {_UNSUPPORTED[kind]}-compressed files are not supported; decompress it or recompress with bzip2"
        )
    return DumpStream(p, kind, prefetch=prefetch)
