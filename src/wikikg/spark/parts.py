"""Part files: reading one, and joining the committed parts of a dataset into its final file.

A task's :class:`~wikikg.pipeline.sink.DatasetWriter` writes ``<dataset file>.part<TAG>`` into its
committed folder.  As in the local engine (:func:`wikikg.pipeline.sink.merge_parts`), the final
file is the byte concatenation of the parts — gzip and bzip2 both read a file of several members
as the concatenation of their contents — in the order of the tags, i.e. of the input.

>>> import gzip, tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     a, b = Path(d, "a"), Path(d, "b")
...     _ = a.write_bytes(gzip.compress(b"x\\n")); _ = b.write_bytes(gzip.compress(b"y\\n"))
...     concatenate([a, b], Path(d, "out.nt.gz"))
...     gzip.decompress(Path(d, "out.nt.gz").read_bytes())
b'x\\ny\\n'
"""

from __future__ import annotations

import bz2
import gzip
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from wikikg.pipeline.sink import open_output


def part_name(filename: str, tag: str) -> str:
    """The name :class:`~wikikg.pipeline.sink.DatasetWriter` gives a part (``part`` = the task's tag)."""
    return f"{filename}.part{tag}"


def open_part(path: Path, compress: str) -> IO[str]:
    """Open a part file for reading text; its compression is the run's (the name does not tell it)."""
    if compress == "gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if compress == "bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def concatenate(parts: Iterable[Path], target: Path) -> None:
    """Write the bytes of ``parts``, in order, into ``target`` (replacing it)."""
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    tmp.replace(target)


class PartWriter:
    """Lines of any number of dataset files, written as this task's parts of them (``tag``).

    For the whole-run steps, whose output lines are already N-Triples text; the counts are per
    final file name.
    """

    def __init__(self, directory: Path, compress: str, tag: str) -> None:
        self.directory = directory
        self.compress = compress
        self.tag = tag
        self.counts: dict[str, int] = {}
        self._buffers: dict[str, list[str]] = {}
        self._files: dict[str, IO[bytes]] = {}

    def write(self, filename: str, text: str) -> None:
        buf = self._buffers.get(filename)
        if buf is None:
            buf = self._buffers[filename] = []
            self.counts[filename] = 0
        buf.append(text)
        self.counts[filename] += 1
        if len(buf) >= 4096:
            self._flush(filename)

    def _flush(self, filename: str) -> None:
        buf = self._buffers[filename]
        f = self._files.get(filename)
        if f is None:
            f = self._files[filename] = open_output(self.directory / part_name(filename, self.tag), self.compress)
        f.write("".join(buf).encode("utf-8"))
        buf.clear()

    def close(self) -> dict[str, int]:
        for filename in self._buffers:
            self._flush(filename)
        for f in self._files.values():
            f.close()
        self._files.clear()
        return dict(self.counts)
