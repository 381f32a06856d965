"""Where statements go: one file per dataset and language, written in large compressed chunks.

Each process writes its own *part* files; :func:`merge_parts` joins the parts of a dataset into
the final file by concatenating the compressed bytes (:func:`wikikg.rdf.ntfiles.concatenate`), so no
byte is decompressed again.
"""

from __future__ import annotations

from pathlib import Path

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


def merge_parts(directory: Path, filename: str, target: Path) -> None:
    """Join ``directory/filename.part*`` into ``target`` (byte concatenation of members)."""
    concatenate(sorted(directory.glob(f"{_glob_escape(filename)}.part*")), target, remove=True)


def _glob_escape(name: str) -> str:
    return name.replace("[", "[[]")


def deduplicate(path: Path, compress: str) -> int:
    """Rewrite a finished dataset file with each line once, in first-seen order; return the count.

    For datasets declared ``unique``: small vocabularies stated by many pages, so the set of
    lines fits in memory.
    """
    seen: dict[bytes, None] = {}
    with open_dataset(path, "rb", compress) as f:
        for ln in f:
            seen.setdefault(ln, None)
    tmp = path.with_name(path.name + ".dedup")
    with open_dataset(tmp, "wb", compress) as out:
        out.write(b"".join(seen))
    tmp.replace(path)
    return len(seen)
