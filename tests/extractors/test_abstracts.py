"""Long and short abstracts on every real dump: clean in every language, and first sentences read by hand.

Two kinds of evidence:

* properties that hold in any language, checked on every edition in ``../shared/data/dumps``
  (minidumps, truncated dumps, itwiki, zhwiki, ltgwiki, Fandom …), against facts taken from the
  source lead independently of the renderer (its bare prose, its links' labels);
* the first sentence of 24 articles in 15 languages, written by hand from their wikitext.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import DUMPS
from tests.helpers import read_nt

from wikikg.dump.editions import language_from_filename
from wikikg.dump.namespaces import default_siteinfo
from wikikg.dump.page import Page
from wikikg.dump.xml import DumpReader
from wikikg.extractors.abstracts import LONG_ABSTRACTS, SHORT_ABSTRACTS, SHORT_LIMIT, AbstractsExtractor
from wikikg.extractors.base import ExtractionContext
from wikikg.pipeline.run import extract
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import Literal
from wikikg.rdf.vocab import DBO_ABSTRACT, RDFS_COMMENT
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Scan

ALL_DUMPS = sorted(p for p in DUMPS.glob("*/*") if p.is_file())
#: articles checked per dump: every one in the small dumps, the first ones in the big ones
PER_DUMP = 200

Abstract = tuple[ParsedPage, str | None, str | None]  # page, long, short


def abstracts(path: Path, limit: int | None = None) -> Iterator[Abstract]:
    """Each article of a dump with its long and short abstract (``None`` when it has none)."""
    with DumpReader(path, lang=language_from_filename(path.name)) as reader:
        site = reader.siteinfo
        ctx = ExtractionContext(site.lang, site, IriMinter(site.lang))
        extractor = AbstractsExtractor(ctx)
        n = 0
        for page in reader:
            parsed = ParsedPage(page, site)
            if not parsed.is_article:
                continue
            long = short = None
            for st in extractor.extract(parsed):
                assert isinstance(st.object, Literal)
                assert st.object.lang == site.lang, "tagged with the edition's language"
                assert st.subject == ctx.resource_of(parsed)
                if st.dataset == LONG_ABSTRACTS:
                    assert st.predicate == DBO_ABSTRACT
                    long = st.object.lexical
                else:
                    assert (st.dataset, st.predicate) == (SHORT_ABSTRACTS, RDFS_COMMENT)
                    short = st.object.lexical
            yield parsed, long, short
            n += 1
            if limit is not None and n >= limit:
                return


# --- what the source lead says, computed without the renderer -------------------------------------
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TAG_BLOCK = re.compile(
    r"<(ref|gallery|math|nowiki|pre|timeline|imagemap|score|syntaxhighlight|source|templatedata|references"
    r"|graph|mapframe|chem)\b[^>]*?(?:/>|>.*?(?:</\1\s*>|$))", re.S | re.I)
_INNER_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_INNER_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_TAG = re.compile(r"<[^<>]+>")
_NOWIKI_BODY = re.compile(r"<(nowiki|pre)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)


def bare_prose(lead: str) -> str:
    """The lead with comments, references, templates, tables, tags and non-text links removed
    (plain regular expressions, innermost brackets first)."""
    text = _TAG_BLOCK.sub(" ", _COMMENT.sub("", lead))
    for _ in range(20):
        new = _INNER_TEMPLATE.sub(" ", text)
        if new == text:
            break
        text = new
    text = without_tables(text)
    for _ in range(5):
        text = _INNER_LINK.sub(lambda m: "" if ":" in m.group(1) else (m.group(2) or m.group(1)), text)
    return re.sub(r"__[A-Z]+__", " ", _TAG.sub(" ", text))


def table_lines(text: str) -> list[bool]:
    """For each line: whether it belongs to a ``{| … |}`` table (nested tables counted)."""
    depth = 0
    inside = []
    for line in text.split("\n"):
        s = line.lstrip(" \t:")
        if s.startswith("{|"):
            depth += 1
        inside.append(depth > 0)
        if s.startswith("|}") and depth:
            depth -= 1
    return inside


def without_tables(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(ln for ln, t in zip(lines, table_lines(text), strict=True) if not t)


def has_text(lead: str) -> bool:
    """Whether the lead shows some words (a run of three letters) outside hatnote lines."""
    lines = [ln for ln in bare_prose(lead).splitlines() if not ln.lstrip().startswith(":")]
    return bool(re.search(r"[^\W\d_]{3}", "\n".join(lines).replace("'''", "").replace("''", "")))


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def glued_labels(lead: str, text: str) -> list[str]:
    """Labels of links that stand between spaces in the source but touch a letter in ``text``."""
    scan = Scan.of(lead)
    spans = [(t.start, t.end) for t in scan.templates if t.depth == 0]
    src = scan.text
    offset = 0
    for line, in_table in zip(src.split("\n"), table_lines(src), strict=True):
        if in_table:
            spans.append((offset, offset + len(line) + 1))
        offset += len(line) + 1
    bad = []
    for link in scan.links:
        if link.depth or ":" in link.target or any(s <= link.start < e for s, e in spans):
            continue
        label = (link.label if link.label is not None else link.target).strip()
        if len(label) < 2 or any(c in label for c in "{}[]<>'&|="):
            continue
        before = src[link.start - 1 : link.start]
        after = src[link.end : link.end + 1]
        if not (before.isspace() and (after.isspace() or after in ",.;:")) or label not in text:
            continue
        ok = False
        for m in re.finditer(re.escape(label), text):
            prev = text[m.start() - 1] if m.start() else " "
            nxt = text[m.end()] if m.end() < len(text) else " "
            if not _is_letter(prev) and not _is_letter(nxt):
                ok = True
                break
        if not ok:
            bad.append(label)
    return bad


_EMPTY_BRACKETS = re.compile(r"[(（][\s\W_]*[)）]")
_MARKUP = ("[[", "]]", "{{", "}}", "'''", "<ref", "</ref", "__TOC__", "__NOTOC__", "__NOEDITSECTION__")
_DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_WIDE_PAIR = re.compile(r"(\S)[ \u3000](\S)")
# What may stand between two characters of the source and show no letter: brackets, quotes,
# tags, references, templates on one line, white space.
_JUNK_TOKEN = re.compile(r"<ref[^>\n]*>[^\n]*?</ref>|<[^>\n]*>|\{\{[^{}\n]*\}\}|[\]\['|*#:;]|&nbsp;|\s")


def _shows_space(junk: str, line_of_a: str) -> bool:
    shown = re.sub(r"<ref[^>\n]*>[^\n]*?</ref>|\{\{[^{}\n]*\}\}", "", junk)
    return bool(
        (re.search(r"[ \u3000\u00a0]|&nbsp;", shown) and "\n" not in shown)  # a space on the line
        or re.search(r"\n\s*\n|\n[*#:;]|</?(?:div|p|center|blockquote)", shown)  # a paragraph, an item
        or line_of_a.lstrip().startswith(("*", "#", ";", ":"))  # the end of a list item
        or re.search(r"\n[ \t]*(?:\{\{[^{}\n]*\}\}[ \t]*)+\n", junk)  # a line holding only a template
    )


def source_spaces(lead: str, a: str, b: str) -> bool:
    """Whether the source shows a space between ``a`` and ``b`` somewhere: a space on the line,
    or a block boundary (a paragraph break, a list item) — not a mere line break.  ``a`` may be
    the end of a link or template, ``b`` the start of one (whose text it then is)."""
    for m in re.finditer(f"{re.escape(a)}|\\]\\]|\\}}\\}}", lead):
        line_of_a = lead[lead.rfind("\n", 0, m.start()) + 1 : m.end()]
        pos = m.end()
        while True:
            if lead.startswith((b, "{{", "[["), pos) and _shows_space(lead[m.end() : pos], line_of_a):
                return True
            token = _JUNK_TOKEN.match(lead, pos)
            if token is None or token.end() == pos:
                break
            pos = token.end()
    return False


_SENTENCE_END = re.compile(r"[.!?。！？।॥۔؟։።…;]['\"”’»」』)）\]]*$")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF" and not ("\uac00" <= ch <= "\ud7af")


def problems(page: ParsedPage, long: str | None, short: str | None) -> list[str]:
    """Every property an abstract of ``page`` breaks, as readable messages."""
    lead = page.lead
    title = page.title.full
    if long is None:
        return [f"{title}: no abstract, but the lead shows text"] if has_text(lead) else []
    out = []
    nowiki = " ".join(m.group(2) for m in _NOWIKI_BODY.finditer(lead))
    for token in _MARKUP:
        if token in long and token not in nowiki:
            out.append(f"{title}: markup {token!r} left: …{long[max(0, long.index(token) - 60):][:120]}…")
    unpaired = lead.count("[[") != lead.count("]]") or lead.count("{{") != lead.count("}}")
    if "|" in long and "|" not in bare_prose(lead) and not unpaired:
        out.append(f"{title}: '|' left: …{long[max(0, long.index('|') - 60):][:120]}…")
    for m in _EMPTY_BRACKETS.finditer(long):
        if m.group(0) not in bare_prose(lead):
            out.append(f"{title}: empty brackets {m.group(0)!r}: …{long[max(0, m.start() - 60):m.end() + 20]}…")
    if long != long.strip() or long[0] in _DIRECTION_MARKS or long[-1] in _DIRECTION_MARKS:
        out.append(f"{title}: white space or a direction mark at an end: {long[:20]!r} … {long[-20:]!r}")
    if "  " in long or "\n" in long:
        out.append(f"{title}: white space not normalised")
    for label in glued_labels(lead, long):
        out.append(f"{title}: link label {label!r} glued to a neighbouring word")
    for m in _WIDE_PAIR.finditer(long):
        a, b = m.group(1), m.group(2)
        if _wide(a) and _wide(b) and not source_spaces(lead, a, b):
            out.append(f"{title}: a space put between {a!r} and {b!r}: …{long[max(0, m.start() - 20):m.end() + 20]}…")
    out += short_problems(title, long, short)
    return out


def short_problems(title: str, long: str, short: str | None) -> list[str]:
    if short is None:
        return [f"{title}: a long abstract without a short one"]
    if len(long) <= SHORT_LIMIT:
        return [] if short == long else [f"{title}: short abstract differs from a long one under the limit"]
    if short == long:  # one sentence, longer than the limit, kept whole
        return [] if len(long) <= 2 * SHORT_LIMIT else [f"{title}: a short abstract of {len(short)} characters"]
    out = []
    cut = short.removesuffix("…")
    if not long.startswith(cut):
        out.append(f"{title}: short abstract is not the beginning of the long one")
    elif short.endswith("…"):
        if _is_letter(long[len(cut)]) and _is_letter(long[len(cut) - 1]) and not _wide(long[len(cut) - 1]):
            out.append(f"{title}: short abstract cut inside a word: …{short[-30:]}")
    else:
        if not _SENTENCE_END.search(short):
            out.append(f"{title}: short abstract does not end a sentence: …{short[-40:]}")
        if not (long[len(short)].isspace() or _wide(short[-1])):
            out.append(f"{title}: short abstract cut inside a word: …{short[-30:]}")
        if len(short) > 2 * SHORT_LIMIT:
            out.append(f"{title}: short abstract of {len(short)} characters")
    return out


# --- properties on every edition ----------------------------------------------------------------
@pytest.mark.slow  # every edition's whole dump: 13 s
@pytest.mark.parametrize("path", ALL_DUMPS, ids=lambda p: p.name)
def test_every_edition_yields_clean_abstracts(path: Path) -> None:
    found = list(abstracts(path, limit=PER_DUMP))
    failures = [msg for page, long, short in found for msg in problems(page, long, short)]
    assert not failures, f"{len(failures)} problems in {path.name}:\n" + "\n".join(failures[:15])
    with_text = sum(1 for page, _, _ in found if has_text(page.lead))
    produced = sum(1 for _, long, _ in found if long)
    # an abstract for every article whose lead shows text (and none made of nothing but debris)
    assert produced >= with_text
    assert all(long is None or re.search(r"[^\W\d_]", long) for _, long, _ in found)


def test_the_properties_can_fail() -> None:
    """The property checks catch what DBpedia's abstracts show (reference page of ../shared/reference)."""
    # a hand-made lead imitating the reference page's "Spillover ofAfghan Civil WarinJammu"
    text = "'''Kabul''' in [[Jammu]] is the capital of the [[Afghan Civil War]]."
    page = ParsedPage(Page("Kabul", 0, 1, text=text), default_siteinfo("en"))
    assert problems(page, "Kabul inJammu (; ) is the capital of theAfghan Civil War.", "x")
    assert glued_labels(page.lead, "Kabul inJammu is the capital of the Afghan Civil War.") == ["Jammu"]


