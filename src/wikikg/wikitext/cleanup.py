"""The last stage of plain-text rendering: from rendered lines to one clean line of text.

Earlier stages leave :data:`REMOVED` where they took something out (a reference, a pronunciation,
an unknown template).  Here those markers decide what else must go: a bracket that only framed
removed things — ``(; )``, ``(UK: , US: )``, ``( listen)`` — goes with them, together with the
labels that introduced them, while a bracket that still says something stays, minus its dangling
separators.  Then list markers and indentation hatnotes go, lines are joined with one space
(none between two wide East Asian characters, as browsers do: CSS Text 3 "segment break
transformation"), white space is collapsed and direction marks at the ends are trimmed.

>>> finish("Berlin (UK: \\ue000, US: \\ue000) is\\n''big''\\uE000.", "en")
"Berlin is ''big''."
>>> finish("Merkel (born Kasner; \\ue000 17 July 1954)", "en")
'Merkel (born Kasner; 17 July 1954)'
>>> finish("東京は\\n日本の首都である。\\nTokyo", "ja")
'東京は日本の首都である。 Tokyo'
"""

from __future__ import annotations

import re
import unicodedata

REMOVED = "\ue000"  # private-use character: "something was removed here"
SEPARATOR = "\ue005"  # where <nowiki/> stood: it separates runs of quotes, and shows nothing

_BRACKETS = re.compile(r"(\(|（)([^()（）]*)(\)|）)")
_SEPARATORS = re.compile(r"([;,；，、])")
_STRENGTH = {",": 1, "，": 1, "、": 1, ";": 2, "；": 2}
# What may introduce a removed pronunciation or sound file inside brackets: "UK:", "German:" (at
# most three words, then a colon), or words saying "pronounced"/"listen" in the edition's language
# together with at most three other words ("pronuncia svedese", "prononciation allemande").
_PRONOUNCE_WORDS = (
    "pronounced|pronunciation|listen|help|info|pronuncia|pronunciato|prenunciato|ascolta|prononciation"
    "|prononcé|écouter|aussprache|ausgesprochen|anhören|pronunciación|pronunciado|pronúnciase|escuchar"
    "|pronúncia|ouvir|uitspraak|uitgesproken|luister|wymowa|výslovnost|uttal|ääntäminen|произношение"
    "|произн|вимова|слухати|слушать|προφορά|発音|发音|發音|발음"
)
_LABEL_ONLY = re.compile(
    r"^\W*(?:[^\W\d]+\W*){0,3}:\W*$"
    rf"|^\W*(?:[^\W\d]+\W+){{0,3}}(?:{_PRONOUNCE_WORDS})\w*(?:\W+[^\W\d]+){{0,3}}\W*$",
    re.I,
)
_HAS_WORD = re.compile(r"[^\W_]")
# A run of markers and spaces (taken whole from its start: one look at each character) …
_MARKER_RUN = re.compile(r"(?<![ \t\u00a0" + REMOVED + r"])[ \t\u00a0" + REMOVED + r"]*" + REMOVED + r"[ \t\u00a0]*")
# … goes when punctuation follows it
_PUNCT_AFTER = frozenset(".,;:!?)]。、，；：！？）")
# Removed things and the spaces between them, e.g. "。<ref/> <ref/>它": between two wide characters
# the spaces belonged to what was removed.
_MARKER_BETWEEN_WIDE = re.compile(r"(\S)([ \t\u00a0]*" + REMOVED + r"[ \t\u00a0" + REMOVED + r"]*)(?=(\S))")
# Runs of white space become one space; an ideographic space (U+3000) is a character of CJK text.
_SPACE_RUN = re.compile(r"[^\S\u3000]+")
_LIST_MARK = re.compile(r"^[*#:;]+\s*")
_STRAY = re.compile(r"\[\[|\]\]|\{\{|\}\}|\{\||\|\}")
_EDGE_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200b\ufeff "
_INVISIBLE = re.compile("[\u00ad\u200b\ufeff\ue005]")


def finish(text: str, lang: str) -> str:
    """One line of clean text from rendered lines holding :data:`REMOVED` markers."""
    if REMOVED in text or "(" in text or "（" in text:
        text = clean_brackets(text)
    if REMOVED in text:
        text = _MARKER_BETWEEN_WIDE.sub(_join_wide, text)
        text = _MARKER_RUN.sub(_marker_run, text).replace(REMOVED, "")
    text = _INVISIBLE.sub("", text)
    if "[[" in text or "]]" in text or "{{" in text or "}}" in text or "{|" in text or "|}" in text:
        text = _STRAY.sub("", text)
    return join_lines(text.split("\n"))


