"""Which dataset files of an extraction go into the store.

An extraction folder (``OUT``) holds one file per dataset and edition, named
``<artifact>_lang=<lang>[_<variant>…].nt[.gz|.bz2]`` (DBpedia's published artifact names; see
:mod:`wikikg.rdf.datasets`).  A multilingual extraction also writes each non-canonical edition's
datasets onto the canonical edition's IRIs, as DBpedia does, with the extra variant
``canonicalized`` (``labels_lang=de_canonicalized.nt.gz`` beside ``labels_lang=de.nt.gz``).

The store holds one *view* of those files:

``canonical`` (the default)
    every dataset once per edition: its ``_canonicalized`` file where one exists, else the plain
    file — so the canonical resources carry the labels and abstracts of every edition, and what
    was never canonicalized is still there under its own edition's IRIs.
    When the canonical edition itself is in none of the folders loaded (a German dump extracted
    alone), nothing was joined onto it: the canonicalized files would hold only the German pages
    that link to an English one, on English IRIs with nothing else about them, so the canonical
    view is then the localized one.
``localized``
    the plain files only: each edition under its own IRIs (``http://de.dbpedia.org/resource/…``).
``all``
    every file.

>>> names = ["labels_lang=en.nt.gz", "labels_lang=de.nt.gz", "labels_lang=de_canonicalized.nt.gz",
...          "wikilinks_lang=de.nt.gz", "manifest.json"]
>>> [f.name for f in select([DatasetFile.parse(Path(n)) for n in names if DatasetFile.parse(Path(n))])]
['labels_lang=de_canonicalized.nt.gz', 'labels_lang=en.nt.gz', 'wikilinks_lang=de.nt.gz']
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikikg.errors import InputError
from wikikg.rdf.datasets import CANONICALIZED, Dataset, get, parse_filename
from wikikg.rdf.outfolder import OutFolder, is_empty_entry

log = logging.getLogger("wikikg")

DEFAULT_CANONICAL = "en"  #: as :data:`wikikg.pipeline.canonical.DEFAULT_CANONICAL` (store knows only rdf)
VIEWS = ("canonical", "localized", "all")


@dataclass(frozen=True, order=True)
class DatasetFile:
    """One dataset file: where it is and what it holds.

    ``key`` names the dataset independently of compression and folder
    (``labels_lang=de_canonicalized``); the store records what it loaded under that key.
    """

    key: str
    path: Path
    artifact: str
    lang: str
    variants: tuple[str, ...]
    #: what the extraction's manifest records of the file (``""`` / ``-1``: not known)
    sha1: str = field(default="", compare=False)
    size: int = field(default=-1, compare=False)
    #: a dataset the manifest lists with no triple, and so with no file
    empty: bool = field(default=False, compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def canonicalized(self) -> bool:
        return CANONICALIZED in self.variants

    @property
    def dataset(self) -> str:
        """The dataset without language and view: ``page_ids``, ``labels``."""
        plain = [v for v in self.variants if v != CANONICALIZED]
        return "_".join([self.artifact, *plain])

    @property
    def rules(self) -> Dataset | None:
        """The declared dataset the file holds (its rules: what it feeds the Lookup index …);
        ``None`` for a file of a dataset this version of wikikg does not know."""
        return get(self.dataset)

    @property
    def compression(self) -> str | None:
        suffix = self.path.suffix
        return {".gz": "gz", ".bz2": "bz2"}.get(suffix)

    @classmethod
    def parse(cls, path: Path) -> DatasetFile | None:
        """The dataset file ``path`` names, or ``None`` when it is not one.

        >>> DatasetFile.parse(Path("out/page_lang=en_ids.nt.gz")).key
        'page_lang=en_ids'
        >>> DatasetFile.parse(Path("out/manifest.json")) is None
        True
        """
        parsed = parse_filename(path.name)
        if parsed is None:
            return None
        artifact, lang, variants = parsed
        key = f"{artifact}_lang={lang}" + "".join(f"_{v}" for v in variants)
        return cls(key, path, artifact, lang, variants)


def discover(folder: Path, manifest: Mapping[str, Any] | None = None, *,
             with_empty: bool = False) -> list[DatasetFile]:
    """The dataset files an extraction folder (``OUT``) holds: exactly those its ``manifest.json``
    lists, each checked present at its recorded size, sorted by name.  ``manifest`` is the one
    already read (:meth:`wikikg.rdf.outfolder.OutFolder.reading`), else it is read here.

    Raises :class:`InputError` when ``folder`` is missing, not a folder, has no valid manifest,
    or a listed file is missing or of another size.  Other files in the folder (left by an older
    run, or by anyone) are not part of the extraction and are never read.  With ``with_empty``,
    the datasets listed with no triple (and no file) are there too, marked ``empty``: a view must
    know that a ``_canonicalized`` dataset exists even when it holds nothing.
    """
    if manifest is None:
        out = OutFolder(folder)
        if not folder.exists():
            raise InputError(f"{folder}: no such folder")
        if not folder.is_dir():
            raise InputError(f"{folder}: not a folder (give the output folder of `wikikg extract`)")
        manifest = out.manifest()
    found = []
    for name, entry in sorted(manifest["datasets"].items()):
        empty = is_empty_entry(entry)  # a dataset with no triple: listed, no file
        if empty and not with_empty:
            continue
        parsed = DatasetFile.parse(folder / name)
        if parsed is None:  # the manifest was checked: cannot happen
            raise InputError(f"{folder}: the manifest lists {name!r}, not a dataset file")
        found.append(DatasetFile(parsed.key, parsed.path, parsed.artifact, parsed.lang, parsed.variants,
                                 "" if empty else entry["sha1"], 0 if empty else entry["bytes"], empty))
    if not any(not f.empty for f in found):
        raise InputError(f"{folder}: the extraction holds no dataset files")
    return found


def select(files: Iterable[DatasetFile], view: str = "canonical") -> list[DatasetFile]:
    """The files of ``view`` (see the module's docstring) among the files of one folder,
    sorted by key."""
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r} (choose {', '.join(VIEWS)})")
    by_key: dict[str, DatasetFile] = {}
    for f in files:
        by_key[f.key] = f
    chosen = list(by_key.values())
    if view == "localized":
        chosen = [f for f in chosen if not f.canonicalized]
    elif view == "canonical":
        # a canonicalized dataset with no triple still stands in for the plain one
        has_canonical = {(f.dataset, f.lang) for f in chosen if f.canonicalized}
        chosen = [f for f in chosen if f.canonicalized or (f.dataset, f.lang) not in has_canonical]
    return sorted((f for f in chosen if not f.empty), key=lambda f: f.key)


def collect(folders: Sequence[Path], view: str = "canonical",
            manifests: Mapping[Path, Mapping[str, Any]] | None = None) -> list[DatasetFile]:
    """The files of ``view`` of each extraction folder (``manifests``: each folder's manifest,
    by resolved path, already read and checked; else each is read here).

    Two folders may hold files of the same name (two dumps of one edition extracted apart):
    both are loaded, their triples united.  A folder given twice counts once.  The canonical view
    falls back to the localized one when no folder holds the canonical edition (the module says why).
    """
    found: list[tuple[Path, list[DatasetFile]]] = []
    seen: set[Path] = set()
    for folder in folders:
        where = folder.resolve()
        if where in seen:
            continue
        seen.add(where)
        found.append((folder, discover(folder, (manifests or {}).get(where), with_empty=True)))
    if view == "canonical":
        canonical = {canonical_edition(folder) for folder, _ in found}
        present = {f.lang for _, files in found for f in files if not f.canonicalized and not f.empty}
        if not canonical & present:
            log.info("the canonical edition (%s) is not among the editions loaded (%s): "
                     "each edition is loaded under its own IRIs", ", ".join(sorted(canonical)),
                     ", ".join(sorted(present)))
            view = "localized"
    return [f for _, files in found for f in select(files, view)]


def canonical_edition(folder: Path) -> str:
    """The edition an extraction canonicalized onto (its manifest's ``canonical``; ``en`` when the
    manifest does not say, as for outputs written before it did)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_CANONICAL
    value = manifest.get("canonical") if isinstance(manifest, dict) else None
    return str(value) if value else DEFAULT_CANONICAL
