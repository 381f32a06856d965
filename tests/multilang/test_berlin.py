"""One resource, ~120 languages: Berlin from DBpedia's minidumps and enwiki's langlinks table.

Expected values come from the data: the langlinks rows are read with a regex over the
decompressed SQL (``conftest.read_langlinks_raw``), the expected IRIs are built from them here,
and the script of each language is checked with :mod:`unicodedata`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pyoxigraph
import pytest
from tests.helpers import raw_dump_text, read_nt, triples
from tests.multilang.conftest import LangLinkRow

BERLIN = "http://dbpedia.org/resource/Berlin"
ILL = "http://dbpedia.org/ontology/wikiPageInterLanguageLink"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ABSTRACT = "http://dbpedia.org/ontology/abstract"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"

# The script every letter of a language's text is written in: Unicode character-name prefixes.
SCRIPTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(["ar", "arz", "azb", "ckb", "fa", "mzn", "pnb", "ur"], ("ARABIC",)),
    **dict.fromkeys(["ba", "be", "bg", "ce", "cv", "kk", "ky", "mk", "mn", "mrj", "os", "ru", "sah", "sr",
                     "tg", "tt", "uk"], ("CYRILLIC",)),
    "el": ("GREEK",),
    "he": ("HEBREW",), "yi": ("HEBREW",),
    "hy": ("ARMENIAN",),
    "ka": ("GEORGIAN",),
    "zh": ("CJK UNIFIED IDEOGRAPH",),
    "ja": ("KATAKANA", "HIRAGANA", "CJK UNIFIED IDEOGRAPH"),
    "ko": ("HANGUL",),
    **dict.fromkeys(["hi", "mr", "ne", "new", "sa"], ("DEVANAGARI",)),
    "bn": ("BENGALI",),
    "th": ("THAI",),
    "ta": ("TAMIL",),
    "te": ("TELUGU",),
    "kn": ("KANNADA",),
    "ml": ("MALAYALAM",),
    "or": ("ORIYA",),
    "pa": ("GURMUKHI",),
    "my": ("MYANMAR",),
    "am": ("ETHIOPIC",),
}
_LITERAL = re.compile(r'^"(.*)"@([A-Za-z0-9-]+)$')


def expected_iri(row: LangLinkRow) -> str:
    """The DBpedia resource IRI of a langlinks target, built by hand: the edition's namespace and
    the title with underscores (none of these titles holds a character IRIs must escape)."""
    assert not set(row.title) & set('"#%<>?[\\]^`{|}'), row.title
    return f"http://{row.lang}.dbpedia.org/resource/{row.title.replace(' ', '_')}"


def literal(nt: str) -> tuple[str, str]:
    m = _LITERAL.match(nt)
    assert m, nt
    return m.group(1).replace('\\"', '"').replace("\\\\", "\\"), m.group(2)


def letters(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c)[0] in "LM"]


def script_share(text: str, prefixes: tuple[str, ...]) -> float:
    """The share of ``text``'s letters (and marks) whose Unicode name starts with one of ``prefixes``."""
    chars = letters(text)
    assert chars, f"no letters in {text!r}"
    inside = sum(1 for c in chars if unicodedata.name(c, "").startswith(prefixes))
    return inside / len(chars)


def canonical_view(out: Path, artifact: str, predicate: str) -> dict[str, set[str]]:
    """Language tag → texts of dbr:Berlin under ``predicate``, from the canonical edition's file
    of ``artifact`` and the other editions' canonicalized files."""
    got: dict[str, set[str]] = {}
    for path in [out / f"{artifact}_lang=en.nt.gz", *sorted(out.glob(f"{artifact}_lang=*_canonicalized.nt.gz"))]:
        for s, p, o in triples(path):
            if s == BERLIN and p == predicate:
                text, tag = literal(o)
                got.setdefault(tag, set()).add(text)
    return got


def canonical_view_labels(out: Path) -> dict[str, set[str]]:
    return canonical_view(out, "labels", LABEL)


def test_the_langlinks_table_has_one_row_per_edition(berlin_rows: list[LangLinkRow], minidumps: list[Path]) -> None:
    assert len(berlin_rows) == 119
    assert {r.page_id for r in berlin_rows} == {3354}
    assert len({r.lang for r in berlin_rows}) == len(berlin_rows)
    have = {p.name.removesuffix("wiki.xml.bz2") for p in minidumps}
    assert {r.lang for r in berlin_rows} <= have


def test_interlanguage_links_of_berlin_come_from_the_table(minidumps_out: Path,
                                                          berlin_rows: list[LangLinkRow]) -> None:
    got = triples(minidumps_out / "interlanguage-links_lang=en.nt.gz")
    assert got == {(BERLIN, ILL, f"<{expected_iri(r)}>") for r in berlin_rows}


def test_same_as_links_go_both_ways(minidumps_out: Path, berlin_rows: list[LangLinkRow]) -> None:
    got = triples(minidumps_out / "interlanguage-links_lang=en_sameas.nt.gz")
    assert got == {(BERLIN, SAME_AS, f"<{expected_iri(r)}>") for r in berlin_rows}
    for r in berlin_rows:
        back = triples(minidumps_out / f"interlanguage-links_lang={r.lang}_sameas.nt.gz")
        assert back == {(expected_iri(r), SAME_AS, f"<{BERLIN}>")}, r.lang