def _marker_run(m: re.Match[str]) -> str:
    """Markers and their spaces before punctuation go (``word <ref/>.`` → ``word.``)."""
    return "" if m.string[m.end() : m.end() + 1] in _PUNCT_AFTER and m.end() < len(m.string) else m.group(0)


def _join_wide(m: re.Match[str]) -> str:
    before, after = m.group(1), m.group(3)
    if _wide(before) and _wide(after):
        return before
    return m.group(0)


def clean_brackets(text: str) -> str:
    """Drop what only framed removed content inside round brackets, then empty brackets.

    Works on innermost brackets first, so ``(a (b) c)`` is seen as ``(b)`` and then ``(a … c)``.
    """
    for _ in range(8):  # nesting deeper than this does not occur in prose
        new = _BRACKETS.sub(_clean_group, text)
        if new == text:
            break
        text = new
    return text.replace("\ue001", "(").replace("\ue002", ")").replace("\ue003", "（").replace("\ue004", "）")


def _clean_group(m: re.Match[str]) -> str:
    opening, body, closing = m.group(1), m.group(2), m.group(3)
    if REMOVED in body:
        body = _drop_marked_segments(body)
    if not _HAS_WORD.search(body):
        return REMOVED  # nothing left to read: the bracket goes, the marker eats the space before it
    # Shield the kept bracket from the next round (it is not innermost any more, its parent is).
    o = "\ue001" if opening == "(" else "\ue003"
    c = "\ue002" if closing == ")" else "\ue004"
    return f"{o}{body}{c}"


def _drop_marked_segments(body: str) -> str:
    """Split at ``;``/``,``; drop the segments that held a marker and now hold only a label."""
    pieces = _SEPARATORS.split(body)
    segments = pieces[0::2]
    seps = [*pieces[1::2], ""]
    kept: list[tuple[str, str]] = []
    for seg, sep in zip(segments, seps, strict=True):
        if REMOVED in seg:
            rest = seg.replace(REMOVED, "")
            if not _HAS_WORD.search(rest) or _LABEL_ONLY.match(rest):
                if kept and sep and _STRENGTH.get(sep, 0) > _STRENGTH.get(kept[-1][1], 0):
                    kept[-1] = (kept[-1][0], sep)
                continue
        kept.append((seg, sep))  # markers stay: the final pass removes them with their spaces
    if not kept:
        return ""
    out = "".join(seg + sep for seg, sep in kept[:-1]) + kept[-1][0]
    return out.strip(" ;,；，、" + REMOVED)


def join_lines(lines: list[str]) -> str:
    """Join rendered lines into one: list markers and leading indented hatnotes removed.

    Lines of one paragraph join as a browser shows them: with a space, except between two wide
    East Asian characters.  Paragraphs and list items are blocks: they are joined by one space in
    every language, as DBpedia's abstracts join the paragraphs of the lead.
    """
    parts: list[str] = []
    prose_seen = False
    block_break = False
    previous_was_item = False
    for raw in lines:
        line = raw.strip()
        if not line:
            block_break = True
            continue
        is_item = line[0] in "*#:;"
        if is_item:
            if line[0] == ":" and not prose_seen:
                continue  # ":''For other uses, see …''" above the text: a hand-made hatnote
            line = _LIST_MARK.sub("", line)
        elif line[0] in "|!" or line.count("|") >= 2:
            continue  # debris of a table, or a navigation bar "← 24 March | 25 March | 26 March →"
        line = _SPACE_RUN.sub(" ", line).strip()
        if not _HAS_WORD.search(line):
            continue
        prose_seen = True
        same_block = not (block_break or is_item or previous_was_item)
        if parts and same_block and _joins_without_space(parts[-1][-1], line[0]):
            parts[-1] += line
        else:
            parts.append(line)
        block_break = False
        previous_was_item = is_item
    return " ".join(parts).strip(_EDGE_MARKS)


def _joins_without_space(before: str, after: str) -> bool:
    """A line break between two wide East Asian characters shows no space (Hangul excepted)."""
    return _wide(before) and _wide(after)


def _wide(ch: str) -> bool:
    if unicodedata.east_asian_width(ch) not in ("W", "F"):
        return False
    return not ("\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f")
