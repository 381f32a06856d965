"""``manifest.json``: what an extraction read, ran and wrote — one writer for both engines.

The manifest is the contract between stages (``wikikg load`` and ``wikikg report`` read it), so the
local engine (:mod:`wikikg.pipeline.run`) and the Spark engine (:mod:`wikikg.spark.job`) build it
here from the same :class:`~wikikg.pipeline.config.ExtractConfig`; an engine adds only its own
section (``spark``: master, partitions, seconds per phase).
"""

from __future__ import annotations

import contextlib
import logging
import os
import platform
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from wikikg import __version__
from wikikg.pipeline.config import ExtractConfig

log = logging.getLogger("wikikg")

#: the distributions whose versions every manifest records
DISTRIBUTIONS = ("lxml", "mwparserfromhell", "pyoxigraph")


def software(extra: Mapping[str, str] | None = None, dists: Iterable[str] = ()) -> dict[str, str]:
    """Python's and our dependencies' versions, the platform, and ``extra``."""
    out = {"python": platform.python_version()}
    for dist in (*DISTRIBUTIONS, *dists):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[dist] = metadata.version(dist)
    out.update(extra or {})
    out["platform"] = f"{platform.system()} {platform.machine()}"
    out.setdefault("cpus", str(os.cpu_count()))
    return out


def build_manifest(config: ExtractConfig, *, inputs: Sequence[Mapping[str, Any]], languages: Sequence[str],
                   jobs: int, pages: Mapping[str, int], files: Mapping[str, int],
                   failures: Mapping[str, int], examples: Mapping[str, list[dict[str, str]]],
                   metrics: dict[str, Any], wall: float, software_info: Mapping[str, str],
                   damage: Sequence[Mapping[str, Any]] = (), extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The manifest of a finished run; logs each extractor's failures and each damaged input once.

    ``pages`` counts pages by kind (``articles``, ``redirects`` …) and ``inputs`` are the per-input
    reports, each with ``pages_read``; ``files`` are the published files with their triples.
    """
    total = sum(int(i["pages_read"]) for i in inputs)
    for i in inputs:
        lost = sum(int(d["bytes"]) for d in i.get("damage") or ())
        if lost:
            log.warning("%s is damaged: %d pages skipped and %s compressed bytes (%.1f%% of the file) "
                        "unread, with the pages in them; this extraction of it is incomplete",
                        Path(str(i["path"])).name, i["pages_skipped"], f"{lost:,}",
                        100 * lost / max(1, int(i["bytes"])))
    table: dict[str, Any] = {}
    for name, n in sorted(failures.items()):
        ex = list(examples.get(name, []))
        table[name] = {"count": n, "examples": ex}
        log.warning("extractor %s failed on %d pages (e.g. %s)", name, n, ex[0]["title"] if ex else "?")
    return {
        "wikikg": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": sys.argv[1:] if sys.argv and sys.argv[0].endswith("wikikg") else None,
        "software": dict(software_info),
        "engine": config.engine,
        **dict(extra or {}),
        "inputs": [dict(i) for i in inputs],
        "languages": sorted(languages),
        "extractors": list(config.extractor_names),
        "jobs": jobs,
        "compress": config.compress,
        "canonical": config.options.get("canonical"),
        "pages": {"total": total, **dict(sorted(pages.items()))},
        "datasets": {name: {"triples": n} for name, n in sorted(files.items())},
        "triples": sum(files.values()),
        "wall_seconds": round(wall, 3),
        "pages_per_second": round(total / wall, 1) if wall > 0 else None,
        "failures": table,
        #: damaged input read around (SQL tables; each dump's own is in ``inputs``)
        "damage": [dict(d) for d in damage],
        "metrics": metrics,
    }


def summary(manifest: Mapping[str, Any], out: Path | str) -> None:
    """Log the one line a finished extraction ends with."""
    pages = manifest["pages"]
    log.info("%d pages (%d articles, %d redirects) → %d triples in %d files, %.1f s (%.0f pages/s) → %s",
             pages["total"], pages.get("articles", 0), pages.get("redirects", 0), manifest["triples"],
             len(manifest["datasets"]), manifest["wall_seconds"], manifest["pages_per_second"] or 0, out)
