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

Readers and the old generation.  A running ``wikikg serve`` (or ``wikikg query``) reads the
generation it opened, and a server switches to a new one only after the load has published it
(:mod:`wikikg.server.live`), so for a moment — and for as long as its requests in flight last —
it still reads the old one.  Deleting that folder under it is *not* safe, even on Linux where an
unlinked file stays readable through an open descriptor: pyoxigraph opens a read-only RocksDB
with a bounded ``max_open_files`` and opens its table files (``*.sst``) lazily, on the first read
that needs each one.  Checked with pyoxigraph 0.5: a store of 126 ``.sst`` files, opened
read-only with 22 descriptors, removed, then queried by object → ``FileNotFoundError: IO error:
No such file or directory: While open a file for random read: …/000208.sst``.  So:

* a reader *leases* the generation it opens (:meth:`StoreDir.lease_current`): a shared
  ``flock`` on the generation's ``store.json``, held until it lets go of the generation;
* a load, after publishing, removes the old generation only when no reader holds it
  (:meth:`StoreDir.remove_unused`: an exclusive, non-blocking ``flock``); otherwise it leaves it;
* whoever lets go of it last removes it: a server after its last request on the old generation
  finished, or else the next load (a generation no reader holds is a :meth:`StoreDir.strays`).

A lease is taken, then ``CURRENT`` is read again: a load that published and removed the
generation between the two reads is noticed, and the reader leases the new one instead.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wikikg.errors import StoreError
from wikikg.rdf.outfolder import fsync_dir

CURRENT = "CURRENT"
LOCK = ".lock"
OXIGRAPH = "oxigraph"
LOOKUP = "lookup.sqlite"
MANIFEST = "store.json"
_GENERATION = re.compile(r"^g(\d{6})$")
_LEASE_TRIES = 100  # CURRENT changing under a reader this many times in a row is not a store


class Lease:
    """A reader's hold on one generation (a shared ``flock`` on its ``store.json``): while it is
    held, neither a load nor another server removes the generation.  Released by :meth:`release`,
    or when the lease is garbage-collected."""

    def __init__(self, fd: int) -> None:
        self._release = weakref.finalize(self, os.close, fd)

    def release(self) -> None:
        self._release()

    @property
    def held(self) -> bool:
        return self._release.alive


def _try_lock(path: Path, mode: int) -> int | None:
    """An open descriptor of ``path`` locked with ``mode`` (without waiting), or ``None`` when
    another process holds a conflicting lock.  :class:`FileNotFoundError` when there is no file."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return None
        raise
    return fd


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
        """Generation folders that are neither current nor read by anyone: the remains of an
        interrupted load (or of a load running right now — see :meth:`lock`), or an old
        generation whose readers have all let go."""
        try:
            cur = self.current()
        except StoreError:
            cur = None
        return [g for g in self.generations() if (cur is None or g.name != cur.name) and not self.in_use(g)]

    def lease_current(self) -> tuple[Generation, Lease] | None:
        """The current generation, leased (see the module's docstring); ``None`` when no load
        has completed."""
        for _ in range(_LEASE_TRIES):
            gen = self.current()
            if gen is None:
                return None
            try:
                fd = _try_lock(gen.manifest, fcntl.LOCK_SH)
            except FileNotFoundError:
                fd = None  # published over and removed between the two reads
            if fd is not None:
                lease = Lease(fd)
                again = self.current()
                if again is not None and again.name == gen.name:
                    return gen, lease
                lease.release()
            time.sleep(0.01)
        raise StoreError(f"{self.path}: {CURRENT} keeps changing; is a load running in a loop?")

    def in_use(self, gen: Generation) -> bool:
        """``True`` while a reader holds a lease on ``gen``."""
        try:
            fd = _try_lock(gen.manifest, fcntl.LOCK_EX)
        except FileNotFoundError:
            return False  # never complete, so never read
        if fd is None:
            return True
        os.close(fd)
        return False

    def remove_unused(self, gen: Generation) -> bool:
        """Remove ``gen`` unless it is current or a reader holds it; ``True`` when it is gone.

        Call it holding the load :meth:`lock` (a generation without ``store.json`` may be one a
        load is writing), or for a generation older than the current one.
        """
        cur = self.current()
        if cur is not None and cur.name == gen.name:
            return False
        try:
            fd = _try_lock(gen.manifest, fcntl.LOCK_EX)
        except FileNotFoundError:
            shutil.rmtree(gen.path, ignore_errors=True)
            return not gen.path.exists()
        if fd is None:
            return False
        try:
            # while we hold it, a reader that gets here late fails to lease it and moves on
            shutil.rmtree(gen.path, ignore_errors=True)
        finally:
            os.close(fd)
        return not gen.path.exists()

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
        fsync_dir(self.path)

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
        try:
            cur = self.current()
        except StoreError:
            cur = None
        # older than the current one: a generation its last reader could not remove — not a problem
        strays = [g for g in self.strays() if cur is None or g.number > cur.number]
        if not strays:
            return None
        if self.is_locked():
            return f"{self.path}: a load is running right now ({', '.join(g.name for g in strays)})"
        names = ", ".join(g.name for g in strays)
        return f"{self.path}: an earlier load was interrupted and left {names} (ignored; the next load removes it)"
