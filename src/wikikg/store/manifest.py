"""``store.json``: what one generation of the store holds.

Written last inside a generation folder; the home page, ``/downloads`` and the loader's
"already loaded" check all read it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wikikg.errors import StoreError

FORMAT = 1


@dataclass
class LoadedFile:
    """One dataset file as it was loaded."""

    key: str
    name: str
    dataset: str
    lang: str
    variants: list[str]
    source: str
    sha1: str
    bytes: int
    triples: int


@dataclass
class StoreManifest:
    generation: str
    created: str
    view: str
    files: list[LoadedFile] = field(default_factory=list)
    triples: int = 0
    languages: list[str] = field(default_factory=list)
    namespaces: dict[str, str] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    software: dict[str, str] = field(default_factory=dict)
    load_seconds: float = 0.0
    format: int = FORMAT

    def by_source(self, source: str) -> LoadedFile | None:
        """The loaded file read from ``source`` (a resolved path), if any."""
        for f in self.files:
            if f.source == source:
                return f
        return None

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: Path) -> StoreManifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = [LoadedFile(**f) for f in data.pop("files", [])]
            return cls(files=files, **data)
        except (OSError, ValueError, TypeError) as exc:
            raise StoreError(f"{path}: unreadable store manifest ({exc}); run `wikikg load` again") from exc