# --- first sentences written by hand from the wikitext --------------------------------------------
M = "minidumps"
HAND_WRITTEN: list[tuple[str, str, str]] = [
    ("en/enwiki-2020-battles-546pages.xml.bz2", "Battle of Attu",
     "The Battle of Attu, which took place on 11–30 May 1943, was a battle fought between forces of the "
     "United States, aided by Canadian reconnaissance and fighter-bomber support, and Japan on Attu Island "
     "off the coast of the Territory of Alaska as part of the Aleutian Islands Campaign during the American "
     "Theater and the Pacific Theater."),
    ("en/enwiki-2020-battles-546pages.xml.bz2", "Operation Atlantic",
     "Operation Atlantic (18–21 July 1944) was a Canadian offensive during the Battle of Normandy in the "
     "Second World War."),
    (f"{M}/enwiki.xml.bz2", "Angela Merkel",
     "Angela Dorothea Merkel (née Kasner; born 17 July 1954) is a German politician who served as the "
     "chancellor of Germany from 2005 to 2021."),
    (f"{M}/enwiki.xml.bz2", "IKEA",
     "IKEA is a Swedish-origin Dutch-headquartered multinational conglomerate that designs and sells "
     "ready-to-assemble furniture, kitchen appliances and home accessories, among other goods and home services."),
    ("en/enwiki-2016-sample-206pages.xml.bz2", "Anarchism",
     "Anarchism is a political philosophy that advocates self-governed societies based on voluntary institutions."),
    ("fandom/friends_fandom_pages_current.xml.bz2", "Ross Geller",
     "Ross Eustace Geller, Ph.D. is a fictional character on the popular US television sitcom called "
     "Friends (1994–2004)."),
    (f"{M}/dewiki.xml.bz2", "Arthur Schopenhauer",
     "Arthur Schopenhauer (* 22. Februar 1788 in Danzig; † 21. September 1860 in Frankfurt am Main) war ein "
     "deutscher Philosoph und Hochschullehrer."),
    (f"{M}/dewiki.xml.bz2", "Berlin",
     "Berlin ist Hauptstadt und als Land eine parlamentarische Republik sowie ein teilsouveräner Gliedstaat "
     "der Bundesrepublik Deutschland."),
    (f"{M}/frwiki.xml.bz2", "Antoine Meillet",
     "Paul Jules Antoine Meillet, né le 11 novembre 1866 à Moulins (Allier) et mort le 21 septembre 1936 à "
     "Châteaumeillant (Cher), est le principal linguiste français des premières décennies du XXe siècle."),
    (f"{M}/frwiki.xml.bz2", "Berlin", "Berlin est la capitale et la plus grande ville d'Allemagne."),
    (f"{M}/itwiki.xml.bz2", "Berlino",
     "Berlino (in tedesco: Berlin) è la capitale e maggiore città della Germania."),
    ("multi/itwiki-2013-747pages.xml.gz", "Alfred Nobel",
     "Alfred Bernhard Nobel (Stoccolma, 21 ottobre 1833 – Sanremo, 10 dicembre 1896) è stato un chimico e "
     "filantropo svedese."),
    (f"{M}/eswiki.xml.bz2", "Berlín",
     "Berlín (en alemán: Berlin) es la capital de Alemania y uno de los dieciséis estados federados alemanes."),
    (f"{M}/nlwiki.xml.bz2", "Berlijn",
     "Berlijn (Duits: Berlin) is de hoofdstad van Duitsland en als stadstaat een deelstaat van dat land."),
    (f"{M}/elwiki.xml.bz2", "Βερολίνο",
     "Το Βερολίνο (γερμανικά: Berlin) είναι η πρωτεύουσα και η μεγαλύτερη σε έκταση και πληθυσμό πόλη της "
     "Γερμανίας."),
    (f"{M}/ruwiki.xml.bz2", "Берлин",
     "Берли́н (нем. Berlin) — столица и крупнейший город Германии, первый по населению и четвёртый по "
     "площади город Евросоюза."),
    (f"{M}/ukwiki.xml.bz2", "Берлін",
     "Берлі́н (нім. Berlin) — столиця Федеративної Республіки Німеччина, окрема федеральна земля."),
    ("truncated/viwiki-20230501-truncated.xml.xz", "Ohio",
     "Ohio (viết tắt là OH, viết tắt cũ là O.) là một tiểu bang khu vực Trung Tây (cũ) nằm ở miền đông bắc "
     "Hoa Kỳ."),
    (f"{M}/hewiki.xml.bz2", "ברלין",
     "בֶּרְלִין (בגרמנית: Berlin) היא בירת הרפובליקה הפדרלית של גרמניה, העיר הגדולה ביותר בגרמניה ואחת "
     "מ-16 המדינות המרכיבות אותה."),
    (f"{M}/urwiki.xml.bz2", "برلن",
     "برلن وفاقی جمہوریہ جرمنی کا دارالحکومت اور اس کی 16 ریاستوں میں سے ایک ہے۔"),
    (f"{M}/jawiki.xml.bz2", "ベルリン",
     "ベルリン州（ベルリンしゅう、独: Land Berlin）、通称ベルリン（独: Berlin、伯林）は、ドイツの首都。"),
    (f"{M}/zhwiki.xml.bz2", "柏林",
     "柏林（德语：Berlin）是德意志聯邦共和國首都，也是德国最大的城市，现有居民约340万人。"),
    ("multi/zhwiki-2018-33pages.xml.bz2", "计算机科学",
     "计算机科学（英语：computer science，有时缩写为CS）是系统性研究信息与计算的理论基础以及它们在计算机系统中"
     "如何实现与应用的实用技术的学科。"),
    (f"{M}/kowiki.xml.bz2", "베를린", "베를린(독일어: Berlin)은 독일의 수도이다."),
]