def test_berlin_has_a_label_in_every_linked_edition(minidumps_out: Path, berlin_rows: list[LangLinkRow]) -> None:
    labels = canonical_view_labels(minidumps_out)
    expected = {r.lang: {r.title} for r in berlin_rows} | {"en": {"Berlin"}}
    assert labels == expected
    assert len(labels) == 120


def test_every_label_is_written_in_its_languages_script(minidumps_out: Path) -> None:
    labels = canonical_view_labels(minidumps_out)
    checked = 0
    for tag, texts in labels.items():
        prefixes = SCRIPTS.get(tag, ("LATIN",))
        for text in texts:
            assert script_share(text, prefixes) == 1.0, (tag, text, prefixes)
            checked += 1
    assert checked == 120
    assert set(SCRIPTS) <= set(labels)  # every script of the table was checked on a real label


@pytest.mark.parametrize(("artifact", "predicate"), [("long-abstracts", ABSTRACT), ("short-abstracts", COMMENT)])
def test_berlin_has_an_abstract_in_every_linked_edition_in_its_script(
        minidumps_out: Path, dumps: Path, berlin_rows: list[LangLinkRow], artifact: str, predicate: str) -> None:
    abstracts = canonical_view(minidumps_out, artifact, predicate)
    assert set(abstracts) == {r.lang for r in berlin_rows} | {"en"}
    titles = {r.lang: r.title for r in berlin_rows} | {"en": "Berlin"}
    for tag, texts in abstracts.items():
        # One abstract per page of that title in the minidump: mswiki's holds two "Berlin" pages
        # (the second one is Piedmontese, a quirk of DBpedia's test data).
        raw = raw_dump_text(dumps / f"minidumps/{tag}wiki.xml.bz2")
        assert 1 <= len(texts) <= raw.count(f"<title>{html.escape(titles[tag], quote=False)}</title>"), tag
        for text in texts:
            # Abstracts quote the German name and IPA ("Берли́н (Berlin [bɛɐ̯ˈliːn])"), so most, not
            # all, of their letters are in the edition's script.
            assert script_share(text, SCRIPTS.get(tag, ("LATIN",))) >= 0.75, (tag, text[:120])


def test_canonicalized_files_hold_canonical_resources_only(minidumps_out: Path, minidumps: list[Path],
                                                         berlin_rows: list[LangLinkRow]) -> None:
    linked = {r.lang for r in berlin_rows}
    others = {p.name.removesuffix("wiki.xml.bz2") for p in minidumps} - {"en"}
    listed = json.loads((minidumps_out / "manifest.json").read_text())["datasets"]
    # every canonical view is listed; one with no triple has no file
    files = sorted(minidumps_out / n for n in listed if n.endswith("_canonicalized.nt.gz"))
    names = {p.name for p in files}
    assert {p.name for p in minidumps_out.glob("*_canonicalized.nt.gz")} == {n for n in names if listed[n]["triples"]}
    for artifact in ("labels", "long-abstracts", "short-abstracts"):
        assert {n for n in names if n.startswith(artifact + "_")} == {
            f"{artifact}_lang={lang}_canonicalized.nt.gz" for lang in others}, artifact
    for path in files:
        lang = path.name.split("=")[1].split("_")[0]
        subjects = {s for s, _, _ in triples(path)}
        # Pages without a link to English (de's "Arthur Schopenhauer", ar's two "Berlin") are dropped.
        assert subjects == ({BERLIN} if lang in linked else set()), path.name


def test_page_metadata_and_links_are_not_canonicalized(minidumps_out: Path) -> None:
    names = {p.name for p in minidumps_out.iterdir()}
    assert "page_lang=de_ids.nt.gz" in names
    assert not [n for n in names if n.startswith(("page_", "interlanguage-links_")) and "canonicalized" in n]


def test_the_manifest_counts_the_new_files(minidumps_out: Path) -> None:
    m = json.loads((minidumps_out / "manifest.json").read_text())
    for name in ["interlanguage-links_lang=en.nt.gz", "interlanguage-links_lang=ja_sameas.nt.gz",
                 "labels_lang=ja_canonicalized.nt.gz"]:
        assert m["datasets"][name]["triples"] == len(read_nt(minidumps_out / name)) > 0, name


def test_the_store_holds_one_berlin_with_labels_and_abstracts_in_every_language(berlin_store: Path) -> None:
    from wikikg.store import open_store

    kg = open_store(berlin_store)
    try:
        for predicate in (LABEL, ABSTRACT, COMMENT):
            rows = kg.rdf.query(f"SELECT DISTINCT (LANG(?x) AS ?l) WHERE {{ <{BERLIN}> <{predicate}> ?x }}")
            assert isinstance(rows, pyoxigraph.QuerySolutions)
            assert len({str(b["l"].value) for b in rows}) == 120, predicate
        ask = f"ASK {{ <http://de.dbpedia.org/resource/Berlin> <{LABEL}> ?x }}"
        assert not kg.rdf.query(ask), "the German label moved onto the canonical resource"
    finally:
        kg.close()
