"""The ontology and mappings of a worker process, loaded once and shared by every extractor.

Parsing them takes about half a second (the English mappings most of it), a fixed cost of every
run.  So the parsed objects are also kept on disk, as ``.pyc`` files keep compiled modules: a pickle
in ``<cache>/parsed/`` named after the identity of its sources (path, size, modification time) and
of this wikikg version, read back in a fraction of the time.  A changed source file changes the
name, so a stale cache is never read; an unreadable one is rebuilt.

Within a process they are kept in the ``resources`` dictionary
(:class:`~wikikg.extractors.base.ExtractionContext.resources`), keyed by folder and language.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from wikikg import __version__
from wikikg.ontology.mapping_model import Mappings
from wikikg.ontology.mappings_loader import load_mappings, mapping_file
from wikikg.ontology.model import Ontology
from wikikg.ontology.reader import load_ontology
from wikikg.ontology.source import default_cache_dir, mappings_dir

T = TypeVar("T")


def _ontology_folder(folder: Path) -> Path:
    return folder / "ontology" if (folder / "ontology").is_dir() else folder


def _ontology_files(folder: Path) -> list[Path]:
    base = _ontology_folder(folder)
    return sorted(p for p in base.iterdir() if p.suffix in (".ttl", ".owl", ".xml", ".nt")) if base.is_dir() else []


def _shared_objects(ontology: Ontology) -> dict[int, tuple[str, str]]:
    """``id()`` of the ontology and of each of its classes, properties and datatypes → a name."""
    ids: dict[int, tuple[str, str]] = {id(ontology): ("ontology", "")}
    for kind, table in (("class", ontology.classes), ("property", ontology.properties),
                        ("datatype", ontology.datatypes)):
        for iri, obj in table.items():
            ids[id(obj)] = (kind, str(iri))
    return ids


class _AgainstPickler(pickle.Pickler):
    """Pickles the objects of an ontology as references, so that what refers to them is read back
    onto the ontology already in memory (see :func:`cached_build`)."""

    def __init__(self, f: Any, ontology: Ontology) -> None:
        super().__init__(f, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = _shared_objects(ontology)

    def persistent_id(self, obj: Any) -> Any:
        return self.shared.get(id(obj))


class _AgainstUnpickler(pickle.Unpickler):
    def __init__(self, f: Any, ontology: Ontology) -> None:
        super().__init__(f)
        self.ontology = ontology

    def persistent_load(self, pid: Any) -> Any:
        kind, iri = pid
        if kind == "ontology":
            return self.ontology
        table: Any = {"class": self.ontology.classes, "property": self.ontology.properties,
                      "datatype": self.ontology.datatypes}[kind]
        return table[iri]


def cached_build(kind: str, sources: list[Path], build: Callable[[], T], cache: Path | None,
                 against: Ontology | None = None) -> T:
    """``build()``, or its result as pickled earlier for the same ``sources`` under ``cache``.

    With ``against``, the result refers to that ontology (already in memory): its objects are
    pickled as references and read back onto it, never as a copy.
    """
    if cache is None or not sources:
        return build()
    h = hashlib.sha1(f"{__version__}\0{kind}".encode())
    for src in sources:
        st = src.stat()
        h.update(f"\0{src.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    path = cache / "parsed" / f"{kind}{'-against' if against is not None else ''}-{h.hexdigest()[:20]}.pickle"
    if path.is_file():
        with contextlib.suppress(Exception), open(path, "rb") as f:
            # our own cache, written below
            found: T = pickle.load(f) if against is None else _AgainstUnpickler(f, against).load()
            return found
    result = build()
    with contextlib.suppress(OSError, pickle.PicklingError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            if against is None:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                _AgainstPickler(f, against).dump(result)
        tmp.replace(path)  # atomic: a reader sees a whole file or none
    return result


def ontology_from(folder: Path, resources: dict[str, Any], cache: Path | None = None) -> Ontology:
    """The ontology of ``folder/ontology``, loaded once per ``resources``."""
    key = f"ontology:{folder.resolve()}"
    found = resources.get(key)
    if not isinstance(found, Ontology):
        found = cached_build("ontology", _ontology_files(folder),
                             lambda: load_ontology(_ontology_folder(folder)), cache)
        resources[key] = found
    return found


def mappings_from(folder: Path, lang: str, resources: dict[str, Any], cache: Path | None = None) -> Mappings:
    """The mappings of ``lang`` in ``folder``, loaded once per ``resources``.

    The mappings refer to the ontology's objects, so the two are cached together and the ontology
    in ``resources`` is the one the mappings were built with.
    """
    key = f"mappings:{folder.resolve()}:{lang}"
    found = resources.get(key)
    if isinstance(found, Mappings):
        return found
    okey = f"ontology:{folder.resolve()}"
    source = mapping_file(folder, lang)

    def build() -> tuple[Ontology, Mappings]:
        ontology = resources.get(okey)
        if not isinstance(ontology, Ontology):
            ontology = load_ontology(_ontology_folder(folder))
        return ontology, load_mappings(source, lang, ontology)

    sources = [source, *_ontology_files(folder)] if source.is_file() else []
    known = resources.get(okey)
    if isinstance(known, Ontology):  # an ontology is already in use here: build against it, do not mix copies
        found = cached_build(f"mappings-{lang}", sources, lambda: load_mappings(source, lang, known), cache,
                             against=known)
        resources[key] = found
        return found
    ontology, found = cached_build(f"mappings-{lang}", sources, build, cache)
    resources.setdefault(okey, ontology)
    resources[key] = found
    return found


def parsed_cache(options: Mapping[str, Any]) -> Path:
    """Where parsed ontologies and mappings are kept: under the run's cache folder."""
    return Path(options.get("cache_dir") or default_cache_dir()).expanduser()


def for_edition(options: Mapping[str, Any], lang: str, resources: dict[str, Any]) -> tuple[Ontology, Mappings]:
    """The ontology and the mappings of edition ``lang`` under the run's options
    (see :func:`wikikg.ontology.source.mappings_dir`)."""
    folder = mappings_dir(options, lang)
    cache = parsed_cache(options)
    mappings = mappings_from(folder, lang, resources, cache)
    return ontology_from(folder, resources, cache), mappings
