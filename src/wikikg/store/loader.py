"""``wikikg load``: bulk-load extractions into a store, atomically and without duplicates.

Every load writes a new generation of the store (see :mod:`wikikg.store.layout`):

* nothing new to load (every file was loaded before with the same content, by SHA-1) → the
  store is left as it is;
* only new datasets → the current generation is copied (RocksDB checkpoint: hard links, no data
  copied) and the new files are bulk-loaded on top;
* a dataset loaded before has changed (a re-extraction) → the store is rebuilt from every file
  it holds, the changed ones replacing the old; ``replace=True`` rebuilds from the given
  folders only.

What a folder holds is what its ``manifest.json`` lists, each file at the size and SHA-1 it records
(:mod:`wikikg.rdf.outfolder`); a folder without a valid manifest is refused, and while the files
are read no ``extract`` publishes into the folder.

The RDF store is a set of triples, so a triple that two files share is stored once.  The files
are streamed through pyoxigraph's bulk loader as one N-Triples stream (decompressed on the fly),
in calls of a bounded number of lines (:data:`PART_LINES`: the bulk loader's memory does not grow
with the input), counting the triples of each file on the way; then the Lookup index is built
from the dataset files that feed it, not from the store (:func:`wikikg.store.lookup.build`: on-disk
tables, no structure of every title in memory).  Each phase reports its progress.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from wikikg import __version__
from wikikg.errors import InputError, StoreError
from wikikg.rdf.datasets import WIKILINKS, Lookup
from wikikg.rdf.ntfiles import open_dataset
from wikikg.rdf.outfolder import OutFolder, sha1_of
from wikikg.store import lookup
from wikikg.store.files import DatasetFile, collect, discover
from wikikg.store.layout import Generation, StoreDir
from wikikg.store.manifest import LoadedFile, StoreManifest
from wikikg.store.progress import Meter, heartbeat

log = logging.getLogger("wikikg")

_CHUNK = 1 << 16


def _feeds_lookup(f: DatasetFile) -> bool:
    """Whether the Lookup index is read from the file (labels, redirects, categories' skos:Concept,
    classes: its dataset's ``lookup`` rule)."""
    return f.rules is not None and f.rules.lookup is not Lookup.NONE


@dataclass
class LoadReport:
    """What a load did."""

    store: Path
    generation: str
    loaded: list[LoadedFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed_strays: list[str] = field(default_factory=list)
    kept: str | None = None  # the previous generation, left for a reader that still holds it
    rebuilt: bool = False
    unchanged: bool = False
    triples: int = 0
    entities: int = 0
    seconds: float = 0.0


class _Stream(io.RawIOBase):
    """Several dataset files read as one N-Triples stream, counting each file's lines, in parts
    of at most ``part_lines`` lines: each part ends (the stream reads as ended) after that many
    lines, and :meth:`resume` starts the next one.

    A file that does not end with a newline gets one, so that two files never run together.
    """

    def __init__(self, files: Sequence[DatasetFile], meter: Meter | None = None, part_lines: int = 1 << 62) -> None:
        self._files = list(files)
        self._meter = meter
        self._index = -1
        self._current: IO[bytes] | None = None
        self._last = b"\n"
        self.lines = [0] * len(files)
        self.first_line = [0] * len(files)
        self._total_lines = 0
        self.part_lines = part_lines
        self.part_start = 0  # lines of the stream before the current part
        self._in_part = 0
        self._pending = b""
        self._paused = False
        self.done = False

    def readable(self) -> bool:
        return True

    def _next(self, size: int) -> bytes:
        """The next bytes of the files (a newline ends each file); ``b""`` after the last one."""
        while True:
            if self._current is None:
                if self._index + 1 >= len(self._files):
                    self.done = True
                    return b""
                self._index += 1
                self._current = open_dataset(self._files[self._index].path)
                self.first_line[self._index] = self._total_lines
            try:
                data = self._current.read(size)
            except (OSError, EOFError) as exc:
                raise InputError(f"{self._files[self._index].path}: cannot read ({exc})") from exc
            if not data:
                self._current.close()
                self._current = None
                if self._last != b"\n":
                    self._last = b"\n"
                    return b"\n"
                continue
            self._last = data[-1:]
            return data

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._paused:
            return 0
        size = min(len(buffer), _CHUNK)
        data = self._pending or self._next(size)
        self._pending = b""
        if not data:
            return 0
        if len(data) > size:
            data, self._pending = data[:size], data[size:]
        n = data.count(b"\n")
        room = self.part_lines - self._in_part
        if n >= room:  # the part ends after its last line: the rest waits for the next part
            cut = -1
            for _ in range(room):
                cut = data.index(b"\n", cut + 1)
            data, self._pending = data[: cut + 1], data[cut + 1:] + self._pending
            self._paused = True
            n = room
        buffer[: len(data)] = data
        self._in_part += n
        self.lines[self._index] += n
        self._total_lines += n
        if self._meter is not None:
            self._meter.update(n)
        return len(data)

    @property
    def finished(self) -> bool:
        return self.done and not self._pending

    def resume(self) -> None:
        """Start the next part."""
        self._paused = False
        self._in_part = 0
        self.part_start = self._total_lines

    def locate(self, line: int) -> tuple[DatasetFile, int]:
        """The file and line within it of line ``line`` (1-based) of the stream."""
        for i in range(len(self._files) - 1, -1, -1):
            if self.first_line[i] < line or i == 0:
                return self._files[i], line - self.first_line[i]
        raise IndexError(line)

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        super().close()


class _Part(io.RawIOBase):
    """One part of a :class:`_Stream`, for one ``bulk_load`` call (which closes what it read)."""

    def __init__(self, stream: _Stream) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        return self._stream.readinto(buffer)


#: lines streamed into one ``Store.bulk_load`` call.  Oxigraph's bulk loader holds a call's
#: triples in memory until it has a batch (a million per thread): one call for every file would
#: cost memory that grows with the input up to that batch, about 0.8 KB a triple measured on the
#: test graph (584 MB for 650,000 triples); parts of this many lines keep it bounded whatever the
#: input, at the cost of one write of the store's files per part.  ``WIKIKG_LOAD_PART_LINES``
#: overrides it.
PART_LINES = int(os.environ.get("WIKIKG_LOAD_PART_LINES", "250000"))


def bulk_load(store: ox.Store, files: Sequence[DatasetFile], *, say: Callable[[str], None] | None = None,
              bar: bool | None = None, part_lines: int | None = None) -> list[int]:
    """Bulk-load ``files`` into ``store``, :data:`PART_LINES` lines per call; the number of
    triples (lines) of each file."""
    if not files:
        return []
    meter = Meter(f"loading {len(files)} dataset files", "triples", say=say, bar=bar)
    stream = _Stream(files, meter, part_lines or PART_LINES)
    try:
        while not stream.finished:
            try:
                store.bulk_load(io.BufferedReader(_Part(stream), _CHUNK), ox.RdfFormat.N_TRIPLES, lenient=True)
            except SyntaxError as exc:
                where = ""
                if exc.lineno:
                    f, line = stream.locate(stream.part_start + exc.lineno)
                    where = f"{f.path}: line {line}: "
                raise InputError(f"{where}not valid N-Triples ({exc.msg})") from exc
            stream.resume()
    finally:
        stream.close()
        meter.close()
    return stream.lines


def lookup_sources(files: Sequence[DatasetFile]) -> list[lookup.Source]:
    """The files the Lookup index reads (its datasets' ``lookup`` rule, and the wikilinks for the
    refCounts), in a fixed order."""
    out = []
    for f in sorted(files, key=lambda f: (f.key, str(f.path))):
        if f.rules is WIKILINKS:
            out.append(lookup.Source(f.path, lookup.LINKS, f.lang))
        elif _feeds_lookup(f):
            assert f.rules is not None
            out.append(lookup.Source(f.path, f.rules.lookup, f.lang))
    return out


def _source(f: DatasetFile) -> str:
    """A file's identity in the store's record: its resolved path."""
    return str(f.path.resolve())


def _software() -> dict[str, str]:
    return {"wikikg": __version__, "pyoxigraph": metadata.version("pyoxigraph")}


def _index_into(out: list[lookup.IndexStats | BaseException], sources: list[lookup.Source], path: Path,
                primary: str, tmp_dir: Path | None, cache_kib: int, say: Callable[[str], None],
                bar: bool | None) -> None:
    try:
        out.append(lookup.build(sources, path, opener=open_dataset, primary_lang=primary, tmp_dir=tmp_dir,
                                cache_kib=cache_kib, say=say, bar=bar))
    except BaseException as exc:  # raised again by the loading thread
        out.append(exc)


def _primary_lang(files: Sequence[LoadedFile | DatasetFile]) -> str:
    langs = {f.lang for f in files}
    if "en" in langs or not langs:
        return "en"
    return sorted(langs)[0]


@contextlib.contextmanager
def _reading(folders: Sequence[Path]) -> Iterator[dict[Path, Mapping[str, Any]]]:
    """Each extraction folder's checked manifest (by resolved path), no run publishing into any
    of them until the block ends."""
    with contextlib.ExitStack() as held:
        manifests: dict[Path, Mapping[str, Any]] = {}
        for folder in folders:
            where = folder.resolve()
            if where not in manifests:
                manifests[where] = held.enter_context(OutFolder(folder).reading())
        yield manifests


def _checked_sha1(f: DatasetFile) -> str:
    """``f``'s SHA-1, which must be the one its extraction's manifest records."""
    sha1 = sha1_of(f.path)
    if f.sha1 and sha1 != f.sha1:
        raise InputError(f"{f.path}: its content is not what the manifest records (SHA-1 {sha1[:12]}…, "
                         f"listed {f.sha1[:12]}…); extract again")
    return sha1


def _listed(source: str) -> DatasetFile | None:
    """The file ``source`` (loaded before) as its folder's manifest lists it now, or ``None``."""
    path = Path(source)
    try:
        files = discover(path.parent)
    except InputError:
        return None
    return next((f for f in files if f.path.name == path.name), None)


def load(folders: Sequence[Path], store_path: Path, *, view: str = "canonical", replace: bool = False,
         progress: Callable[[str], None] | None = None, tmp_dir: Path | None = None, cache_kib: int = 65_536,
         bar: bool | None = None) -> LoadReport:
    """Load every dataset file of ``view`` in ``folders`` (as their manifests list them) into the
    store at ``store_path``.

    ``tmp_dir``: where the Lookup index spills its sorts (default: inside the new generation);
    ``cache_kib``: the memory its SQLite tables may hold; ``bar``: tqdm bars (default: when
    stderr is a terminal) instead of progress lines.
    """
    paths = [Path(f) for f in folders]
    with _reading(paths) as manifests:
        return _load(paths, manifests, store_path, view=view, replace=replace, progress=progress,
                     tmp_dir=tmp_dir, cache_kib=cache_kib, bar=bar)


def _before(loaded: Sequence[LoadedFile]) -> list[DatasetFile]:
    """The files loaded before that the Lookup index reads again; each must still be there with
    the content that was loaded (the index is rebuilt from the files, not from the store)."""
    out = []
    for old in loaded:
        f = DatasetFile.parse(Path(old.source))
        if f is None or not (f.rules is WIKILINKS or _feeds_lookup(f)):
            continue
        if not f.path.is_file() or sha1_of(f.path) != old.sha1:
            raise StoreError(f"{old.source}: loaded before and read again for the Lookup index, but it is gone "
                             "or has changed; load with --replace")
        out.append(f)
    return out


def _abandon(gen: Generation, exc: BaseException) -> None:
    """Remove the generation a load failed to write (one without ``store.json`` is never served:
    this only frees its space now rather than at the next load); an ``OSError`` — a full disk, a
    file that may not grow — becomes the store's one-line error."""
    shutil.rmtree(gen.path, ignore_errors=True)
    if isinstance(exc, OSError):
        raise StoreError(f"{gen.path}: cannot write the store ({' '.join(str(exc).split())})") from exc


def _load(folders: list[Path], manifests: Mapping[Path, Mapping[str, Any]], store_path: Path, *, view: str,
          replace: bool, progress: Callable[[str], None] | None, tmp_dir: Path | None, cache_kib: int,
          bar: bool | None) -> LoadReport:
    say = progress or (lambda msg: log.info("%s", msg))
    start = time.monotonic()
    files = collect(folders, view, manifests)
    sdir = StoreDir(store_path)
    if store_path.exists() and not store_path.is_dir():
        raise StoreError(f"{store_path}: exists and is not a folder")
    if store_path.is_dir() and any(store_path.iterdir()) and not sdir.is_store():
        raise StoreError(f"{store_path}: not a wikikg store (and not empty); choose another folder")
    with sdir.lock():
        report = LoadReport(store_path, "")
        current = sdir.current()
        for stray in sdir.strays():
            older = current is not None and stray.number < current.number
            say(f"removing {stray.name}: " + ("an old generation" if older else "the remains of an interrupted load"))
            if sdir.remove_unused(stray):
                report.removed_strays.append(stray.name)
        previous = StoreManifest.read(current.manifest) if current and not replace else None

        sums = {_source(f): _checked_sha1(f) for f in files}
        todo = files
        base: list[LoadedFile] = []
        rebuild = False
        if previous is not None:
            known = {old.sha1 for old in previous.files}
            changed = [str(f.path) for f in files
                       if (old := previous.by_source(_source(f))) is not None and old.sha1 != sums[_source(f)]]
            # a file loaded before from one of these folders that its manifest no longer lists
            # (the folder was extracted again, e.g. with other extractors or compression)
            listed = {str(where / name) for where, m in manifests.items() for name in m["datasets"]}
            dropped = [old.source for old in previous.files
                       if Path(old.source).parent in manifests and old.source not in listed]
            # a file is new unless the same content was loaded before (from here or a copy)
            todo = [f for f in files if sums[_source(f)] not in known]
            report.skipped = [f.key for f in files if f not in todo]
            if changed or dropped:
                # a re-extraction into a folder loaded before: its old triples must go, and a
                # store cannot tell them apart from the rest — rebuild from every source
                rebuild = True
                todo = files
                report.skipped = []
                given = {_source(f) for f in files} | set(dropped)
                base = [old for old in previous.files if old.source not in given]
                missing = [old.source for old in base if _listed(old.source) is None]
                if missing:
                    what = changed[0] if changed else f"{Path(dropped[0]).parent} (extracted again)"
                    raise StoreError(f"{what} changed since it was loaded, and the store cannot be "
                                     f"rebuilt because {missing[0]} is gone (or no longer part of a finished "
                                     "extraction); load with --replace")
            else:
                base = list(previous.files)
        if previous is not None and not todo:
            assert current is not None
            report.generation = current.name
            report.unchanged = True
            report.triples = previous.triples
            report.entities = int(previous.stats.get("entities", 0))
            report.seconds = time.monotonic() - start
            say(f"nothing new to load: {len(report.skipped)} dataset files already in {store_path}")
            return report

        gen = sdir.next_generation()
        gen.path.mkdir(parents=True)
        report.generation = gen.name
        report.rebuilt = rebuild or replace
        try:
            if current is not None and previous is not None and not rebuild:
                # copy the served generation cheaply: a RocksDB checkpoint hard-links its files
                ox.Store.read_only(str(current.oxigraph)).backup(str(gen.oxigraph))
                store = ox.Store(str(gen.oxigraph))
                loaded_before = list(base)
            else:
                store = ox.Store(str(gen.oxigraph))
                loaded_before = []
                if rebuild:
                    again = [f for o in base if (f := _listed(o.source)) is not None]
                    for f in again:
                        sums[_source(f)] = _checked_sha1(f)
                    todo = [*again, *todo]
        except BaseException as exc:
            _abandon(gen, exc)
            raise

        say(f"loading {len(todo)} dataset files into {store_path} ({gen.name})")
        try:
            # the Lookup index reads its files while the store loads them (its own thread: the bulk
            # loader and SQLite work outside the GIL)
            primary = _primary_lang([*loaded_before, *todo])
            sources = lookup_sources([*todo, *_before(loaded_before)])
            phases = {"triples": time.monotonic()}
            indexed: list[lookup.IndexStats | BaseException] = []
            indexer = threading.Thread(target=_index_into, name="wikikg-lookup", daemon=True, args=(
                indexed, sources, gen.lookup, primary, tmp_dir, cache_kib, say, bar))
            indexer.start()
            try:
                counts = dict(zip(map(id, todo), bulk_load(store, todo, say=say, bar=bar), strict=True))
                phases["flush"] = time.monotonic()
                with heartbeat("writing the store's files", say):
                    store.flush()
                phases["wait"] = time.monotonic()
            finally:
                indexer.join()
            phases["end"] = time.monotonic()
            if not indexed:
                raise StoreError("building the Lookup index failed")
            if isinstance(indexed[0], BaseException):
                raise indexed[0]
            stats = indexed[0]
            took = stats.seconds
            new_files = [LoadedFile(f.key, f.name, f.dataset, f.lang, list(f.variants), _source(f),
                                    sums[_source(f)], f.path.stat().st_size, counts[id(f)])
                         for f in todo]
            report.loaded = new_files
            every = sorted([*loaded_before, *new_files], key=lambda f: (f.key, f.source))
            triples = len(store)
        except BaseException as exc:
            del store  # closes the RDF store before its folder goes
            _abandon(gen, exc)
            raise
        del store

        manifest = StoreManifest(
            generation=gen.name,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            view=view,
            files=every,
            triples=triples,
            languages=sorted({f.lang for f in every}),
            namespaces={ns: str(n) for ns, n in stats.namespaces.items()},
            stats={"entities": stats.labelled, "linked": stats.entities - stats.labelled, "names": stats.names, "redirects": stats.redirects,
                   "categories": stats.categories, "typed": stats.typed,
                   "types": stats.specific or stats.types,
                   "primary_lang": primary,
                   # how long each phase took (seconds): the bulk load, writing the store's files, the Lookup index
                   "seconds": {"triples": round(phases["flush"] - phases["triples"], 3),
                               "flush": round(phases["wait"] - phases["flush"], 3),
                               # the index's own time, mostly while the store loads; and how much longer it took
                               "lookup": round(took, 3), "lookup_after_load": round(phases["end"] - phases["wait"], 3)}},
            software=_software(),
            load_seconds=round(time.monotonic() - start, 3),
        )
        manifest.write(gen.manifest)
        sdir.publish(gen)
        if current is not None and not sdir.remove_unused(current):
            # a server (or `wikikg query`) still reads it: it removes it when done, or the next load does
            report.kept = current.name
            say(f"kept {current.name} for the server reading it; removed once it has switched to {gen.name}")
        report.triples = triples
        report.entities = stats.labelled
        report.seconds = time.monotonic() - start
        return report
