"""Where the ontology and the mappings come from: a folder given by the user, or DBpedia's
published files, downloaded once and cached.

A mappings folder is laid out as ``../shared/data/dbpedia`` is::

    DIR/ontology/*.ttl | *.owl      the DBpedia ontology
    DIR/mappings/Mapping_<lang>.xml the mappings wiki export of each edition

DBpedia publishes both in its extraction framework's repository (``ontology.owl`` and
``mappings/Mapping_<lang>.xml``, refreshed from the mappings wiki); the cache mirrors them into the
layout above under ``$XDG_CACHE_HOME/wikikg/dbpedia`` (``~/.cache/wikikg/dbpedia``).  A download
goes to a temporary file renamed into place, so concurrent workers never read half a file.  An
edition without a mappings page on the server (HTTP 404) gets an empty marker file, so that it is
not asked for again.

Run options (``ExtractionContext.options``): ``mappings_dir`` — the folder (``--mappings``);
``mappings_url`` — the base URL to download from; ``cache_dir`` — the cache folder.  The
environment variable ``WIKIKG_MAPPINGS_DIR`` names a folder when the options name none of these.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wikikg import __version__
from wikikg.errors import ConfigError, InputError
from wikikg.ontology.reader import ontology_files

DEFAULT_BASE_URL = "https://raw.githubusercontent.com/dbpedia/extraction-framework/master"
"""DBpedia's published ontology and mappings (``ontology.owl``, ``mappings/Mapping_<lang>.xml``)."""

# Paths of the ontology below a base URL, tried in order: DBpedia's repository layout, then the
# layout of a mappings folder served as it is.
ONTOLOGY_PATHS = ("ontology.owl", "ontology/dbpedia-ontology.owl", "ontology/dbpedia-ontology.ttl")
ONTOLOGY_FILE = "ontology/dbpedia-ontology.owl"
ENV_DIR = "WIKIKG_MAPPINGS_DIR"
TIMEOUT = 60.0


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/wikikg/dbpedia``, else ``~/.cache/wikikg/dbpedia``."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "wikikg" / "dbpedia"


def ontology_sources(options: Mapping[str, Any]) -> list[Path]:
    """The ontology's file(s) under the run's options (downloaded into the cache if need be) —
    for loading the ontology itself into a store, so that classes have their labels and
    superclasses there (``pyoxigraph.Store.bulk_load(path, format=…)``)."""
    folder = mappings_dir(options, "")
    return ontology_files(folder / "ontology" if (folder / "ontology").is_dir() else folder)


def mappings_dir(options: Mapping[str, Any], lang: str) -> Path:
    """The mappings folder to use for ``lang``: the one given, else the cache (filled if need be;
    ``lang`` empty: the ontology only).

    A folder that was given must exist; a download that fails raises :class:`ConfigError` saying
    how to give a folder instead.
    """
    given = options.get("mappings_dir")
    if not given and not (options.get("mappings_url") or options.get("cache_dir")):
        given = os.environ.get(ENV_DIR)  # run options first, then the environment
    if given:
        folder = Path(given).expanduser()
        if not folder.is_dir():
            raise InputError(f"mappings folder not found: {folder}")
        return folder
    cache = Path(options.get("cache_dir") or default_cache_dir()).expanduser()
    base = str(options.get("mappings_url") or DEFAULT_BASE_URL)
    return fetch(base, cache, [lang] if lang else [])


def fetch(base_url: str, cache: Path, langs: list[str], *, timeout: float = TIMEOUT) -> Path:
    """Make sure ``cache`` holds the ontology and the mappings of ``langs``, downloading from
    ``base_url`` what is missing; return ``cache``."""
    base_url = base_url.rstrip("/")
    ontology = cache / ONTOLOGY_FILE
    if not _has_ontology(cache):
        data = None
        for rel in ONTOLOGY_PATHS:
            data = _get(f"{base_url}/{rel}", timeout)
            if data is not None:
                target = ontology if rel.endswith(".owl") else ontology.with_suffix(".ttl")
                _write_atomic(target, data)
                break
        if data is None:
            raise ConfigError(f"the DBpedia ontology is not at {base_url} (tried {', '.join(ONTOLOGY_PATHS)}); "
                              "give a folder with --mappings DIR")
    for lang in langs:
        target = cache / "mappings" / f"Mapping_{lang}.xml"
        missing = target.with_suffix(".missing")
        if target.is_file() or missing.is_file():
            continue
        data = _get(f"{base_url}/mappings/Mapping_{lang}.xml", timeout)
        if data is None:
            _write_atomic(missing, b"")
        else:
            _write_atomic(target, data)
    return cache


def _has_ontology(cache: Path) -> bool:
    folder = cache / "ontology"
    return folder.is_dir() and (any(folder.glob("*.owl")) or any(folder.glob("*.ttl")))


def _get(url: str, timeout: float) -> bytes | None:
    """The body of ``url``; ``None`` on 404; :class:`ConfigError` on any other failure."""
    request = urllib.request.Request(url, headers={"User-Agent": f"wikikg/{__version__} (DBpedia mappings)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):
            return None
        raise ConfigError(f"cannot download {url}: HTTP {exc.code}; give a folder with --mappings DIR") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConfigError(f"cannot download {url}: {reason}; give a folder with --mappings DIR") from None


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
