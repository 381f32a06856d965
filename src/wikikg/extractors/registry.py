"""Extractors by name.  Built-ins register exactly as an extension would.

Every module of :mod:`wikikg.extractors` is imported on first use; a class decorated with
:func:`register` becomes selectable by its ``name`` and by each of its ``groups``
(``generic`` …). ``all`` selects everything.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TypeVar

from wikikg.errors import ConfigError
from wikikg.extractors.base import Extractor
from wikikg.rdf import datasets

_EXTRACTORS: dict[str, type[Extractor]] = {}
_loaded = False

E = TypeVar("E", bound=type[Extractor])


def register(cls: E) -> E:
    """Class decorator: make an extractor selectable by name."""
    if cls.name in _EXTRACTORS and _EXTRACTORS[cls.name] is not cls:
        raise ValueError(f"two extractors named {cls.name!r}")
    for d in cls.datasets:
        if datasets.get(d.key) is not d:
            raise ValueError(f"extractor {cls.name!r}: dataset {d.key!r} is not declared in wikikg.rdf.datasets")
    _EXTRACTORS[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    import wikikg.extractors as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name not in ("base", "registry"):
            importlib.import_module(f"{pkg.__name__}.{info.name}")
    _loaded = True


def available() -> dict[str, type[Extractor]]:
    _load_builtins()
    return dict(sorted(_EXTRACTORS.items()))


def groups() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"all": list(available())}
    for name, cls in available().items():
        for g in sorted(cls.groups):
            out.setdefault(g, []).append(name)
    return out


def select(names: list[str] | None) -> list[type[Extractor]]:
    """Resolve extractor and group names (``None`` → ``all``) to classes, in a stable order."""
    known = available()
    grp = groups()
    chosen: dict[str, type[Extractor]] = {}
    for raw in names or ["all"]:
        for name in (n.strip() for n in raw.split(",")):
            if not name:
                continue
            if name in grp:
                for n in grp[name]:
                    chosen[n] = known[n]
            elif name in known:
                chosen[name] = known[name]
            else:
                choices = ", ".join([*sorted(grp), *known])
                raise ConfigError(f"unknown extractor {name!r} (known: {choices})")
    return [chosen[n] for n in sorted(chosen)]
