"""Exactly-once output of Spark tasks that may fail, be retried or run twice.

Spark re-runs a task whose attempt failed (``spark.task.maxFailures``) and may start a second
copy of a slow one (speculation).  A failed attempt can leave files half-written; two attempts of
one task may both finish.  So a task never writes where the results are read: each attempt writes
into its own folder, named by the attempt's id (unique in the application), and *commits* by
renaming that folder to the partition's final name.  A rename of a folder is atomic on a POSIX
file system and fails when the target already exists and is not empty, so:

* a partition's final folder appears once, whole, with the output of exactly one attempt;
* a failed attempt's folder is never renamed, and is removed with the staging area;
* a second successful attempt finds the target taken and deletes its own copy (both hold the
  same triples: extraction is deterministic).

The folder carries ``summary.json`` (triple counts, pages, failures, warnings) written before the
rename, so what the driver counts is what the committed files hold.  This is Hadoop's
``FileOutputCommitter`` algorithm 2 in miniature, on a shared file system.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     a, b = TaskAttempt(Path(d), "extract", "s000-p00001", 7), TaskAttempt(Path(d), "extract", "s000-p00001", 9)
...     _ = (a.directory / "x.part").write_text("1"); _ = (b.directory / "x.part").write_text("1")
...     (a.commit({"n": 1}), b.commit({"n": 1}), sorted(p.name for p in committed(Path(d), "extract")))
(True, False, ['s000-p00001'])
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

SUMMARY = "summary.json"
ATTEMPTS = "attempts"


class TaskAttempt:
    """The output folder of one attempt of one task (``tag``) of a stage."""

    def __init__(self, staging: Path, stage: str, tag: str, attempt_id: int) -> None:
        self.final = staging / stage / tag
        self.directory = staging / ATTEMPTS / f"{stage}-{tag}-{attempt_id}"
        if self.directory.exists():  # cannot happen with Spark's unique ids; be safe anyway
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)

    def commit(self, summary: dict[str, Any]) -> bool:
        """Publish this attempt's folder as the partition's; ``False`` if another attempt did first."""
        tmp = self.directory / f"{SUMMARY}.tmp"
        tmp.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.directory / SUMMARY)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(self.directory, self.final)
        except OSError as e:
            if e.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not self.final.is_dir():
                raise
            shutil.rmtree(self.directory, ignore_errors=True)
            return False
        return True

    def abort(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def committed(staging: Path, stage: str) -> list[Path]:
    """The committed partition folders of a stage, sorted by tag."""
    root = staging / stage
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / SUMMARY).is_file())


def read_summary(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    return data
