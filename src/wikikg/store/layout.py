"""The on-disk layout of a wikikg store, and why a killed load never looks complete.

A store is a folder::

    STORE/
      CURRENT          {"generation": "g000002"} — the one complete load that is served
      .lock            held (flock) by a running load
      g000002/         a generation: everything one load produced
        oxigraph/      the RDF store (pyoxigraph, RocksDB)
        lookup.sqlite  the Lookup index (SQLite FTS5)
        store.json     what was loaded: files, triples per dataset, languages, counts

A load writes a *new* generation folder next to the served one and, only when everything in it
is written and flushed, replaces ``CURRENT`` atomically (``os.replace``); then it removes the old
generation.  A load killed at any moment leaves either the old ``CURRENT`` (and a stray
generation folder, which the next ``load`` removes and ``serve``/``query`` mention) or the new
one — never a store that looks complete but is not.  The same pattern as RocksDB's own
``CURRENT`` file and git's ``index.lock``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wikikg.errors import StoreError

CURRENT = "CURRENT"
LOCK = ".lock"
OXIGRAPH = "oxigraph"
LOOKUP = "lookup.sqlite"
MANIFEST = "store.json"
_GENERATION = re.compile(r"^g(\d{6})$")


@dataclass(frozen=True)
class Generation:
    """One generation folder of a store."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def number(self) -> int:
        m = _GENERATION.match(self.name)
        return int(m.group(1)) if m else -1

    @property
    def oxigraph(self) -> Path:
        return self.path / OXIGRAPH

    @property
    def lookup(self) -> Path:
        return self.path / LOOKUP

    @property
    def manifest(self) -> Path:
        return self.path / MANIFEST


class StoreDir:
    """A store folder: its generations, which one is current, and the load lock."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def is_store(self) -> bool:
        """``True`` when the folder has been (or is being) written by ``wikikg load``."""
        return (self.path / CURRENT).exists() or (self.path / LOCK).exists() or bool(self.generations())

    def generations(self) -> list[Generation]:
        if not self.path.is_dir():
            return []
        gens = [Generation(p) for p in self.path.iterdir() if p.is_dir() and _GENERATION.match(p.name)]
        return sorted(gens, key=lambda g: g.number)

    def current(self) -> Generation | None:
        """The generation ``CURRENT`` names, or ``None`` when no load has completed."""
        pointer = self.path / CURRENT
        try:
            data = json.loads(pointer.read_text(encoding="utf-8"))
            name = data["generation"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.path}: unreadable {CURRENT} file ({exc}); run `wikikg load` again") from exc
        if not isinstance(name, str) or not _GENERATION.match(name):
            raise StoreError(f"{self.path}: {CURRENT} names no generation; run `wikikg load` again")
        gen = Generation(self.path / name)
        if not gen.manifest.is_file():
            raise StoreError(f"{self.path}: generation {name} is incomplete; run `wikikg load` again")
        return gen

    def strays(self) -> list[Generation]:
        """Generation folders that are not current: the remains of an interrupted load
        (or of a load running right now — see :meth:`lock`)."""
        try:
            cur = self.current()
        except StoreError:
            cur = None
        return [g for g in self.generations() if cur is None or g.name != cur.name]

    def next_generation(self) -> Generation:
        numbers = [g.number for g in self.generations()]
        return Generation(self.path / f"g{(max(numbers) + 1 if numbers else 1):06d}")

    def publish(self, gen: Generation) -> None:
        """Make ``gen`` the current generation, atomically."""
        tmp = self.path / f"{CURRENT}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"generation": gen.name}, fh)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / CURRENT)
        _fsync_dir(self.path)

    def is_locked(self) -> bool:
        """``True`` while a load holds the lock."""
        lock = self.path / LOCK
        if not lock.exists():
            return False
        with open(lock, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    return True
                raise
            fcntl.flock(fh, fcntl.LOCK_UN)
        return False

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's load lock; a second load at the same time is refused."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / LOCK, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise StoreError(f"{self.path}: another `wikikg load` is writing this store") from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def describe_problem(self) -> str | None:
        """A one-line account of an unfinished load, or ``None`` when there is none."""
        strays = self.strays()
        if not strays:
            return None
        if self.is_locked():
            return f"{self.path}: a load is running right now ({', '.join(g.name for g in strays)})"
        names = ", ".join(g.name for g in strays)
        return f"{self.path}: an earlier load was interrupted and left {names} (ignored; the next load removes it)"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
