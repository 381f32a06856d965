"""Typed readings of one infobox item for the mappings, on top of :mod:`wikikg.values`.

Each method answers the question a range asks — which date, which number, which quantity of a
dimension, which coordinates — or ``None``.  Templates that carry a value (``{{birth date|…}}``,
``{{convert|…}}``, ``{{coord|…}}``) are read from their arguments; anything else from the text a
reader sees.  Like DBpedia's data parsers in their default, lenient mode, a value may be found
inside a longer text ("c. 82,000,000 (2020 est.)") when the whole text is not one.

Date intervals (``DateIntervalMapping``) use DBpedia's per-language words for "present", "since",
"onward" and "to" (``DateIntervalMappingConfig.scala``, extraction-framework, core/…/config/mappings/).
"""

from __future__ import annotations

import re
from decimal import Decimal

from wikikg.extractors.mappings.values import PageValues
from wikikg.ontology.units import UNITS
from wikikg.rdf import vocab
from wikikg.rdf.iri import escape_url
from wikikg.values import coordinates as coords
from wikikg.values import dates, units
from wikikg.values.model import DateValue
from wikikg.values.reading import strip_footnotes
from wikikg.values.templates import fold
from wikikg.wikitext.scan import Scan

_XSD = vocab.XSD

# DateIntervalMappingConfig.presentMap / sinceMap / onwardMap / splitMap
PRESENT: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "en": ("present", "now"), "am": ("አሁን", "እስካሁን", "እስካሁን ድረስ"), "ar": ("الحاضر",),
    "be": ("па гэты дзень", "па сучаснасць"), "bg": ("до наши дни", "настояще", "досега"), "ca": ("actualitat",),
    "cs": ("současnost",), "el": ("παρόν", "σήμερα"), "es": ("presente", "actualidad", "fecha"),
    "eu": ("gaur egun", "gaur egun arte", "egun"), "fr": ("aujourd'hui", "en cours"), "ga": ("inniu",),
    "hi": ("अबतक",), "hr": ("danas",), "hu": ("napjainkig",), "id": ("sekarang",), "it": ("in attività",),
    "mk": ("денес",), "nl": ("heden",), "pl": ("nadal", "obecnie"),
    "pt": ("presente", "atualidade", "atualmente", "agora"),
    "ru": ("наши дни", "настоящее время", "наст. время", "н.вр."), "sk": ("súčasnosť",), "sl": ("danes",),
    "tr": ("günümüz", "günümüze", "halen"), "uk": ("зараз", "в даний момент часу", "в нинішні дні"),
}.items()}
SINCE: dict[str, str] = {"en": "since", "am": "(?:ጀምሮ|አንሥቶ|አንስቶ|ከ)", "ca": "des del", "es": "desde",
                         "fr": "depuis", "pl": "od", "pt": "desde", "uk": "від"}
ONWARD: dict[str, str] = {"en": "onward", "am": "በኋላ", "es": "en adelante", "pt": "adiante|avante"}
INTERVAL_WORDS: dict[str, str] = {"en": "to", "am": "እስከ", "es": "al|a la|a|hasta (?:el|la)", "fr": "à|au",
                                  "pl": "do", "pt": "a"}
# DataParserConfig.dashVariations, plus the HTML entities DBpedia splits at
_DASHES = "-־‐‑‒–—―⁻₋−﹣－"

_URL = re.compile(r"(?:https?:)?//[^\s\[\]<>\"{}|]+|\bwww\.[^\s\[\]<>\"{}|]+", re.I)
_URL_TEMPLATES = frozenset(fold(n) for n in ("URL", "Official website", "Official URL", "Website", "Webarchive"))
_FALSE = re.compile(r"(?:^|\s)(?:no|false)(?:\s|$)", re.I)
_TRUE = re.compile(r"(?:^|\s)(?:yes|true)(?:\s|$)", re.I)

_NEEDS = {vocab.XSD_DATE: "ymd", vocab.XSD_GYEAR: "y", vocab.XSD_GYEARMONTH: "ym", vocab.XSD_GMONTHDAY: "md",
          _XSD + "gMonth": "m", _XSD + "gDay": "d"}


def as_datatype(d: DateValue, datatype: str) -> DateValue | None:
    """The date at the precision ``datatype`` asks for: ``xsd:gYear`` takes the year of a full
    date; ``xsd:date`` needs year, month and day (a coarser date does not fill it).

    >>> as_datatype(DateValue(1939, 9, 1), vocab.XSD_GYEAR).lexical
    '1939'
    >>> as_datatype(DateValue(1939, 9), vocab.XSD_DATE) is None
    True
    """
    need = _NEEDS.get(datatype)
    if need is None:
        return None
    have = {"y": d.year, "m": d.month, "d": d.day}
    if any(have[k] is None for k in need):
        return None
    return DateValue.make(d.year if "y" in need else None, d.month if "m" in need else None,
                          d.day if "d" in need else None)


