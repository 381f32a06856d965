"""Numbers as each edition writes them: "50,183" (en), "50 183" (fr), "1.234,5" (de), "12.5 million".

:func:`read_numeral` reads one numeral with the edition's decimal and grouping separators
(:func:`wikikg.values.locales.separators`); :func:`read_number` reads a whole text that is a
number — a numeral, perhaps with a sign, a magnitude word ("million", "млрд", "万"), a percent
sign and a trailing remark in brackets ("17,000 (2007)").  Anything else is not a number:
"InChI=1S/C8H10N4O2", an ISBN, a phone number, "0123" (a code: numbers do not start with 0),
"~5,000" or "5,000+" (approximations), "5,000 killed" (a count of something, said in words).

>>> read_number("50,183", "en"), read_number("50 183", "fr"), read_number("1.234,5", "de")
(50183, 50183, 1234.5)
>>> read_number("12.5 million", "en"), read_number("17,000 (2007)", "en"), read_number("−20", "de")
(12500000, 17000, -20)
>>> read_number("InChI=1S/C8H10N4O2", "en"), read_number("978-3-16-148410-0", "en"), read_number("0123", "en")
(None, None, None)
>>> read_percent("20,5 %", "de"), read_number("3rd", "en")
(Decimal('20.5'), 3)
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from wikikg.values import locales

Number = int | float

_SPACE_CHARS = "\u00a0\u202f\u2009\u2007\u200a"
_SPACES = re.compile(rf"[\s{_SPACE_CHARS}]+")
_MINUS = "−–‒-"  # minus sign, en dash, figure dash, hyphen-minus
_TAIL_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
# A rank: "3rd" (DBpedia's RankRegex), "135-а"/"5-й" (ru, uk), "3e"/"1er" (fr), "3º" (it, es, pt).
_ORDINAL = re.compile(r"^(\d+)\s?(?:st|nd|rd|th|-?[айея]|-?го|-?ий|er|e|ème|º|ª)$", re.I)


def _digit_table() -> dict[int, str]:
    """Every Unicode decimal digit (Arabic-Indic, Devanagari, full-width …) → its ASCII digit."""
    table: dict[int, str] = {}
    for start in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
                  0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10):
        for i in range(10):
            ch = chr(start + i)
            if unicodedata.decimal(ch, None) == i:
                table[start + i] = str(i)
    table[0x066B] = "."  # Arabic decimal separator
    table[0x066C] = ","  # Arabic thousands separator
    table[0x2212] = "-"  # minus sign
    return table


_DIGITS = _digit_table()


def normalise(text: str) -> str:
    """ASCII digits, ``-`` for the minus sign, one plain space for every run of white space."""
    return _SPACES.sub(" ", text.translate(_DIGITS)).strip()


_NUMERAL = re.compile(r"^[-+]?(?:\d[\d.,' ]*\d|\d)$|^[-+]?[.,]\d+$")


def _grouped(groups: list[str]) -> bool:
    """Digit groups as thousands separators leave them: 1–3 digits, then threes."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def read_numeral(text: str, lang: str) -> Decimal | None:
    """One numeral with ``lang``'s separators, as an exact decimal; ``None`` if it is not one.

    Grouping separators must stand every three digits.  A separator that is not the language's
    decimal separator is still read as a decimal point when it is a dot written once and the
    digits after it are not a group of three ("1.5" in German).  With two kinds of separator,
    the decimal one comes last.

    >>> read_numeral("1,200.55", "en"), read_numeral("1.500.200,55", "de"), read_numeral(".5", "en")
    (Decimal('1200.55'), Decimal('1500200.55'), Decimal('0.5'))
    >>> read_numeral("1,500,200,55", "en"), read_numeral("12.00.55", "en"), read_numeral("1,5", "en")
    (None, None, None)
    """
    s = normalise(text)
    if not s or not _NUMERAL.match(s):
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    dec, grp = locales.separators(lang)
    grouping = {grp} | ({" ", "'"} if dec == "," else set())
    kinds = {c for c in s if c in ".,' "}
    int_part, frac = s, ""
    if len(kinds) == 1:
        sep = kinds.pop()
        parts = s.split(sep)
        if sep == dec and len(parts) == 2:
            int_part, frac = parts
        elif sep in grouping and _grouped(parts):
            int_part = "".join(parts)
        elif sep == "." and len(parts) == 2 and not _grouped(parts):
            int_part, frac = parts
        else:
            return None
    elif len(kinds) == 2:
        last = s[max(s.rfind(c) for c in kinds)]
        other = (kinds - {last}).pop()
        if last != dec or s.count(last) != 1 or other not in grouping:
            return None
        head, frac = s.split(last)
        groups = head.split(other)
        if not _grouped(groups):
            return None
        int_part = "".join(groups)
    elif kinds:
        return None
    if len(int_part) > 2 and int_part[0] == "0":
        return None  # "0123": a code, not a number ("06" minutes are still six)
    if frac and not frac.isdigit():
        return None
    try:
        return Decimal(f"{sign}{int_part or '0'}{'.' + frac if frac else ''}")
    except InvalidOperation:
        return None


def magnitude_words(lang: str) -> frozenset[str]:
    return frozenset(locales.magnitudes(lang))


def magnitude(word: str, lang: str) -> int:
    """The multiplier of a magnitude word ("million" → 10⁶); 1 if it is none."""
    return locales.magnitudes(lang).get(word.lower().rstrip("."), 1)


