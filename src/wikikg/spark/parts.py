"""Part files of the Spark engine: their names, and a task's writer of many of them.

A task's :class:`~wikikg.pipeline.sink.DatasetWriter` writes ``<dataset file>.part<TAG>`` into its
committed folder.  As in the local engine (:func:`wikikg.pipeline.sink.merge_parts`), the final
file is the byte concatenation of the parts (:func:`wikikg.rdf.ntfiles.concatenate`) in the order
of the tags, i.e. of the input; a part is read with the run's compression
(``open_dataset(path, "rt", compress)``: the name does not tell it).
"""

from __future__ import annotations

from pathlib import Path

from wikikg.rdf.ntfiles import BufferedWriter


def part_name(filename: str, tag: str) -> str:
    """The name :class:`~wikikg.pipeline.sink.DatasetWriter` gives a part (``part`` = the task's tag)."""
    return f"{filename}.part{tag}"


class PartWriter:
    """Lines of any number of dataset files, written as this task's parts of them (``tag``).

    For the whole-run steps, whose output lines are already N-Triples text; the counts are per
    final file name.
    """

    def __init__(self, directory: Path, compress: str, tag: str) -> None:
        self.directory = directory
        self.compress = compress
        self.tag = tag
        self._files: dict[str, BufferedWriter] = {}

    def write(self, filename: str, text: str) -> None:
        out = self._files.get(filename)
        if out is None:
            out = self._files[filename] = BufferedWriter(self.directory / part_name(filename, self.tag), self.compress)
        out.write(text)

    def close(self) -> dict[str, int]:
        counts = {filename: w.close() for filename, w in self._files.items()}
        self._files.clear()
        return counts
