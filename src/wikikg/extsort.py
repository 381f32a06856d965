"""Bounded memory for the whole-run steps: an external merge sort of lines, and an on-disk map.

The steps after the pass (transitive redirects, objects resolved through them, the interlanguage
join and canonical view, ``unique`` datasets, the type-consistency check) see every title of an
edition at once; English Wikipedia has ~23 million pages and ~11 million redirects, which as
Python dicts need tens of GB.  They work instead from:

* :func:`sort_lines` — lines sorted in runs of at most ``budget`` bytes (sorted in memory, written
  to temporary files), merged with :func:`heapq.merge`; optional key, optional de-duplication;
* :class:`DiskMap` — a key → value table in SQLite, filled from sorted input (so that the B-tree is
  appended to, not written at random) and read by point look-ups, with a page cache of ``budget``
  bytes.

Why both: a step that writes its output *in key order* (``unique`` datasets, the sorted link
datasets) is a sort.  A step that rewrites a big file *in its own order* (every object of
``wikilinks`` looked up in the redirect map; every subject and object of a dataset looked up in the
canonical map) would take two sorts of that file per rewrite with a sort-join, each costing about
what the line costs to decompress, split and write again; one look-up in a SQLite B-tree costs
~3 µs (measured in the post steps of ``make bench-scale``: ~2 µs in ``execute``, the rest in the
cursor), and keeps the file's order and the steps' exact rules (first or last wins, the chain walk
of :func:`~wikikg.pipeline.redirects.resolve_transitive`).  The keys read last are kept in memory
(:func:`cache_entries`): links aim at a few pages far more often than at the rest, which halved
the post steps of the benchmark.

The budget is ``options["sort_budget"]`` (bytes) or the environment's ``WIKIKG_SORT_BUDGET``,
else :data:`DEFAULT_BUDGET`; tests force a few kB so that the spill-and-merge path runs.
Temporary files live in the run's private folder (the same disk as the output); a full disk is
one clear line (:class:`~wikikg.errors.OutputError`).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import heapq
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from wikikg.errors import WikiKGError

DEFAULT_BUDGET = 256 << 20  #: bytes of lines sorted in memory per run / SQLite page cache
MIN_BUDGET = 1 << 10


class OutputError(WikiKGError):
    """A temporary or output file could not be written (the disk is full, a file size limit …)."""


def budget(options: Mapping[str, Any] | None = None) -> int:
    """The memory budget of a step, in bytes."""
    raw = (options or {}).get("sort_budget") or os.environ.get("WIKIKG_SORT_BUDGET") or DEFAULT_BUDGET
    try:
        return max(MIN_BUDGET, int(raw))
    except ValueError:
        raise WikiKGError(f"WIKIKG_SORT_BUDGET={raw!r} is not a number of bytes") from None


#: the errors of a write that found no room: the disk or the quota is full, or a file size limit
DISK_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


@contextlib.contextmanager
def disk_errors(what: str) -> Iterator[None]:
    """Turn a write that found no room (full disk, quota, file size limit) into one clear line;
    other errors go on as they are."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "full" not in str(exc) and "disk" not in str(exc):
            raise
        raise OutputError(f"{what}: {exc} (is the disk full?)") from None
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"{what}: {exc.strerror}{where}: is the disk full?") from None


class TempDir:
    """A private temporary folder under ``parent`` (the run's partial folder), removed on close."""

    def __init__(self, parent: Path | None) -> None:
        with disk_errors("cannot create a temporary folder"):
            self.path = Path(tempfile.mkdtemp(prefix=".sort-", dir=parent))

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _write_run(lines: list[str], directory: Path, n: int) -> Path:
    path = directory / f"run{n:06d}"
    with disk_errors(f"sorting into {directory}"), open(path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)
    return path


