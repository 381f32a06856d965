"""The on-disk cache of parsed ontology and mappings: same objects back, never a stale one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from wikikg.ontology.resources import for_edition


def _copy(shared: Path, tmp: Path) -> Path:
    folder = tmp / "dbpedia"
    shutil.copytree(shared / "dbpedia" / "ontology", folder / "ontology")
    (folder / "mappings").mkdir()
    shutil.copy(shared / "dbpedia" / "mappings" / "Mapping_it.xml", folder / "mappings")
    return folder


def test_second_load_reads_the_cache_and_gives_the_same_mappings(shared: Path, tmp_path: Path) -> None:
    folder = _copy(shared, tmp_path)
    opts = {"mappings_dir": str(folder), "cache_dir": str(tmp_path / "cache")}
    onto1, map1 = for_edition(opts, "it", {})
    cached = sorted((tmp_path / "cache" / "parsed").glob("*.pickle"))
    assert [p.name.split("-")[0] for p in cached] == ["mappings"]
    onto2, map2 = for_edition(opts, "it", {})
    assert sorted(map2.templates) == sorted(map1.templates) and "Bio" in map2.templates
    assert len(onto2.classes) == len(onto1.classes) > 700  # the ontology has 790 classes


def test_a_changed_source_is_parsed_again(shared: Path, tmp_path: Path) -> None:
    folder = _copy(shared, tmp_path)
    opts = {"mappings_dir": str(folder), "cache_dir": str(tmp_path / "cache")}
    for_edition(opts, "it", {})
    source = folder / "mappings" / "Mapping_it.xml"
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    for_edition(opts, "it", {})
    assert len(list((tmp_path / "cache" / "parsed").glob("mappings-it-*.pickle"))) == 2
