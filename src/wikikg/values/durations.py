"""Durations: "5 days", "2.5 d", "1:42:05", "2:35 min", "1 h 20 min" → ``xsd:duration``.

Units are read in English and, for the common abbreviations, in the edition's language
(DBpedia's ``DurationParserConfig``: "min", "Std." …).  The result is normalised
(``110 min`` → ``PT1H50M``); a clock form ``h:mm:ss`` is hours, minutes, seconds, and ``m:ss``
followed by "min" is minutes and seconds.

>>> parse_duration("2.5 d", "en").lexical, parse_duration("-2:08 min", "en").lexical
('P2DT12H', '-PT2M8S')
>>> parse_duration("1:42:05", "en").lexical, parse_duration("90mins", "en").lexical, parse_duration("soon", "en")
('PT1H42M5S', 'PT1H30M', None)
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from wikikg.rdf.terms import Literal
from wikikg.values.model import XSD_DURATION

_SECONDS = {
    "d": 86400, "day": 86400, "days": 86400, "tag": 86400, "tage": 86400, "jour": 86400, "jours": 86400,
    "giorno": 86400, "giorni": 86400, "día": 86400, "días": 86400, "дн": 86400, "дней": 86400, "дня": 86400,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "std": 3600, "stunde": 3600,
    "stunden": 3600, "heure": 3600, "heures": 3600, "ora": 3600, "ore": 3600, "hora": 3600, "horas": 3600,
    "ч": 3600, "час": 3600, "часа": 3600, "часов": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "minuten": 60, "minuti": 60, "minutos": 60,
    "мин": 60, "минут": 60, "минуты": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "sek": 1, "sekunden": 1, "secondes": 1,
    "secondi": 1, "segundos": 1, "с": 1, "сек": 1, "секунд": 1,
}
_UNIT = "|".join(sorted((re.escape(u) for u in _SECONDS), key=len, reverse=True))
_PAIR = re.compile(rf"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<u>{_UNIT})\.?(?![^\W\d_])", re.I)
_CLOCK = re.compile(r"(?<![\d:])(?P<a>\d{1,3}):(?P<b>\d{2})(?::(?P<c>\d{2}(?:[.,]\d+)?))?(?![\d:])\s*(?P<u>h|hr|min|m|s)?\b",
                    re.I)


def format_duration(seconds: Decimal) -> str:
    """``xsd:duration`` lexical form of a number of seconds, days/hours/minutes/seconds."""
    sign = "-" if seconds < 0 else ""
    # exact arithmetic whatever the number of digits (the default context's 28 digits make
    # divmod of a longer number raise InvalidOperation)
    with localcontext() as ctx:
        ctx.prec = max(28, seconds.adjusted() + 30)
        rest = abs(seconds)
        days, rest = divmod(rest, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
    out = f"{sign}P"
    if days:
        out += f"{int(days)}D"
    time = ""
    if hours:
        time += f"{int(hours)}H"
    if minutes:
        time += f"{int(minutes)}M"
    if secs:
        s = format(secs.normalize(), "f")
        time += f"{s}S"
    if time or not days:
        out += "T" + (time or "0S")
    return out


def duration_seconds(text: str, lang: str, *, strict: bool = False) -> Decimal | None:
    """The number of seconds ``text`` states, or ``None``."""
    s = text.strip().replace("−", "-")
    negative = bool(re.match(r"^\s*-", s))
    m = _CLOCK.search(s)
    total: Decimal | None = None
    if m:
        a, b, c, unit = int(m.group("a")), int(m.group("b")), m.group("c"), (m.group("u") or "").lower()
        if c is not None:
            total = Decimal(a * 3600 + b * 60) + Decimal(c.replace(",", "."))
        elif unit in ("h", "hr"):
            total = Decimal(a * 3600 + b * 60)
        else:
            total = Decimal(a * 60 + b)
        span = (m.start(), m.end())
    else:
        pairs = list(_PAIR.finditer(s))
        if not pairs:
            return None
        total = sum((Decimal(p.group("n").replace(",", ".")) * _SECONDS[p.group("u").lower()] for p in pairs),
                    Decimal(0))
        span = (pairs[0].start(), pairs[-1].end())
    if strict and (s[: span[0]].strip(" -") or s[span[1]:].strip(" .")):
        return None
    return -total if negative else total


def parse_duration(text: str, lang: str, *, strict: bool = False) -> Literal | None:
    """An ``xsd:duration`` literal for a written duration, or ``None``."""
    seconds = duration_seconds(text, lang, strict=strict)
    if seconds is None:
        return None
    return Literal(format_duration(seconds), XSD_DURATION)
