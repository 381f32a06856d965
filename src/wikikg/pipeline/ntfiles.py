"""Dataset files read and written line by line, for the whole-run steps that rewrite them.

The pass writes N-Triples in one shape only (``<s> <p> <o> .`` or ``<s> <p> "literal"… .``, see
:mod:`wikikg.rdf.ntriples`), so a line splits at its first two ``> `` without a full parser: an IRI
never holds a space or ``>`` (the minter escapes them).
"""

from __future__ import annotations

import bz2
import gzip
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from wikikg.pipeline.sink import open_output


def open_text(path: Path) -> IO[str]:
    """A dataset file opened for reading text, whatever its compression."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


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


def iri_pairs(lines: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` of the N-Triples ``lines`` whose object is an IRI."""
    for ln in lines:
        parts = split_line(ln)
        if parts is not None and parts[2].startswith("<"):
            yield parts[0], parts[1], parts[2][1 : parts[2].index(">")]


def iri_triples(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` of the lines of a dataset file whose object is an IRI."""
    with open_text(path) as f:
        yield from iri_pairs(f)


class LineWriter:
    """A dataset file being written under a temporary name, counting its lines; :meth:`close`
    moves it into place, so that a reader never sees half a file."""

    _FLUSH = 1 << 16  #: lines are buffered: one compressor call per line would cost more than the rest

    def __init__(self, path: Path, compress: str) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".tmp")
        self._f = open_output(self._tmp, compress)
        self.count = 0
        self._buf: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._buf.append(text)
        self._size += len(text)
        self.count += 1
        if self._size >= self._FLUSH:
            self._flush()

    def _flush(self) -> None:
        self._f.write("".join(self._buf).encode("utf-8"))
        self._buf, self._size = [], 0

    def close(self) -> int:
        """Finish the file; return the lines written."""
        self._flush()
        self._f.close()
        os.replace(self._tmp, self.path)
        return self.count
