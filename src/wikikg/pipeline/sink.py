"""Where statements go: one file per dataset and language, written in large compressed chunks.

Each process writes its own *part* files; :func:`merge_parts` joins the parts of a dataset into
the final file by concatenating the compressed bytes (:func:`wikikg.rdf.ntfiles.concatenate`), so no
byte is decompressed again.
"""

from __future__ import annotations

import os
from pathlib import Path

from wikikg import extsort
from wikikg.progress import Step
from wikikg.rdf.datasets import COMPRESSIONS, Dataset
from wikikg.rdf.ntfiles import BufferedWriter, concatenate, open_dataset
from wikikg.rdf.ntriples import line
from wikikg.rdf.terms import Statement


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
        self._files: dict[Dataset, BufferedWriter] = {}

    def filename(self, dataset: Dataset) -> str:
        return dataset.filename(self.lang, self.compress, self.extra_variant)

    def write(self, st: Statement) -> None:
        out = self._files.get(st.dataset)
        if out is None:
            path = self.directory / f"{self.filename(st.dataset)}.part{self.part}"
            out = self._files[st.dataset] = BufferedWriter(path, self.compress)
        out.write(line(st.subject, st.predicate, st.object))

    def close(self) -> dict[str, int]:
        """Flush and close every file; return triples per final file name."""
        counts = {self.filename(k): w.close() for k, w in self._files.items()}
        self._files.clear()
        return counts


def merge_parts(directory: Path, filename: str, target: Path, parts: list[Path] | None = None) -> None:
    """Join ``directory/filename.part*`` into ``target`` (byte concatenation of members);
    ``parts`` are those files when the caller has listed the folder already."""
    concatenate(sorted(parts if parts is not None else directory.glob(f"{_glob_escape(filename)}.part*")),
                target, remove=True)


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
    with de-duplication (:func:`wikikg.extsort.sort_lines`) whose runs spill beside the
    file, so memory stays within ``budget_bytes`` however many lines there are.
    """
    size = budget_bytes or extsort.budget()
    tmp = path.with_name(path.name + ".dedup")
    count = 0
    with (extsort.disk_errors(f"de-duplicating {path.name}"), extsort.TempDir(path.parent) as runs,
          Step(f"unique: {path.name}") as step):
        with open_dataset(path, "rt", compress) as f:
            ordered = extsort.sort_lines(step.track(f), runs, budget_bytes=size, unique=True)
            out = BufferedWriter(tmp, compress)
            for ln in ordered:
                out.write(ln)
            count = out.close()
        tmp.replace(path)
    return count
