"""Dates in the text and templates of infobox values, in the edition's language.

Two entry points work on *plain text* (links already replaced by their labels, see
:mod:`wikikg.values.reading`): :func:`find_dates` reads the dates written in it, and
:func:`template_dates` reads a date template's arguments.  Both return :class:`DateValue` records
with the precision the source gives — a day and month without a year is an ``xsd:gMonthDay``
("8 novembre" → ``--11-08``), never a date in the year 1.

``strict`` (the infobox's mode) asks that the whole text be dates, with nothing else but a
filler word, a parenthetical remark or punctuation around them; lenient mode (DBpedia's
``DateTimeParser`` with ``strict=false``) takes the first date found anywhere.

>>> [d.lexical for d in find_dates("15 May 1988 – 15 February 1989", "en")]
['1988-05-15', '1989-02-15']
>>> [d.lexical for d in find_dates("1–3 September 1939", "en")]
['1939-09-01', '1939-09-03']
>>> [d.lexical for d in find_dates("15 мая 1988 года", "ru")], [d.lexical for d in find_dates("1988年5月15日", "ja")]
(['1988-05-15'], ['1988-05-15'])
>>> [d.lexical for d in find_dates("8 novembre", "it")], find_dates("c. 1940", "en")
(['--11-08'], [])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from wikikg.values import locales
from wikikg.values.model import DateValue
from wikikg.values.templates import BIRTH_FLAGS, DATE_TEMPLATES, DMY_FIRST, fold
from wikikg.wikitext.scan import Template

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DASH_RE = re.compile(f"[{_DASHES}]")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u200b]+")
_WORD = re.compile(r"[^\W\d_]+")
_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
_DAY_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})$")
_YEAR_HYPHEN = re.compile(r"(?<=\d)-(?=\d{2,4}$)")
_DIGITS = {ord(c): str(i) for i in range(10) for c in (chr(0xFF10 + i),)}  # full-width digits


@dataclass(frozen=True)
class _Grammar:
    """The compiled patterns of one language."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    strict: tuple[tuple[str, re.Pattern[str]], ...]  # the same, anchored between fillers
    months: dict[str, int]
    eras: dict[str, int]
    fillers: re.Pattern[str]
    range_sep: re.Pattern[str]
    open_end: re.Pattern[str]
    words: frozenset[str]  # every word a date text of this language may hold


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=64)
def _grammar(lang: str) -> _Grammar:
    months = locales.months(lang)
    eras = locales.eras(lang)
    fillers = locales.DATE_FILLERS.get(locales.ALIASES.get(lang, lang), ())
    month = rf"(?P<month>{_alt(list(months))})\.?(?![^\W\d_])"
    nb = r"(?<![\w.])"  # a number starts here: not glued to a preceding word, digit or dot
    day = rf"{nb}(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|e|ème|º|°|ª|-?го|-е|-ого)?\.?(?!\d)"
    year = rf"{nb}(?P<year>\d{{1,4}})(?![\d])"
    era = rf"(?:\s*(?P<era>{_alt(list(eras))})(?![^\W\d_]))?"
    pre_era = rf"(?:(?P<era0>{_alt([e for e in eras if e in ('ad', 'a.d.', 'bc', 'b.c.')])})\s*)?"
    fill = rf"(?:\s*(?:,|{_alt(list(fillers))})?\s*)" if fillers else r"(?:\s*,?\s*)"
    gap = r"(?:\s*[,.]?\s*)"
    cjk_y = r"(?P<year>\d{1,4})\s*[年년]"
    cjk_m = r"(?P<month_n>\d{1,2})\s*[月월]"
    cjk_d = r"(?P<day>\d{1,2})\s*[日일]"
    cjk_era = rf"(?:(?P<era0>{_alt([e for e in eras if not e.isascii()] or ['紀元前'])})\s*)?"
    pats: list[tuple[str, str]] = [
        ("iso", r"(?<![\d\w-])(?P<year>-?\d{3,4})-(?P<month_n>\d{1,2})-(?P<day>\d{1,2})(?![\d])(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?)?"),
        ("ymd/", r"(?<!\d)(?P<year>\d{4})/(?P<month_n>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
        ("dmy/", r"(?<!\d)(?P<day>\d{1,2})([/.-])(?P<month_n>\d{1,2})\2(?P<year>\d{3,4})(?![\d])"),
        ("cjk-ymd", rf"{cjk_era}{cjk_y}\s*{cjk_m}\s*{cjk_d}"),
        ("cjk-ym", rf"{cjk_era}{cjk_y}\s*{cjk_m}"),
        ("cjk-md", rf"{cjk_m}\s*{cjk_d}"),
        ("cjk-y", rf"{cjk_era}{cjk_y}"),
        ("dmy", rf"{day}{fill}{month}{fill}{pre_era}{year}{era}"),
        ("mdy", rf"{month}{gap}{day}{fill}{pre_era}{year}{era}"),
        ("ymd", rf"{year}\.?{fill}{month}{gap}{day}"),
        ("my", rf"{month}{fill}{pre_era}{year}{era}"),
        ("dm", rf"{day}{fill}{month}"),
        ("md", rf"{month}{gap}{day}(?![\d])"),
        ("y", rf"{pre_era}{year}{era}"),
    ]
    compiled = tuple((name, re.compile(p, re.I)) for name, p in pats)
    around = rf"(?:(?:{_alt([*fillers, 'the', 'of', 'on', 'in'])})(?![^\W\d_])|[\s,.;:()])*"
    strict = tuple((name, re.compile(rf"^{around}(?:{p}){around}$", re.I)) for name, p in pats)
    fill_re = re.compile(rf"^{around}$", re.I)
    words: set[str] = {"of", "the", "on", "in", "from", "to", "until", "till", "through", "st", "nd", "rd", "th",
                       "er", "e", "ème", "го", "е", "ого", "年", "月", "日", "년", "월", "일"}
    for source in (*months, *fillers, *eras, *locales.OPEN_END, *locales.RANGE_WORDS.get(locales.ALIASES.get(lang, lang), ())):
        words.update(w.lower() for w in _WORD.findall(source))
    range_words = (*locales.RANGE_WORDS.get(locales.ALIASES.get(lang, lang), ()), "to", "until")
    range_sep = re.compile(rf"\s*(?:[{_DASHES}]|--|(?<=\s)-(?=\s)|\s(?:{_alt(range_words)})\s|\bfrom\b)\s*", re.I)
    open_end = re.compile(rf"^\s*(?:{_alt(locales.OPEN_END)})\s*$", re.I)
    return _Grammar(compiled, strict, months, eras, fill_re, range_sep, open_end, frozenset(words))


def _year(raw: str, era: str | None, g: _Grammar, *, pivot: bool) -> int | None:
    """The year of a match. A one- or two-digit year is literal in an infobox ("18 marzo 37" is
    37 AD); DBpedia's lenient reading (``pivot``) takes "6 June 07" for 2007, "25 June 45" for 1945."""
    y = int(raw)
    sign = g.eras.get(era.lower(), 1) if era else 1
    if era is None and len(raw.lstrip("-")) <= 2 and pivot:
        if len(raw) < 2:
            return None
        y += 2000 if y <= 30 else 1900
    if y == 0:
        return None
    return -abs(y) if sign < 0 else y


def _match_date(name: str, m: re.Match[str], g: _Grammar, *, pivot: bool) -> DateValue | None:
    gd = m.groupdict()
    era = gd.get("era") or gd.get("era0")
    month: int | None = None
    if gd.get("month"):
        month = g.months.get(gd["month"].lower().rstrip("."))
        if month is None:
            return None
    elif gd.get("month_n"):
        month = int(gd["month_n"])
    day = int(gd["day"]) if gd.get("day") else None
    year: int | None = None
    if gd.get("year"):
        raw = gd["year"]
        if name in ("y", "my") and era is None and (len(raw) < 3 or raw.startswith("0")):
            return None  # a bare one- or two-digit number, or "010", is not a year
        year = _year(raw, era, g, pivot=pivot)
        if year is None:
            return None
    return DateValue.make(year, month, day)


def normalise(text: str) -> str:
    """Spaces of every kind → one space; full-width digits → ASCII."""
    text = _SPACES.sub(" ", text.translate(_DIGITS))
    return text.strip()


def _find_one(text: str, g: _Grammar, *, strict: bool, bare_year: bool) -> tuple[DateValue, int, int] | None:
    """The first date of ``text`` (lenient), or a date that is the whole text (strict).

    Patterns are tried from the most to the least precise; the first that yields a valid date wins.
    """
    if not any(c.isdigit() for c in text):
        return None
    for name, pat in (g.strict if strict else g.patterns):
        for m in (pat.finditer(text) if not strict else filter(None, [pat.match(text)])):
            d = _match_date(name, m, g, pivot=not strict)
            if d is None:
                continue
            if name == "y" and not bare_year and not (m.group("era") or m.group("era0")):
                continue
            return d, m.start(), m.end()
    return None


def _plausible_year(text: str) -> bool:
    """A lone four-digit number between 1000 and 2100: in a range ("1939–1945") that is a year."""
    return bool(re.fullmatch(r"\d{4}", text)) and 1000 <= int(text) <= 2100


def find_dates(text: str, lang: str, *, strict: bool = True, bare_year: bool = True) -> list[DateValue]:
    """The dates written in plain ``text``: one, or both ends of a range, or none.

    ``bare_year`` accepts a lone number of three or four digits as a year ("1944"); the infobox
    extractor allows it only where the value is marked as a date (a linked year, a ``year`` key).
    """
    text = normalise(text)
    if not text or not any(c.isdigit() for c in text):
        return []
    g = _grammar(lang)
    if strict and any(w.lower() not in g.words for w in _WORD.findall(text)):
        return []  # a word that no date has: "5,000 killed"
    one = _find_one(text, g, strict=strict, bare_year=bare_year)
    if one is not None:
        return [one[0]]
    if not strict:
        return []
    return _find_range(text, g, bare_year=bare_year)


def _find_range(text: str, g: _Grammar, *, bare_year: bool) -> list[DateValue]:
    """``15 May 1988 – 15 February 1989``, ``1–3 September 1939``, ``May 10 – June 4, 1940``, ``1943–44``."""
    parts = [p for p in g.range_sep.split(text) if p.strip(" ,")]
    if len(parts) == 1:
        parts = [p for p in _YEAR_HYPHEN.split(text) if p.strip(" ,")]  # "1943-44", "1939-1945"
    if len(parts) == 1:
        parts = [p for p in _HYPHEN.split(text) if p.strip(" ,")]  # "8-9 November 1941"
    if len(parts) != 2:
        return []
    left, right = (p.strip(" ,") for p in parts)
    if g.open_end.match(right):
        return []
    r = _find_one(right, g, strict=True, bare_year=bare_year or (_plausible_year(right) and _plausible_year(left)))
    day_year = _DAY_YEAR.match(right)
    if r is None and day_year:
        # "January 10–11, 1941": the month is written once, on the left
        first = _find_one(left, g, strict=True, bare_year=False)
        if first is not None and first[0].year is None and first[0].day is not None:
            year = int(day_year.group(2))
            start, end = first[0].with_defaults(DateValue(year)), DateValue.make(year, first[0].month,
                                                                                  int(day_year.group(1)))
            if start is not None and end is not None and start.sort_key() < end.sort_key():
                return [start, end]
        return []
    if r is None:
        yy = re.fullmatch(r"(\d{2})", right)
        lyear = _find_one(left, g, strict=True, bare_year=True) if (bare_year or _plausible_year(left)) else None
        if yy and lyear and lyear[0].year and lyear[0].month is None and lyear[0].year >= 1000:
            century = lyear[0].year - lyear[0].year % 100
            end = DateValue.make(century + int(yy.group(1)))
            if end is not None and end.sort_key() > lyear[0].sort_key():
                return [lyear[0], end]
        return []
    end = r[0]
    lone_day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|er|\.)?", left)
    lone_month = g.months.get(left.lower().rstrip("."))
    if lone_day and end.month is not None:
        start = DateValue.make(end.year, end.month, int(lone_day.group(1)))
    elif lone_month is not None and end.year is not None:
        start = DateValue.make(end.year, lone_month)  # "April–May 1945"
    else:
        found = _find_one(left, g, strict=True, bare_year=bare_year or _plausible_year(left))
        if found is None:
            return []
        start = found[0]
        if start.year is None and end.year is not None:
            start = start.with_defaults(end)
    if start is None or (start.year is None) != (end.year is None):
        return []
    if start.sort_key() > end.sort_key():
        return []
    return [start, end]


