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
