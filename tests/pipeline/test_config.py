"""One configuration for both engines: the same mistakes are refused with the same line, before
any work, whichever engine or entry point is asked (``wikikg extract``, ``--engine spark``, the
spark-submit driver, or the engines' functions)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wikikg.errors import ConfigError
from wikikg.pipeline.run import extract as local_extract
from wikikg.spark.job import extract as spark_extract

SMALL = "en/enwiki-2014-Pear-export-0.10.xml"

ENGINES: dict[str, Callable[..., Any]] = {"local": local_extract, "spark": spark_extract}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"base": "ftp://example.org/"}, "--base must be an http(s) IRI, not 'ftp://example.org/'"),
    ({"lang": "en,de"}, "--lang names 2 languages for 3 dumps: give one, or one per dump"),
    ({"options": {"canonical": "xx-nonsense"}}, "--canonical 'xx-nonsense' is not a Wikipedia edition's code"),
    ({"compress": "zip"}, "unknown compression 'zip' (choose gz, bz2 or none)"),
])
def test_both_engines_refuse_the_same_mistakes(engine: str, kwargs: dict[str, Any], message: str, dumps: Path,
                                               tmp_path: Path) -> None:
    # the Spark engine refuses before it starts a session (none is given here)
    with pytest.raises(ConfigError) as exc:
        ENGINES[engine]([dumps / SMALL] * 3, tmp_path / "out", **kwargs)
    assert str(exc.value).startswith(message)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("entry", [["-m", "wikikg", "extract"], ["-m", "wikikg", "extract", "--engine", "spark"],
                                   ["-m", "wikikg.spark"]])
def test_every_entry_point_says_a_mistake_in_one_line(entry: list[str], dumps: Path, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, *entry, str(dumps / SMALL), "-o", str(tmp_path / "out"),
                           "--base", "urn:x:"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["wikikg: --base must be an http(s) IRI, not 'urn:x:'"]