# ---- templates --------------------------------------------------------------------------------
def positional_args(t: Template) -> list[str]:
    """The positional arguments, stripped, in order (explicit ``2=`` counted in place)."""
    by_pos: dict[int, str] = {}
    for p in t.params:
        if p.positional and p.key.isdigit():
            by_pos[int(p.key)] = p.value.strip()
    if not by_pos:
        return []
    return [by_pos.get(i, "") for i in range(1, max(by_pos) + 1)]


def _num(s: str) -> int | None:
    s = s.strip().translate(_DIGITS)
    if re.fullmatch(r"-?\d{1,4}", s):
        return int(s)
    return None


def _is_year(s: str) -> bool:
    n = _num(s)
    return n is not None and (len(s.strip().lstrip("-")) >= 3 or n > 31 or n < 0)


def _triple(args: Sequence[str], lang: str) -> DateValue | None:
    """A date from up to three arguments, year-month-day or day-month-year.

    The order is recognised from the numbers (a three- or four-digit or negative number is the
    year); an all-small triple such as ``1|2|3`` follows the edition's habit (``DMY_FIRST``).
    """
    a = [*(x.strip() for x in args), "", "", ""][:3]
    if not any(a):
        return None
    if _is_year(a[0]) or (not _is_year(a[2]) and not (fold(lang) in DMY_FIRST and a[2])):
        ys, ms, ds = a
    else:
        ds, ms, ys = a
    y = _num(ys)
    if y is None or y == 0:
        return None
    months = locales.months(lang)
    m: int | None = None
    if ms:
        m = _num(ms)
        if m is None:
            m = months.get(ms.lower().rstrip("."))
        if m is None:
            return None
    d: int | None = None
    if ds:
        d = _num(ds)
        if d is None or m is None:
            return None
    return DateValue.make(y, m, d)


