"""Where statements go: one file per dataset and language, written in large compressed chunks.

Each process writes its own *part* files; :func:`merge_parts` joins the parts of a dataset into
the final file by concatenating the compressed bytes — gzip and bzip2 both define a file of
several members as the concatenation of their contents, so no byte is decompressed again.
"""

from __future__ import annotations

import bz2
import gzip
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import IO, cast

from wikikg.pipeline import extsort
from wikikg.pipeline.progress import Step
from wikikg.rdf.datasets import COMPRESSIONS, Dataset
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import Statement

_FLUSH_AT = 1 << 16  # characters buffered per dataset before compressing
GZIP_LEVEL = 3


def open_output(path: Path, compress: str) -> IO[bytes]:
    """A binary file for writing, compressed as asked (``gz``, ``bz2`` or ``none``)."""
    if compress == "gz":
        return cast(IO[bytes], gzip.GzipFile(path, "wb", compresslevel=GZIP_LEVEL, mtime=0))
    if compress == "bz2":
        return cast(IO[bytes], bz2.BZ2File(path, "wb", compresslevel=9))
    return open(path, "wb")


class DatasetWriter:
    """Writes the statements of one process for one language into part files under ``directory``.

    ``part`` names the process (``0``, ``1`` …) so that workers never share a file.
    """

    def __init__(self, directory: Path, lang: str, compress: str = "gz", part: str = "0",
                 extra_variant: str | None = None) -> None:
        if compress not in COMPRESSIONS:
            raise ValueError(f"unknown compression {compress!r}")
        self.directory = directory
        self.lang = lang
        self.compress = compress
        self.part = part
        self.extra_variant = extra_variant
        self.counts: Counter[Dataset] = Counter()
        self._files: dict[Dataset, IO[bytes]] = {}
        self._buffers: dict[Dataset, list[str]] = {}
        self._sizes: Counter[Dataset] = Counter()

    def filename(self, dataset: Dataset) -> str:
        return dataset.filename(self.lang, self.compress, self.extra_variant)

    def write(self, st: Statement) -> None:
        text = line(st.subject, st.predicate, st.object)
        key = st.dataset
        buf = self._buffers.get(key)
        if buf is None:
            buf = self._buffers[key] = []
        buf.append(text)
        self.counts[key] += 1
        self._sizes[key] += len(text)
        if self._sizes[key] >= _FLUSH_AT:
            self._flush(key)

    def _flush(self, key: Dataset) -> None:
        buf = self._buffers.get(key)
        if not buf:
            return
        f = self._files.get(key)
        if f is None:
            path = self.directory / f"{self.filename(key)}.part{self.part}"
            f = self._files[key] = open_output(path, self.compress)
        f.write("".join(buf).encode("utf-8"))
        buf.clear()
        self._sizes[key] = 0

    def close(self) -> dict[str, int]:
        """Flush and close every file; return triples per final file name."""
        for key in list(self._buffers):
            self._flush(key)
        for f in self._files.values():
            f.close()
        self._files.clear()
        return {self.filename(k): n for k, n in self.counts.items()}


def merge_parts(directory: Path, filename: str, target: Path, parts: list[Path] | None = None) -> None:
    """Join ``directory/filename.part*`` into ``target`` (byte concatenation of members);
    ``parts`` are those files when the caller has listed the folder already."""
    parts = sorted(parts if parts is not None else directory.glob(f"{_glob_escape(filename)}.part*"))
    if len(parts) == 1:
        parts[0].replace(target)
        return
    with open(target, "wb") as out:
        for part in parts:
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
            part.unlink()


def _glob_escape(name: str) -> str:
    return name.replace("[", "[[]")


def part_files(directory: Path) -> dict[str, list[Path]]:
    """The part files in ``directory`` by the final file they make up (one listing of the folder)."""
    found: dict[str, list[Path]] = {}
    for name in os.listdir(directory):
        base, sep, part = name.rpartition(".part")
        if sep and part.isdigit():
            found.setdefault(base, []).append(directory / name)
    return found


def drop_empty(directory: Path, files: dict[str, int]) -> None:
    """Remove the files of ``files`` (name → triples) that hold no triple: a dataset with no
    triple is listed in the manifest, with no file."""
    for name, n in files.items():
        if not n:
            (directory / name).unlink(missing_ok=True)


def deduplicate(path: Path, compress: str, budget_bytes: int | None = None) -> int:
    """Rewrite a finished dataset file with each line once, in sorted order; return the count.

    For datasets declared ``unique`` (small vocabularies stated by many pages): an external sort
    with de-duplication (:func:`wikikg.pipeline.extsort.sort_lines`) whose runs spill beside the
    file, so memory stays within ``budget_bytes`` however many lines there are.
    """
    size = budget_bytes or extsort.budget()
    opener = {"gz": gzip.open, "bz2": bz2.open}.get(compress, open)
    tmp = path.with_name(path.name + ".dedup")
    count = 0
    with (extsort.disk_errors(f"de-duplicating {path.name}"), extsort.TempDir(path.parent) as runs,
          Step(f"unique: {path.name}") as step):
        with opener(path, "rt", encoding="utf-8", newline="\n") as f:  # type: ignore[operator]
            ordered = extsort.sort_lines(step.track(f), runs, budget_bytes=size, unique=True)
            with open_output(tmp, compress) as out:
                buf: list[str] = []
                for ln in ordered:
                    buf.append(ln)
                    count += 1
                    if len(buf) >= 4096:
                        out.write("".join(buf).encode("utf-8"))
                        buf.clear()
                out.write("".join(buf).encode("utf-8"))
        tmp.replace(path)
    return count