def _read_run(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n") as f:
        yield from f


def sort_lines(lines: Iterable[str], directory: Path, *, budget_bytes: int = DEFAULT_BUDGET,
               key: Callable[[str], Any] | None = None, unique: bool = False) -> Iterator[str]:
    """``lines`` (each ending in a newline, holding no other) in sorted order, using at most about
    ``budget_bytes`` of lines in memory; runs spill to ``directory``.  The sort is stable (equal
    keys keep their input order); with ``unique``, a line equal to the one before it is dropped.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     list(sort_lines(["b\\n", "a\\n", "c\\n", "a\\n"], Path(d), budget_bytes=4, unique=True))
    ['a\\n', 'b\\n', 'c\\n']
    """
    runs: list[Path] = []
    buf: list[str] = []
    size = 0
    for ln in lines:
        buf.append(ln)
        size += len(ln) + 50  # a str object's overhead
        if size >= budget_bytes:
            buf.sort(key=key)
            runs.append(_write_run(_dedup_list(buf) if unique else buf, directory, len(runs)))
            buf, size = [], 0
    buf.sort(key=key)
    if not runs:
        merged: Iterable[str] = buf
    else:
        if buf:
            runs.append(_write_run(buf, directory, len(runs)))
        buf = []
        merged = heapq.merge(*(_read_run(r) for r in runs), key=key)
    try:
        if unique:
            yield from _dedup(merged)
        else:
            yield from merged
    finally:
        for r in runs:
            with contextlib.suppress(OSError):
                r.unlink()


def _dedup(lines: Iterable[str]) -> Iterator[str]:
    last = None
    for ln in lines:
        if ln != last:
            yield ln
            last = ln


def _dedup_list(lines: list[str]) -> list[str]:
    return list(_dedup(lines))


def cache_entries(budget_bytes: int) -> int:
    """How many looked-up keys a table keeps in memory: a quarter of the budget, ~250 bytes each."""
    return max(16, budget_bytes // 1000)


class DiskMap(MutableMapping[str, str]):
    """A str → str table on disk (SQLite), with a page cache of about ``budget_bytes``.

    Fill it with :meth:`load` (pairs in key order are fastest; ``first`` or last value of a key
    wins) or item assignment; read it with ``get``/``in``/``[]``; iteration is in key order.
    """

    def __init__(self, directory: Path, name: str = "map", budget_bytes: int = DEFAULT_BUDGET) -> None:
        self.path = directory / f"{name}.sqlite"
        with disk_errors(f"cannot create {self.path}"):
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.execute("PRAGMA temp_store=FILE")
            self.db.execute(f"PRAGMA cache_size=-{max(1, budget_bytes // 1024)}")
            self.db.execute("CREATE TABLE m (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            self.db.execute("BEGIN")
        self.what = str(self.path)
        #: the last keys read, kept in memory (links and redirects aim at a few pages far more often
        #: than at the rest): a share of the budget, emptied by every write
        self._get = functools.lru_cache(maxsize=cache_entries(budget_bytes))(self._lookup)

    def load(self, pairs: Iterable[Sequence[str]], *, first: bool = False) -> None:
        self._get.cache_clear()
        sql = f"INSERT OR {'IGNORE' if first else 'REPLACE'} INTO m VALUES (?, ?)"
        with disk_errors(f"writing {self.what}"):
            self.db.executemany(sql, pairs)

    def __setitem__(self, key: str, value: str) -> None:
        self._get.cache_clear()
        with disk_errors(f"writing {self.what}"):
            self.db.execute("INSERT OR REPLACE INTO m VALUES (?, ?)", (key, value))

    def _lookup(self, key: str) -> str | None:
        row = self.db.execute("SELECT v FROM m WHERE k = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def get(self, key: str, default: Any = None) -> Any:
        value = self._get(key)
        return default if value is None else value

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return str(value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._get(key) is not None

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM m").fetchone()[0])

    def __delitem__(self, key: str) -> None:
        self._get.cache_clear()
        self.db.execute("DELETE FROM m WHERE k = ?", (key,))

    def sorted_items(self) -> Iterator[tuple[str, str]]:
        """Every pair in key order (the map is not to be written while this runs)."""
        cur = self.db.execute("SELECT k, v FROM m ORDER BY k")
        while rows := cur.fetchmany(4096):
            yield from rows

    def __iter__(self) -> Iterator[str]:
        for k, _ in self.sorted_items():
            yield k

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        with contextlib.suppress(OSError):
            self.path.unlink()