def template_dates(t: Template, lang: str) -> list[DateValue] | None:
    """The date(s) a date template shows, ``[]`` if its arguments hold none, ``None`` if ``t`` is not
    a date template.

    >>> from wikikg.wikitext.scan import Scan
    >>> def dates(src, lang="en"):
    ...     return [d.lexical for d in template_dates(Scan.of(src).templates[0], lang)]
    >>> dates("{{Birth date and age|1941|2|20|df=y}}"), dates("{{Start date|1944|6}}")
    (['1941-02-20'], ['1944-06'])
    >>> dates("{{Date de naissance|24|2|1993}}", "fr"), dates("{{Date|7|avril|1947}}", "fr")
    (['1993-02-24'], ['1947-04-07'])
    >>> dates("{{BirthDeathAge|B|1976|1|1|2007|1|1}}"), dates("{{Death date and age|1916|7|3|1849|4|24}}")
    (['1976-01-01'], ['1916-07-03'])
    >>> dates("{{dts|6 June 1944}}"), dates("{{Start and end dates|1944|6|6|1944|8|30}}")
    (['1944-06-06'], ['1944-06-06', '1944-08-30'])
    """
    kind = DATE_TEMPLATES.get(fold(t.name))
    if kind is None:
        return None
    args = positional_args(t)
    if not args:
        return []
    if kind == "text" or (len(args) == 1 and _num(args[0]) is None):
        return find_dates(args[0], lang)
    found: list[DateValue | None]
    if kind == "year":
        y = _num(args[0])
        found = [DateValue.make(y) if y else None]
    elif kind == "flag":
        flag = ""
        if _num(args[0]) is None:
            flag, args = args[0].lower(), args[1:]
        if flag in BIRTH_FLAGS or len(args) < 6:
            found = [_triple(args[:3], lang)]
        else:
            found = [_triple(args[3:6], lang)]
    elif kind == "second":
        found = [_triple(args[3:6], lang) if len(args) >= 4 else None]
    elif kind == "both":
        found = [_triple(args[:3], lang), _triple(args[3:6], lang)]
    else:
        found = [_triple(args[:3], lang)]
    return [d for d in found if d is not None]
