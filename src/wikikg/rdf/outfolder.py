"""An extraction's output folder (``OUT``): one run at a time, published whole, read through its manifest.

``OUT`` holds the dataset files of one finished extraction and its ``manifest.json``, which lists
every file with its size and SHA-1.  The manifest is the contract between ``extract`` and
``load``: a file it does not list is not part of the extraction, and a folder without it is not
an extraction at all.

Who may write.  A run holds ``OUT/.wikikg.lock`` (``flock``, exclusive, the run's pid written in
it) from start to end; a second run into the same folder is refused and told the first one's pid.
A run builds everything in its own ``OUT/.partial-<pid>-<random>`` and touches nothing else of
``OUT`` until it publishes.  When it starts, any other ``.partial-*`` is a dead run's (only the
lock holder writes one) and is removed.

Publishing is a journal, under ``OUT/.wikikg.publish.lock`` (exclusive; a ``load`` reading the
folder holds it shared, so the files do not change under it):

1. the old ``manifest.json`` moves into ``OUT/.previous/`` — from here until step 4 the folder
   has no manifest, so nothing reads it as finished;
2. every dataset file of ``OUT`` (listed by the old manifest or a stale leftover) moves there too
   (which ones, and which new ones come in, is written first, in ``.previous/journal.json``);
3. the new files move in from the partial folder;
4. the new ``manifest.json`` is written (to a temporary name, synced, renamed);
5. ``.previous`` is removed.

A publish killed at any step is repaired by whoever takes the lock next (a run, or a ``load``):
a ``.previous`` beside a ``manifest.json`` is the remains of step 5 and goes; a ``.previous``
without one is rolled back — the new files the journal names are removed, the old ones still in
``.previous`` move back, the old manifest last.  So ``OUT`` always holds the previous finished
run or the new one, never a mix, and files an earlier run wrote that the new one did not are gone
once the new one is published.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from wikikg.errors import ConfigError, InputError
from wikikg.rdf.datasets import parse_filename

MANIFEST = "manifest.json"
LOCK = ".wikikg.lock"
PUBLISH_LOCK = ".wikikg.publish.lock"
PREVIOUS = ".previous"
JOURNAL = "journal.json"  #: in ``.previous``: the files a publish moves aside (old) and in (new)
PARTIAL = ".partial-"
LEGACY_PARTIAL = ".wikikg-partial"  #: the shared work folder of runs before each had its own

log = logging.getLogger("wikikg")


def sha1_of(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def is_dataset_name(name: str) -> bool:
    """``True`` for a plain file name that names a dataset file (``labels_lang=en.nt.gz``)."""
    return "/" not in name and not name.startswith(".") and parse_filename(name) is not None


class OutFolder:
    """The output folder of ``wikikg extract``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    # --- writing ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def run(self) -> Iterator[Path]:
        """Hold the run lock, repair or clean what dead runs left, and yield a private work folder
        (removed when the block ends, whatever happens)."""
        self.path.mkdir(parents=True, exist_ok=True)
        with self._run_lock():
            # a load reading the folder holds the publish lock shared; then there is nothing to
            # repair (it repaired first), and this run does not wait for it
            with self._publish_lock(fcntl.LOCK_EX | fcntl.LOCK_NB) as fd:
                if fd is not None:
                    self.recover()
            for entry in self.path.iterdir():
                if entry.is_dir() and (entry.name.startswith(PARTIAL) or entry.name == LEGACY_PARTIAL):
                    shutil.rmtree(entry, ignore_errors=True)
            partial = self.path / f"{PARTIAL}{os.getpid()}-{secrets.token_hex(4)}"
            partial.mkdir()
            try:
                yield partial
            finally:
                shutil.rmtree(partial, ignore_errors=True)

    @contextlib.contextmanager
    def _run_lock(self) -> Iterator[None]:
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                raise ConfigError(f"{self.path}: another `wikikg extract` ({_holder(fd)}) is writing "
                                  "this folder; wait for it or choose another -o") from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield
        finally:
            os.close(fd)  # releases the lock

    @contextlib.contextmanager
    def _publish_lock(self, mode: int) -> Iterator[int | None]:
        """Hold the publish lock in ``mode``, waiting for it (a publish takes moments, a load as long
        as it reads) unless ``mode`` has ``LOCK_NB``; yields the descriptor, or ``None`` when the
        lock was not taken: not free (``LOCK_NB``), or a folder this user may not write, where no
        run publishes."""
        try:
            fd = os.open(self.path / PUBLISH_LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            yield None
            return
        try:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                if mode & fcntl.LOCK_NB:  # not now: the caller goes on without it
                    os.close(fd)
                    fd = -1
                else:
                    if mode & fcntl.LOCK_EX:
                        log.info("%s: waiting for the `wikikg load` reading it to finish", self.path)
                    fcntl.flock(fd, mode)
            yield fd if fd >= 0 else None
        finally:
            if fd >= 0:
                os.close(fd)

    def publish(self, partial: Path, files: Mapping[str, int], manifest: Mapping[str, Any]) -> dict[str, Any]:
        """Publish the files ``files`` (name → triples) of ``partial`` with ``manifest``, whose
        ``datasets`` gets each file's size and SHA-1; return the manifest as written."""
        from wikikg.progress import Step  # a bar or log lines while big files are hashed

        datasets: dict[str, Any] = {}
        given = manifest.get("datasets") or {}
        step = Step("publish: SHA-1 of the files", "bytes")
        for name, triples in sorted(files.items()):
            if not is_dataset_name(name):
                raise ValueError(f"not a dataset file name: {name!r}")
            path = partial / name
            entry = dict(given.get(name) or {})
            if not triples and not path.exists():  # listed, with no file: nothing to read
                entry.update(triples=0)
                entry.pop("bytes", None)
                entry.pop("sha1", None)
            else:
                entry.update(triples=triples, bytes=path.stat().st_size, sha1=sha1_of(path))
                step.add(entry["bytes"])
            datasets[name] = entry
        step.close()
        final = {**manifest, "datasets": datasets}
        text = json.dumps(final, indent=2, ensure_ascii=False) + "\n"
        with self._publish_lock(fcntl.LOCK_EX):
            self.recover()
            previous = self.path / PREVIOUS
            previous.mkdir()
            olds = self._dataset_files()
            plan = {"old": [p.name for p in olds], "new": sorted(datasets)}
            _write_synced(previous / JOURNAL, json.dumps(plan, ensure_ascii=False))
            if (self.path / MANIFEST).exists():
                os.replace(self.path / MANIFEST, previous / MANIFEST)
            for old in olds:
                os.replace(old, previous / old.name)
            for name, entry in datasets.items():
                if "sha1" in entry:
                    os.replace(partial / name, self.path / name)
            _write_synced(self.path / MANIFEST, text, tmp=partial / f"{MANIFEST}.tmp")
            fsync_dir(self.path)
            shutil.rmtree(previous)
        return final

    def recover(self) -> None:
        """Finish or roll back a publish that was killed (see the module's docstring); repairing
        twice, or a repair killed half-way and repaired again, comes to the same.  Call it
        holding the publish lock exclusively."""
        previous = self.path / PREVIOUS
        if not previous.is_dir():
            return
        journal = previous / JOURNAL
        if not (self.path / MANIFEST).exists() and journal.exists():
            plan = json.loads(journal.read_text(encoding="utf-8"))
            for name in set(plan["new"]) - set(plan["old"]):  # moved in, never here before
                (self.path / name).unlink(missing_ok=True)
            for name in plan["old"]:  # what is still aside (the rest is back, or was never moved)
                if (previous / name).exists():
                    os.replace(previous / name, self.path / name)
            if (previous / MANIFEST).exists():
                os.replace(previous / MANIFEST, self.path / MANIFEST)
            fsync_dir(self.path)
        # a manifest in place: the publish ended (or never began moving); ``.previous`` is done with
        shutil.rmtree(previous)

    def _dataset_files(self) -> list[Path]:
        return sorted(p for p in self.path.iterdir() if p.is_file() and is_dataset_name(p.name))

    # --- reading ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def reading(self) -> Iterator[dict[str, Any]]:
        """The folder's manifest, checked (see :meth:`manifest`), while no run publishes into it."""
        if not self.path.exists():
            raise InputError(f"{self.path}: no such folder")
        if not self.path.is_dir():
            raise InputError(f"{self.path}: not a folder (give the output folder of `wikikg extract`)")
        with self._publish_lock(fcntl.LOCK_SH) as fd:
            if fd is not None and (self.path / PREVIOUS).is_dir():  # a publish was killed: repair it
                fcntl.flock(fd, fcntl.LOCK_EX)
                self.recover()
                fcntl.flock(fd, fcntl.LOCK_SH)
            yield self.manifest()

    def manifest(self) -> dict[str, Any]:
        """The manifest, with every file it lists present at its recorded size; one clear
        :class:`InputError` otherwise."""
        path = self.path / MANIFEST
        if not path.is_file():
            raise InputError(f"{self.path} is not a finished extraction: no {MANIFEST}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: unreadable manifest ({exc}); extract again") from None
        datasets = data.get("datasets") if isinstance(data, dict) else None
        if not isinstance(datasets, dict):
            raise InputError(f"{path}: the manifest lists no datasets; extract again")
        for name, entry in datasets.items():
            if not is_dataset_name(name):
                raise InputError(f"{path}: lists {name!r}, which is not a dataset file of this folder")
            if isinstance(entry, dict) and is_empty_entry(entry):
                continue  # a dataset with no triple has no file
            if (not isinstance(entry, dict) or not isinstance(entry.get("bytes"), int)
                    or not isinstance(entry.get("sha1"), str)):
                raise InputError(f"{path}: no size and SHA-1 for {name} (written by an older wikikg?); "
                                 "extract again")
            file = self.path / name
            try:
                size = file.stat().st_size
            except FileNotFoundError:
                raise InputError(f"{file}: listed in the manifest but missing; extract again") from None
            if size != entry["bytes"]:
                raise InputError(f"{file}: {size:,} bytes, but the manifest lists {entry['bytes']:,} "
                                 "(changed or cut short since the extraction); extract again")
        return dict(data)


def is_empty_entry(entry: Mapping[str, Any]) -> bool:
    """Whether a manifest entry is a dataset that holds no triple and so has no file.

    >>> is_empty_entry({"triples": 0}), is_empty_entry({"triples": 0, "bytes": 20, "sha1": "ab"})
    (True, False)
    """
    return entry.get("triples") == 0 and "sha1" not in entry and "bytes" not in entry


def _holder(fd: int) -> str:
    """Who holds the run lock, from the pid it wrote (it may not have written it yet)."""
    for _ in range(100):  # up to a second
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return f"pid {text}"
        time.sleep(0.01)
    return "pid unknown"


def _write_synced(path: Path, text: str, tmp: Path | None = None) -> None:
    """Write ``text`` to ``path`` whole or not at all: to ``tmp`` (synced), then renamed."""
    tmp = tmp or path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (a rename, a new file) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