@pytest.fixture(scope="module")
def hand_checked() -> dict[tuple[str, str], tuple[str | None, str | None]]:
    wanted: dict[str, set[str]] = {}
    for dump, title, _ in HAND_WRITTEN:
        wanted.setdefault(dump, set()).add(title)
    found = {}
    for dump, titles in wanted.items():
        missing = set(titles)
        for page, long, short in abstracts(DUMPS / dump):
            if page.page.title in missing:
                found[(dump, page.page.title)] = (long, short)
                missing.discard(page.page.title)
                if not missing:
                    break
    return found


def test_hand_written_cases_cover_six_languages() -> None:
    langs = {language_from_filename(Path(d).name) or "en" for d, _, _ in HAND_WRITTEN}
    assert len(HAND_WRITTEN) >= 20 and len(langs) >= 6


@pytest.mark.parametrize(("dump", "title", "expected"), HAND_WRITTEN, ids=[f"{d.split('/')[1][:6]}-{t}" for d, t, _ in HAND_WRITTEN])
def test_first_sentence_as_written_by_hand(
    hand_checked: dict[tuple[str, str], tuple[str | None, str | None]], dump: str, title: str, expected: str
) -> None:
    long, short = hand_checked[(dump, title)]
    assert long is not None and short is not None
    assert long[: len(expected)] == expected
    # the sentence ends there: the short abstract starts with it and cuts only at sentence ends
    assert short.startswith(expected)
    rest = long[len(expected) :]
    assert not rest or rest[0].isspace() or _wide(expected[-1])