@lru_cache(maxsize=64)
def _number_re(lang: str) -> re.Pattern[str]:
    mags = "|".join(re.escape(w) for w in sorted(locales.magnitudes(lang), key=len, reverse=True))
    return re.compile(
        rf"^(?P<num>[-+]?(?:\d[\d.,' ]*\d|\d)|[-+]?[.,]\d+)"
        rf"(?:\s*(?P<mag>{mags})\.?(?![^\W\d_]))?"
        rf"(?P<pct>\s*[%％])?$",
        re.I,
    )


def _strip_remarks(s: str) -> str:
    while True:
        t = _TAIL_PAREN.sub("", s)
        if t == s or not t:
            return s
        s = t


def read_decimal(text: str, lang: str) -> tuple[Decimal, bool, bool] | None:
    """(value, whether a fraction is written without a magnitude — "50.0" —, whether it is a
    percentage) of a text that is a number, or ``None``."""
    s = _strip_remarks(normalise(text))
    if not s:
        return None
    m = _number_re(lang).match(s)
    if m is None:
        return None
    value = read_numeral(m.group("num"), lang)
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    fraction = isinstance(exponent, int) and exponent < 0
    if m.group("mag"):
        value *= magnitude(m.group("mag"), lang)
        fraction = False
    return value, fraction, bool(m.group("pct"))


_CJK_GROUP = re.compile(r"(\d+(?:\.\d+)?)([兆億亿万萬千조억만천])")
_CJK_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)?[兆億亿万萬千조억만천])+(?:\d+(?:\.\d+)?)?$")
_CJK_UNITS = {"兆": 10**12, "조": 10**12, "億": 10**8, "亿": 10**8, "억": 10**8, "万": 10**4, "萬": 10**4,
              "만": 10**4, "千": 10**3, "천": 10**3}


def read_cjk_number(text: str) -> Decimal | None:
    """A number written with East Asian myriad units: "106兆9674億6000万" → 106967460000000,
    "1万115.35" → 10115.35 (units in falling order, each at most once)."""
    s = normalise(text).replace(",", "")
    if not _CJK_NUMBER.match(s):
        return None
    total = Decimal(0)
    last = 10**13
    pos = 0
    for m in _CJK_GROUP.finditer(s):
        unit = _CJK_UNITS[m.group(2)]
        if unit >= last:
            return None
        total += Decimal(m.group(1)) * unit
        last, pos = unit, m.end()
    if pos < len(s):
        total += Decimal(s[pos:])
    return total


#: a number is never longer than this (a float's largest, 309 digits, with a separator every three);
#: of a longer run of digits and separators ("1990, 1991, …") only the first this many are read
MAX_NUMERAL = 512


def read_number(text: str, lang: str) -> Number | None:
    """The number that is the whole of plain ``text``: ``int`` when integral and written without a
    fraction, ``float`` otherwise; a percentage is its fraction ("50%" → 0.5, as DBpedia)."""
    s = normalise(text)
    if len(s) > MAX_NUMERAL:
        return None  # not a number (and an int of over 4300 digits cannot even be written out)
    om = _ORDINAL.match(s)
    if om:
        return int(om.group(1))
    found = read_decimal(s, lang)
    if found is None:
        cjk = read_cjk_number(s) if lang in ("ja", "zh", "ko", "zh-yue", "wuu", "lzh") else None
        if cjk is None:
            return None
        return int(cjk) if cjk == cjk.to_integral_value() else float(cjk)
    value, fraction, pct = found
    if pct:
        return float(value / 100)
    if not fraction and value == value.to_integral_value():
        return int(value)
    return float(value)


_ANY_NUMERAL = re.compile(r"(?<![\w.,])[-+]?(?:\d[\d.,' ]*\d|\d)(?![\w])")


_MAGNITUDE_AFTER = re.compile(r"\s*([^\W\d_]+)\.?")


def find_number(text: str, lang: str) -> Number | None:
    """The first number anywhere in plain ``text`` (DBpedia's non-strict ``IntegerParser`` and
    ``DoubleParser``, as the mappings use them): "2,240,230 (2011 census)" → 2240230."""
    s = normalise(text)
    for m in _ANY_NUMERAL.finditer(s):
        if m.end() - m.start() > MAX_NUMERAL and not re.search(r"[ .,]", s[m.start():m.end()].rstrip(" .,'")):
            continue  # digits only, too many for a number
        for end in range(min(m.end(), m.start() + MAX_NUMERAL), m.start(), -1):  # "1,200 and 3" → "1,200"
            candidate = s[m.start():end].rstrip(" .,'")
            if not candidate:
                continue
            mag = _MAGNITUDE_AFTER.match(s, m.start() + len(candidate))
            words = candidate + (" " + mag.group(1) if mag and mag.group(1).lower() in magnitude_words(lang) else "")
            n = read_number(words, lang)
            if n is not None:
                return n
            if end == m.end() and " " not in candidate and "," not in candidate and "." not in candidate:
                break
    return None


def read_percent(text: str, lang: str) -> Decimal | None:
    """The number of a percentage ("20,5 %" → 20.5), ``None`` if ``text`` is not one."""
    found = read_decimal(text, lang)
    if found is None or not found[2]:
        return None
    return found[0]
