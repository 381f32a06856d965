"""Dataset files: opened by name whatever their compression, split line by line, written in large
chunks, and joined — the one home of these for the pipeline, Spark, the loader, the ontology's
consistency check and the benchmarks.

A dataset file is N-Triples, plain or compressed as its name says (``….nt.gz``, ``….nt.bz2``,
``….nt``); a part file (``….nt.gz.part3``) has the run's compression, given by the caller.  The pass
writes N-Triples in one shape only (``<s> <p> <o> .`` or ``<s> <p> "literal"… .``, see
:mod:`wikikg.rdf.ntriples`), so a line splits at its first two ``> `` without a full parser: an IRI
never holds a space or ``>`` (the minter escapes them).

Joining is byte concatenation: gzip and bzip2 both define a file of several members as the
concatenation of their contents, so no byte is decompressed again.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     a, b = Path(d, "a.nt.gz"), Path(d, "b.nt.gz")
...     for path, text in ((a, "<a> <p> <b> .\\n"), (b, '<b> <p> "x" .\\n')):
...         w = BufferedWriter(path); w.write(text); _ = w.close()
...     concatenate([a, b], Path(d, "out.nt.gz"))
...     with open_dataset(Path(d, "out.nt.gz"), "rt") as f:
...         [split_line(ln) for ln in f]
[('a', 'p', '<b> .\\n'), ('b', 'p', '"x" .\\n')]
"""

from __future__ import annotations

import bz2
import gzip
import io
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

#: gzip's level for the files we write: level 3 is about as small as 6 on N-Triples and twice as fast
GZIP_LEVEL = 3
_COPY_CHUNK = 1 << 20


def compression_of(name: str) -> str:
    """The compression a file name says (``gz``, ``bz2`` or ``none``: :data:`wikikg.rdf.datasets.COMPRESSIONS`).

    >>> compression_of("labels_lang=en.nt.gz"), compression_of("x.nt.bz2"), compression_of("x.nt")
    ('gz', 'bz2', 'none')
    """
    if name.endswith(".gz"):
        return "gz"
    if name.endswith(".bz2"):
        return "bz2"
    return "none"


def open_dataset(path: Path | str, mode: str = "rb", compress: str | None = None) -> IO[Any]:
    """A dataset file opened for reading or writing (``rb``, ``rt``, ``wb``, ``wt``), (de)compressed
    as ``compress`` says, else as its name says; text is UTF-8 with ``\\n`` line ends.

    Written gzip members carry no time stamp (``mtime=0``), so the same triples make the same bytes.
    """
    if mode not in ("rb", "rt", "wb", "wt"):
        raise ValueError(f"unknown mode {mode!r}")
    path = Path(path)
    kind = compress or compression_of(path.name)
    binary_mode = mode[0] + "b"
    raw: IO[bytes]
    if kind == "gz":
        if mode[0] == "w":
            raw = cast(IO[bytes], gzip.GzipFile(path, "wb", compresslevel=GZIP_LEVEL, mtime=0))
        else:
            raw = cast(IO[bytes], gzip.GzipFile(path, "rb"))
    elif kind == "bz2":
        bz = bz2.BZ2File(path, "wb", compresslevel=9) if mode[0] == "w" else bz2.BZ2File(path, "rb")
        raw = cast(IO[bytes], bz)
    elif kind == "none":
        raw = open(path, binary_mode)  # noqa: SIM115 - returned to the caller
    else:
        raise ValueError(f"unknown compression {kind!r}")
    if mode[1] == "b":
        return raw
    return io.TextIOWrapper(cast(Any, raw), encoding="utf-8", newline="\n" if mode[0] == "w" else None)


def split_line(ln: str) -> tuple[str, str, str] | None:
    """Split an N-Triples line into subject IRI, predicate IRI and the rest (object, `` .``, newline).

    >>> split_line('<http://a/S> <http://p/q> "x y"@de .\\n')
    ('http://a/S', 'http://p/q', '"x y"@de .\\n')
    >>> split_line("# a comment") is None
    True
    """
    if not ln.startswith("<"):
        return None
    i = ln.find("> <", 1)
    if i < 0:
        return None
    j = ln.find("> ", i + 3)
    if j < 0:
        return None
    return ln[1:i], ln[i + 3 : j], ln[j + 2 :]


def iri_triple(ln: str) -> tuple[str, str, str] | None:
    """``(subject, predicate, object)`` of an N-Triples line whose object is an IRI, else ``None``.

    >>> iri_triple("<http://a/S> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://o/C> .\\n")
    ('http://a/S', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://o/C')
    >>> iri_triple('<http://a/S> <http://p/q> "x" .') is None
    True
    """
    parts = split_line(ln)
    if parts is None or not parts[2].startswith("<"):
        return None
    rest = parts[2]
    end = rest.find(">")
    if end < 0 or rest[end + 1 : end + 3] != " ." or rest[end + 3 :].strip():
        return None
    return parts[0], parts[1], rest[1:end]


def iri_pairs(lines: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` of the N-Triples ``lines`` whose object is an IRI."""
    for ln in lines:
        t = iri_triple(ln)
        if t is not None:
            yield t


def iri_triples(path: Path, compress: str | None = None) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` of the lines of a dataset file whose object is an IRI."""
    with open_dataset(path, "rt", compress) as f:
        yield from iri_pairs(f)


class BufferedWriter:
    """N-Triples text written into one dataset file in large compressed chunks, counting lines.

    One compressor call per line would cost more than the rest of the work, so lines are buffered
    up to :attr:`FLUSH_CHARS`.  The file is opened at the first flush (a file only for what has
    lines) or at :meth:`close` (an empty file).  With ``atomic``, it is written under a temporary
    name and moved into place by :meth:`close`, so a reader never sees half a file.
    """

    FLUSH_CHARS = 1 << 16

    def __init__(self, path: Path, compress: str | None = None, *, atomic: bool = False) -> None:
        self.path = path
        self.compress = compress or compression_of(path.name)
        self.count = 0
        self._target = path.with_name(path.name + ".tmp") if atomic else path
        self._f: IO[bytes] | None = None
        self._buf: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        """Add one line (``text`` ends with its newline)."""
        self._buf.append(text)
        self._size += len(text)
        self.count += 1
        if self._size >= self.FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        if self._f is None:
            self._f = open_dataset(self._target, "wb", self.compress)
        if self._buf:
            self._f.write("".join(self._buf).encode("utf-8"))
            self._buf, self._size = [], 0

    def close(self) -> int:
        """Finish the file; return the lines written."""
        self.flush()
        assert self._f is not None
        self._f.close()
        if self._target != self.path:
            os.replace(self._target, self.path)
        return self.count


def concatenate(parts: Iterable[Path], target: Path, *, remove: bool = False) -> None:
    """Write the bytes of ``parts``, in order, into ``target`` (replacing it, atomically); with
    ``remove``, the parts are deleted (a single part is then just renamed)."""
    parts = list(parts)
    if remove and len(parts) == 1:
        parts[0].replace(target)
        return
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out, _COPY_CHUNK)
    tmp.replace(target)
    if remove:
        for part in parts:
            part.unlink()


def write_empty(path: Path, compress: str | None = None) -> None:
    """An empty dataset file (a valid empty gzip or bzip2 stream when compressed)."""
    open_dataset(path, "wb", compress).close()
