"""Localized namespaces: checked against real siteinfo headers and the links in the minidumps."""

from __future__ import annotations

import bz2
import lzma
import re
from pathlib import Path

import pytest

from wikikg.dump.editions import is_language, language_from_filename
from wikikg.dump.localized import known_languages
from wikikg.dump.namespaces import default_siteinfo

_FILE_EXT = re.compile(r"\.(jpe?g|png|svg|gif|tiff?|webm|ogg|ogv|pdf|djvu)\s*(\||\]\])", re.I)
# a link alone on its line: [[Prefix:Target]] or [[Prefix:Target|sort key]]
_LINE_LINK = re.compile(r"^\s*\[\[([^:\[\]|{}]+):([^\[\]]+)\]\]\s*$", re.M)


@pytest.mark.parametrize("lang", ["bn", "el", "hy", "ja", "mr", "uk", "vi"])
def test_table_agrees_with_real_siteinfo(dumps: Path, lang: str) -> None:
    """The 2023 dumps' <siteinfo> names each namespace; our table must give the same local names."""
    path = dumps / "truncated" / f"{lang}wiki-20230501-truncated.xml.xz"
    with lzma.open(path) as f:
        head = f.read(20_000).decode("utf-8", "replace")
    declared = {int(k): v for k, v in re.findall(r'<namespace key="(-?\d+)"[^>]*>([^<]+)</namespace>', head)}
    site = default_siteinfo(lang)
    for ns_id in (-2, -1, 1, 2, 4, 6, 10, 12, 14, 100, 828):
        if ns_id in declared:
            assert site.namespace(ns_id) is not None, (lang, ns_id)
            assert site.namespace(ns_id).name == declared[ns_id], (lang, ns_id)  # type: ignore[union-attr]


def test_every_minidump_edition_and_the_others_are_covered(dumps: Path) -> None:
    langs = {language_from_filename(p.name) for p in (dumps / "minidumps").glob("*.xml.bz2")}
    wanted = {x for x in langs if x} | {
        "it",
        "zh",
        "ru",
        "ltg",
        "bg",
        "bn",
        "el",
        "hy",
        "ja",
        "mr",
        "uk",
        "vi",
    }
    assert len(wanted) >= 120
    assert wanted <= known_languages()


def test_category_and_file_links_of_the_minidumps_resolve(dumps: Path) -> None:
    """In each edition's Berlin article (the first page), the links alone on a line at the end are
    categories, files and interlanguage links; every category prefix must name 14, every file 6."""
    checked = 0
    editions: set[str] = set()
    for path in sorted((dumps / "minidumps").glob("*.xml.bz2")):
        lang = language_from_filename(path.name)
        assert lang is not None
        xml = bz2.decompress(path.read_bytes()).decode("utf-8")
        first = xml[xml.index("<page>") : xml.index("</page>")]
        site = default_siteinfo(lang)
        for prefix, target in _LINE_LINK.findall(first):
            prefix = prefix.strip()
            if is_language(prefix) or prefix.lower() in {"commons", "wikt", "d", "s", "q", "m"}:
                continue
            expected = 6 if _FILE_EXT.search(f"{target}]]") else 14
            assert site.namespace_id(prefix) == expected, (lang, prefix, target)
            if expected == 14:
                checked += 1
                editions.add(lang)
    assert checked > 400 and len(editions) > 100


@pytest.mark.parametrize(
    ("lang", "prefix", "ns"),
    [
        ("de", "Kategorie", 14),
        ("de", "Datei", 6),
        ("de", "Vorlage", 10),
        ("ru", "Категория", 14),
        ("fr", "Catégorie", 14),
        ("zh", "分类", 14),
        ("ar", "ملف", 6),
        ("ar", "تصنيف", 14),
        ("ja", "カテゴリ", 14),
        ("it", "Portale", 100),
        ("fr", "Portail", 100),
        ("uk", "Категорія", 14),
        ("ltg", "Kategoreja", 14),
        ("de", "category", 14),  # canonical English, any case
        ("ru", "Media", -2),
        ("de", "Medium", -2),
    ],
)
def test_prefixes(lang: str, prefix: str, ns: int) -> None:
    assert default_siteinfo(lang).namespace_id(prefix) == ns


def test_unknown_language_falls_back_to_english() -> None:
    site = default_siteinfo("xx")
    assert site.namespace_id("Category") == 14 and site.lang == "xx"
