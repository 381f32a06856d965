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
counting the triples of each file on the way; then the Lookup index is built from the store.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from wikikg import __version__
from wikikg.errors import InputError, StoreError
from wikikg.rdf import vocab
from wikikg.rdf.datasets import Lookup
from wikikg.rdf.ntfiles import iri_pairs, open_dataset
from wikikg.rdf.outfolder import OutFolder, sha1_of
from wikikg.store import lookup
from wikikg.store.files import DatasetFile, collect, discover
from wikikg.store.layout import StoreDir
from wikikg.store.manifest import LoadedFile, StoreManifest

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
    """Several dataset files read as one N-Triples stream, counting each file's lines.

    A file that does not end with a newline gets one, so that two files never run together.
    """

    def __init__(self, files: Sequence[DatasetFile]) -> None:
        self._files = list(files)
        self._index = -1
        self._current: IO[bytes] | None = None
        self._last = b"\n"
        self.lines = [0] * len(files)
        self.first_line = [0] * len(files)
        self._total_lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while True:
            if self._current is None:
                self._index += 1
                if self._index >= len(self._files):
                    return 0
                self._current = open_dataset(self._files[self._index].path)
                self.first_line[self._index] = self._total_lines
            try:
                data = self._current.read(min(len(buffer), _CHUNK))
            except (OSError, EOFError) as exc:
                raise InputError(f"{self._files[self._index].path}: cannot read ({exc})") from exc
            if not data:
                self._current.close()
                self._current = None
                if self._last != b"\n":
                    self._last = b"\n"
                    buffer[0:1] = b"\n"
                    self._count(b"\n")
                    return 1
                continue
            self._last = data[-1:]
            n = len(data)
            buffer[:n] = data
            self._count(data)
            return n

    def _count(self, data: bytes) -> None:
        n = data.count(b"\n")
        self.lines[self._index] += n
        self._total_lines += n

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


def bulk_load(store: ox.Store, files: Sequence[DatasetFile]) -> list[int]:
    """Bulk-load ``files`` into ``store``; the number of triples (lines) of each file."""
    if not files:
        return []
    stream = _Stream(files)
    try:
        store.bulk_load(io.BufferedReader(stream, _CHUNK), ox.RdfFormat.N_TRIPLES, lenient=True)
    except SyntaxError as exc:
        where = ""
        if exc.lineno:
            f, line = stream.locate(exc.lineno)
            where = f"{f.path}: line {line}: "
        raise InputError(f"{where}not valid N-Triples ({exc.msg})") from exc
    finally:
        stream.close()
    return stream.lines


def specific_types(files: Sequence[DatasetFile], primary_lang: str = "en") -> dict[str, list[str]]:
    """Each resource's most specific classes, from the ``instance-types`` datasets without the
    ``transitive`` variant (DBpedia writes the most specific class there and the superclasses in
    ``…_transitive``; in the store both are plain ``rdf:type``).

    Editions map the same resource to different classes (dewiki's infobox may say PopulatedPlace
    where enwiki's says City): the main edition's choice wins, the others fill in where it has
    none; ``owl:Thing`` only where nothing else is known.
    """
    by_lang: dict[str, dict[str, list[str]]] = {}
    for f in files:
        if f.rules is None or f.rules.lookup is not Lookup.SPECIFIC_TYPES or not f.path.is_file():
            continue
        found = by_lang.setdefault(f.lang, {})
        with open_dataset(f.path, "rt") as fh:
            for t in iri_pairs(fh):
                if t[1] == vocab.RDF_TYPE:
                    found.setdefault(t[0], []).append(t[2])
    merged: dict[str, list[str]] = {}
    for lang in sorted(by_lang, key=lambda lang: (lang != primary_lang, lang)):
        for iri, types in by_lang[lang].items():
            merged.setdefault(iri, types)
    thing = vocab.OWL_THING
    return {iri: ([t for t in types if t != thing] or types) for iri, types in merged.items()}


def _collect_into(store: ox.Store, out: list[lookup.Names]) -> None:
    out.append(lookup.collect(store))


def _source(f: DatasetFile) -> str:
    """A file's identity in the store's record: its resolved path."""
    return str(f.path.resolve())


def _software() -> dict[str, str]:
    return {"wikikg": __version__, "pyoxigraph": metadata.version("pyoxigraph")}


def _primary_lang(files: Sequence[LoadedFile]) -> str:
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
         progress: Callable[[str], None] | None = None) -> LoadReport:
    """Load every dataset file of ``view`` in ``folders`` (as their manifests list them) into the
    store at ``store_path``."""
    paths = [Path(f) for f in folders]
    with _reading(paths) as manifests:
        return _load(paths, manifests, store_path, view=view, replace=replace, progress=progress)


def _load(folders: list[Path], manifests: Mapping[Path, Mapping[str, Any]], store_path: Path, *, view: str,
          replace: bool, progress: Callable[[str], None] | None) -> LoadReport:
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

        say(f"loading {len(todo)} dataset files into {store_path} ({gen.name})")
        # the datasets the Lookup index reads first; it reads them while the rest is loading
        first = [f for f in todo if _feeds_lookup(f)]
        rest = [f for f in todo if not _feeds_lookup(f)]
        counts = dict(zip(map(id, first), bulk_load(store, first), strict=True))
        names: list[lookup.Names] = []
        reader = threading.Thread(target=_collect_into, args=(store, names), name="wikikg-names")
        reader.start()
        try:
            counts.update(zip(map(id, rest), bulk_load(store, rest), strict=True))
        finally:
            reader.join()
        if not names:
            raise StoreError("reading the labels for the Lookup index failed")
        new_files = [LoadedFile(f.key, f.name, f.dataset, f.lang, list(f.variants), _source(f),
                                sums[_source(f)], f.path.stat().st_size, counts[id(f)])
                     for f in todo]
        report.loaded = new_files
        every = sorted([*loaded_before, *new_files], key=lambda f: (f.key, f.source))
        primary = _primary_lang(every)
        store.flush()
        say("building the Lookup index")
        every_source = [*todo] + [f for o in loaded_before if (f := DatasetFile.parse(Path(o.source)))]
        specific = specific_types(every_source, primary)
        stats = lookup.build(store, gen.lookup, primary_lang=primary, specific_types=specific, names=names[0])
        triples = len(store)
        store.flush()
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
                   "types": Counter(t for ts in specific.values() for t in ts).most_common(20) or stats.types,
                   "primary_lang": primary},
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
