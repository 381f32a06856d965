"""Sentence boundaries in plain text, language-aware, for short abstracts.

A boundary follows a sentence terminator at bracket depth zero, after any closing quotes:

* ``.`` ``!`` ``?`` ``…`` followed by white space and then something that can start a sentence —
  not a lower-case letter (in scripts with case), not after an abbreviation (``U.S.``, ``e.g.``,
  ``Dr.``, ``z. B.``, ``г.``), an initial (``J. R. R. Tolkien``) or, in editions that write
  ordinals with a dot (``15. Mai``, ``2. světová válka``), a number of one to three digits;
* ``。`` ``！`` ``？`` (Chinese, Japanese), with or without a following space;
* ``।`` ``॥`` (Devanagari, Bengali …), ``۔`` ``؟`` (Arabic script), ``።`` (Ethiopic), ``။``
  (Myanmar), ``។`` (Khmer), ``։`` (Armenian), ``;`` as the Greek question mark, followed by space.

:func:`short_abstract` keeps the longest run of whole sentences that fits the limit — never a cut
inside a word.

>>> first_sentences("The U.S. Army was founded in 1775. J. R. R. Tolkien was born in 1892. Fin.", 40, lang="en")
'The U.S. Army was founded in 1775.'
>>> first_sentences("Am 15. Mai 1988 begann der Abzug. Er endete 1989.", 40, lang="de")
'Am 15. Mai 1988 begann der Abzug.'
>>> first_sentences("東京は日本の首都である。人口は多い。", 14, lang="ja")
'東京は日本の首都である。'
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Editions whose language writes ordinal numbers with a trailing dot ("15. Mai").
_ORDINAL_DOT = _words(
    "de als bar nds lb da no nn is fo fi et cs sk sl hr sr sh bs hu lv lt tr pl hsb dsb fy"
)
# Abbreviations that end in a dot but rarely end a sentence, per language (lower-cased, no dot).
# Sources: the abbreviation lists of the Unicode CLDR segmentation suppressions
# (common/segments/*.xml) and of the editions' style manuals, trimmed to what appears in leads.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _words(
        "mr mrs ms dr prof st jr sr vs etc e.g i.e cf no nos vol vols inc ltd co corp gen col lt "
        "sgt capt cmdr adm maj rev hon mt ft approx ca c b d fl r est op pp p al jan feb mar apr "
        "jun jul aug sep sept oct nov dec fig univ dept assn bros messrs gov pres sen rep"
    ),
    "de": _words(
        "z.b u.a d.h bzw ca nr st dr prof geb gest v.chr n.chr chr etc evtl ggf inkl insb u.ä vgl "
        "sog usw bspw jh jhd mio mrd abs art bd hl str tel u.v.m o.ä s.o s.u z.t"
    ),
    "fr": _words("m mm mme mlle dr st ste av apr j.-c env etc cf p vol n°"),
    "es": _words("sr sra srta dr dra d a.c d.c etc ee.uu p.ej vol núm"),
    "it": _words("sig dott prof ecc a.c d.c s vol n"),
    "pt": _words("sr sra dr a.c d.c etc vol n"),
    "nl": _words("dhr mevr dr prof bijv o.a m.a.w etc ca n.chr v.chr"),
    "ru": _words("г гг т.е т.д т.п им ул д в вв н.э до н.э см ср тыс млн млрд руб г-н проф"),
    "uk": _words("р рр т.ч див ім вул тис млн млрд н.е до н.е"),
    "pl": _words("np tzw itd itp m.in r w ul prof dr ok godz"),
    "cs": _words("tzv atd apod např př.n.l n.l r ul sv"),
    "sv": _words("t.ex bl.a f.kr e.kr ca m.fl s.k osv"),
}
_COMMON_ABBREVIATIONS = _words("e.g i.e etc ca c vs")

_TERMINATORS = ".!?…"
_CJK_TERMINATORS = "。！？"
_SPACED_TERMINATORS = "।॥۔؟።။។։"
_CLOSERS = "\"'”’»」』）)]"
_OPEN = "([{（「『"
_CLOSE = ")]}）」』"


def boundaries(text: str, lang: str) -> Iterator[int]:
    """Offsets just after each sentence end (closing quotes and brackets included)."""
    inside = _bracketed(text)
    n = len(text)
    abbreviations = _ABBREVIATIONS.get(lang, frozenset()) | _COMMON_ABBREVIATIONS
    ordinal_dot = lang in _ORDINAL_DOT
    greek = lang == "el"
    for i, ch in enumerate(text):
        if inside[i]:
            continue
        if ch in _CJK_TERMINATORS:
            end = _after_closers(text, i + 1)
            if end >= n or text[end] not in _CJK_TERMINATORS:
                yield end
            continue
        if ch in _SPACED_TERMINATORS or (greek and ch in ";\u037e"):
            end = _after_closers(text, i + 1)
            if end < n and text[end].isspace():
                yield end
            continue
        if ch not in _TERMINATORS:
            continue
        end = _after_closers(text, i + 1)
        if end >= n or not text[end].isspace():
            continue
        nxt = end
        while nxt < n and text[nxt].isspace():
            nxt += 1
        if nxt >= n:
            continue
        start_char = text[nxt]
        if start_char.islower():
            continue  # "approx. three", "c. 1900 …"; a sentence starts with a capital where there are capitals
        if ch == "." and _is_abbreviation(text, i, abbreviations, ordinal_dot):
            continue
        yield end


def _bracketed(text: str) -> list[bool]:
    """For each offset: whether it lies inside a pair of brackets that opens and closes.

    An opening bracket that is never closed (a typo, a cut) does not swallow the rest of the text.
    """
    inside = [False] * len(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            start = stack.pop()
            if not stack:
                for j in range(start + 1, i):
                    inside[j] = True
    return inside


def _after_closers(text: str, i: int) -> int:
    while i < len(text) and text[i] in _CLOSERS and text[i] not in _OPEN:
        i += 1
    return i


_WORD_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str], ordinal_dot: bool) -> bool:
    """Whether the ``.`` at ``dot`` closes an abbreviation, an initial or an ordinal number."""
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not m:
        return False
    word = m.group(1).lstrip("(\"'«“‘[")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial, "J. R. R. Tolkien", or a spaced abbreviation: "z. B.", "т. е."
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        return True  # "U.S", "e.g", "z.B"
    if word.casefold() in abbreviations:
        return True
    if ordinal_dot and word.isdigit() and len(word) <= 3:
        return True  # "15. Mai", "2. světová válka"
    # a Roman numeral after a name, "Friedrich II. von Preußen", only in ordinal-dot languages
    return ordinal_dot and bool(re.fullmatch(r"[IVXLC]{1,5}", word))


def first_sentences(text: str, limit: int, *, lang: str) -> str | None:
    """The longest prefix of whole sentences not longer than ``limit``; ``None`` if even the first is."""
    best: int | None = None
    for end in boundaries(text, lang):
        if end > limit:
            break
        best = end
    if len(text) <= limit:
        return text
    return text[:best].rstrip() if best else None


def short_abstract(text: str, lang: str, limit: int = 500) -> str:
    """The first sentences of ``text`` up to about ``limit`` characters, cut at a sentence end.

    A first sentence longer than the limit is kept whole up to twice the limit; beyond that it is
    cut at the last word boundary before the limit (for Chinese and Japanese, which do not space
    words, at the last clause mark or character) and "…" is appended.

    >>> short_abstract("One. Two. Three.", "en", limit=10)
    'One. Two.'
    """
    if len(text) <= limit:
        return text
    head = first_sentences(text, limit, lang=lang)
    if head:
        return head
    first_end = next(boundaries(text, lang), len(text))
    if first_end <= 2 * limit:
        return text[:first_end].rstrip()
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\u3000"))
    if space > limit // 2:
        return cut[:space].rstrip(" ,;:、，") + "…"
    clause = max(cut.rfind(c) for c in "、，,;；")
    if clause > limit // 2:
        return cut[: clause].rstrip() + "…"
    return cut + "…"