# --- through the pipeline ------------------------------------------------------------------------
def test_extract_writes_both_datasets(tmp_path: Path, dumps: Path) -> None:
    extract([dumps / "minidumps/enwiki.xml.bz2"], tmp_path, extractors=["abstracts"], progress=False)
    long = read_nt(tmp_path / "long-abstracts_lang=en.nt.gz")
    short = read_nt(tmp_path / "short-abstracts_lang=en.nt.gz")
    assert len(long) == len(short) > 0
    berlin = [ln for ln in long if ln.startswith("<http://dbpedia.org/resource/Berlin> ")]
    assert len(berlin) == 1
    assert berlin[0].startswith('<http://dbpedia.org/resource/Berlin> <http://dbpedia.org/ontology/abstract> "Berlin')
    assert berlin[0].endswith('"@en .')


@pytest.mark.slow  # reads the whole battles dump: 2.4 s
def test_abstracts_of_the_battles_dump(dumps: Path) -> None:
    """Nearly every battle gets its abstract (its cost beside reading is a figure of ``make bench``)."""
    path = dumps / "en/enwiki-2020-battles-546pages.xml.bz2"
    with DumpReader(path) as reader:
        site = reader.siteinfo
        pages = [ParsedPage(p, site) for p in reader]
    ctx = ExtractionContext(site.lang, site, IriMinter(site.lang))
    extractor = AbstractsExtractor(ctx)
    n = sum(1 for p in pages for _ in extractor.extract(p))
    assert n >= 2 * 470
