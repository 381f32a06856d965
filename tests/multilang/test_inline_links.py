"""Interlanguage links written in the wikitext: itwiki 2013 (before Wikidata took them over).

The expected links are found here with a regex over the raw XML — ``[[xx:Title]]`` with a
language code and no leading colon, on pages of the main, template and category namespaces
(DBpedia's ``InterLanguageLinksExtractor``), the first per language — not with wikikg's parser.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.helpers import raw_dump_text, triples

from wikikg.cli import main

ITWIKI = "multi/itwiki-2013-747pages.xml.gz"
ILL = "http://dbpedia.org/ontology/wikiPageInterLanguageLink"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# Interwiki prefixes of two or three letters that are not language editions (Wikimedia's interwiki map).
NOT_LANGUAGES = {"wp", "mw", "voy", "gen", "bug", "rev", "sep", "nds_nl", "wmf"}
_LINK = re.compile(r"\[\[([a-z]{2,3}(?:-[a-z]+)*):([^\]|]+)")
_PAGE = re.compile(r"<page>.*?</page>", re.S)


def resource(lang: str, title: str) -> str:
    """A DBpedia resource IRI built by hand: first letter upper-cased, fragment dropped, underscores."""
    title = title.split("#")[0].strip()
    title = title[:1].upper() + title[1:]
    ns = "http://dbpedia.org/resource/" if lang == "en" else f"http://{lang}.dbpedia.org/resource/"
    return ns + title.replace(" ", "_")


def inline_links(raw: str) -> set[tuple[str, str, str]]:
    """(page title, language, target IRI) of every interlanguage link in the raw dump."""
    found = set()
    for page in _PAGE.findall(raw):
        ns = re.search(r"<ns>(\d+)</ns>", page)
        if ns is None or ns.group(1) not in ("0", "10", "14"):
            continue
        title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))  # type: ignore[union-attr]
        text = html.unescape(re.search(r"<text[^>]*>(.*?)</text>", page, re.S).group(1))  # type: ignore[union-attr]
        seen = set()
        for m in _LINK.finditer(text):
            lang = m.group(1)
            if lang in NOT_LANGUAGES or lang == "it" or lang in seen:
                continue
            seen.add(lang)
            found.add((title, lang, resource(lang, m.group(2))))
    return found


@pytest.fixture(scope="module")
def itwiki_raw(dumps: Path) -> str:
    return raw_dump_text(dumps / ITWIKI)


@pytest.fixture(scope="module")
def expected(itwiki_raw: str) -> set[tuple[str, str, str]]:
    return inline_links(itwiki_raw)


@pytest.fixture(scope="module")
def itwiki_out(tmp_path_factory: pytest.TempPathFactory, dumps: Path) -> Path:
    out = tmp_path_factory.mktemp("itwiki")
    assert main(["extract", str(dumps / ITWIKI), "-o", str(out), "--extractors",
                 "labels,page-ids,interlanguage-links", "--no-progress"]) == 0
    return out


def test_the_dump_has_inline_links(expected: set[tuple[str, str, str]]) -> None:
    assert len(expected) == 38
    assert len({t for t, _, _ in expected}) == 6


def test_every_inline_link_is_extracted(itwiki_out: Path, expected: set[tuple[str, str, str]]) -> None:
    got = triples(itwiki_out / "interlanguage-links_lang=it.nt.gz")
    want = {(resource("it", title), ILL, f"<{target}>") for title, _, target in expected}
    assert got == want


def test_same_as_mirrors_the_links(itwiki_out: Path, expected: set[tuple[str, str, str]]) -> None:
    got = triples(itwiki_out / "interlanguage-links_lang=it_sameas.nt.gz")
    assert got == {(resource("it", title), SAME_AS, f"<{target}>") for title, _, target in expected}


def test_pages_linked_to_english_get_their_labels_on_english_iris(itwiki_out: Path,
                                                                 expected: set[tuple[str, str, str]]) -> None:
    to_en = {target: title for title, lang, target in expected if lang == "en"}
    assert len(to_en) == 3
    got = triples(itwiki_out / "labels_lang=it_canonicalized.nt.gz")
    assert got == {(target, LABEL, f'"{title}"@it') for target, title in to_en.items()}


def test_links_in_other_namespaces_are_not_language_links(itwiki_raw: str, itwiki_out: Path) -> None:
    # "Utente:Agremon" (a user page) carries a dozen [[xx:user:Agremon]] links; DBpedia skips user pages.
    assert "[[de:user:Agremon]]" in itwiki_raw
    subjects = {s for s, _, _ in triples(itwiki_out / "interlanguage-links_lang=it.nt.gz")}
    assert not [s for s in subjects if ":" in s.rsplit("/", 1)[1]]


def test_the_result_does_not_depend_on_jobs(tmp_path: Path, dumps: Path, itwiki_out: Path) -> None:
    out = tmp_path / "j2"
    assert main(["extract", str(dumps / ITWIKI), "-o", str(out), "--extractors",
                 "labels,page-ids,interlanguage-links", "--jobs", "2", "--no-progress"]) == 0
    for name in ["interlanguage-links_lang=it.nt.gz", "interlanguage-links_lang=it_sameas.nt.gz",
                 "labels_lang=it_canonicalized.nt.gz"]:
        assert triples(out / name) == triples(itwiki_out / name), name