class Parsers:
    """The typed readings of items of one edition (a view of the edition's :class:`ValueParser`)."""

    def __init__(self, lang: str, values: PageValues) -> None:
        self.lang = lang
        self.values = values
        self.parser = values.parser
        words = INTERVAL_WORDS.get(lang, INTERVAL_WORDS["en"])
        sep = rf"[{re.escape(_DASHES)}]|&mdash;|&ndash;|(?<!\w)(?:{words})(?!\w)"
        self._interval_sep = re.compile(rf"\s*(?:{sep})\s*", re.I)
        self._interval_sep_spaced = re.compile(rf"\s+(?:{sep})\s+", re.I)
        self._since = re.compile(rf"^\s*(?:{SINCE.get(lang, SINCE['en'])})(?!\w)", re.I)
        self._onward = re.compile(rf"(?<!\w)(?:{ONWARD.get(lang, ONWARD['en'])})\s*$", re.I)
        self._present = PRESENT.get(lang, PRESENT["en"])

    # --- dates ------------------------------------------------------------------------------
    def dates(self, item: str) -> list[DateValue]:
        """The date(s) of an item: one, or both ends of a range — else the first date in its text."""
        return self.parser.dates(item) or self.parser.dates(item, strict=False)

    def date(self, item: str, datatype: str) -> DateValue | None:
        """The (first) date of an item at the precision of ``datatype``."""
        found = self.dates(item)
        return as_datatype(found[0], datatype) if found else None

    def interval_parts(self, raw: str) -> list[str]:
        """Candidate intervals of a value: the whole, then its parts at breaks, commas and semicolons
        (``DateIntervalMappingConfig.splitPropertyNodeMap``)."""
        raw = strip_footnotes(raw)
        parts = [p.strip() for p in re.split(r"<br\s*/?\s*>|\n|,|;", raw, flags=re.I)]
        return [raw, *[p for p in parts if p and p != raw]]

    def interval(self, part: str, start_type: str, end_type: str) -> tuple[DateValue, DateValue | None] | None:
        """``DateIntervalMapping.extractInterval``: start and end of "1939–1945", "1939 – present"
        (no end), "since 1939" (no end), "1944" (start = end); ``None`` without a start."""
        text = self.parser.text(part)
        if not text:
            return None
        pieces = self._interval_sep.split(text)
        if len(pieces) > 2:
            pieces = self._interval_sep_spaced.split(text)
        pieces = [p for p in pieces if p.strip()]
        if not pieces or len(pieces) > 2:
            return None
        both = dates.find_dates(text, self.lang)
        start: DateValue | None
        end: DateValue | None
        if len(pieces) == 2 and len(both) == 2:
            start, end = both
        else:
            start = self._first_date(pieces[0])
            if start is None:
                return None
            if len(pieces) == 2:
                right = pieces[1].strip().lower()
                end = None if right in self._present else self._first_date(pieces[1])
            elif self._since.search(text) or self._onward.search(text):
                end = None
            else:
                end = start
        start = as_datatype(start, start_type)
        if start is None:
            return None
        if end is not None:
            end = as_datatype(end, end_type)
            if end is not None and end.sort_key() < start.sort_key():
                end = None
        return start, end

    def _first_date(self, text: str) -> DateValue | None:
        found = dates.find_dates(text, self.lang) or dates.find_dates(text, self.lang, strict=False)
        return found[0] if found else None

    # --- numbers ----------------------------------------------------------------------------
    def double(self, item: str) -> float | None:
        """A number: the whole text, else the first number in it."""
        n = self.parser.number(item, strict=False)
        return None if n is None else float(n)

    def integer(self, item: str) -> int | None:
        """A whole number (a fraction is rounded, as DBpedia's ``IntegerParser`` does)."""
        x = self.double(item)
        return None if x is None else round(x)

    def quantity(self, item: str, dimension: str, unit_hint: str | None) -> tuple[float, str] | None:
        """A quantity of ``dimension`` as ``(value, unit name)``; a bare number is read in
        ``unit_hint`` when that is a unit (``{{PropertyMapping | unit = …}}`` or a unit range)."""
        hint = unit_hint if unit_hint in UNITS else None
        q = self.parser.quantity(item, hint, strict=False)
        if q is None and hint is not None:
            n = self.parser.number(item, strict=False)  # a bare number, in the hint's unit
            q = units.Quantity(Decimal(str(n)), UNITS[hint]) if n is not None else None
        if q is None or q.unit.dimension != dimension:
            return None
        return float(q.value), q.unit.name

    def boolean(self, item: str) -> bool | None:
        """``BooleanParser``: "no"/"false" as a word → false, else "yes"/"true" → true."""
        text = self.parser.text(item)
        if _FALSE.search(text):
            return False
        if _TRUE.search(text):
            return True
        return None

    def url(self, item: str) -> str | None:
        """The first web address of an item: ``{{URL|…}}``, ``[http://… label]`` or a bare URL."""
        core = strip_footnotes(item)
        if "{{" in core:
            for t in Scan.of(core, comments_removed=True).templates:
                if fold(t.name) in _URL_TEMPLATES:
                    arg = (t.get("1") or t.get("url") or "").strip()
                    if arg:
                        return _absolute(arg)
        m = _URL.search(core)
        return _absolute(m.group()) if m else None

    # --- coordinates ------------------------------------------------------------------------
    def coordinates(self, raw: str) -> tuple[float, float] | None:
        return self.parser.coordinates(raw)

    def single_coordinate(self, raw: str, limit: float) -> float | None:
        """One latitude (``limit`` 90) or longitude (180): "52°31′N", "52.52", "-87.9"."""
        value = coords.read_coordinate(self.parser.text(raw), latitude=limit == 90.0)
        if value is None:
            value = self.double(raw)
        if value is None or not -limit <= value <= limit:
            return None
        return value


def _absolute(url: str) -> str:
    url = url.strip()
    if url.startswith("//"):
        url = "http:" + url
    elif not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        url = "http://" + url
    return escape_url(url)
