"""Quantities with units: ``{{convert|10|km|mi}}``, "12 km", "US$476 million", "5.603,9 km²".

A :class:`Quantity` is a number in the unit it was written in, as a DBpedia unit datatype
(``"10.0"^^<http://dbpedia.org/datatype/kilometre>``), which is how DBpedia's infobox extractor
writes it; :meth:`Quantity.to` converts within the unit's dimension for the ontology's ranges.

>>> q = read_quantity("5.603,9 km²", "de")
>>> (str(q.value), q.unit.name, q.literal().lexical)
('5603.9', 'squareKilometre', '5603.9')
>>> read_quantity("US$476 million", "en").literal()
Literal(lexical='476000000.0', datatype='http://dbpedia.org/datatype/usDollar', lang=None)
>>> read_quantity("10 km", "en").to("metre")
10000.0
>>> read_quantity("Paris", "en") is None, read_quantity("12", "en") is None
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from wikikg.ontology.units import STANDARD, UNITS, Unit
from wikikg.rdf.terms import Literal
from wikikg.values import locales, numbers
from wikikg.values.dates import positional_args
from wikikg.values.model import format_double
from wikikg.values.templates import fold
from wikikg.values.unit_labels import DBPEDIA_LABELS, DROPPED_LABELS, EXTRA_LABELS
from wikikg.wikitext.scan import Template

__all__ = ["Quantity", "Unit", "convert_unit", "label_index", "read_quantity", "template_quantity", "unit"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number and the unit it was written in."""

    value: Decimal
    unit: Unit

    def literal(self) -> Literal:
        return Literal(format_double(self.value), self.unit.iri)

    def to(self, unit_name: str) -> float:
        """The value in another unit of the same dimension (currencies do not convert)."""
        target = UNITS[unit_name]
        if target.dimension != self.unit.dimension:
            raise ValueError(f"cannot convert {self.unit.name} to {unit_name}")
        if target.name == self.unit.name:
            return float(self.value)
        return target.from_standard(self.unit.to_standard(float(self.value)))

    @property
    def standard(self) -> float:
        """The value in its dimension's standard unit (metre, gram, second …)."""
        return self.unit.to_standard(float(self.value))


def unit(name: str) -> Unit | None:
    """The unit datatype called ``name`` (``kilometre``), or ``None``."""
    return UNITS.get(name)


# ---- labels ------------------------------------------------------------------------------------
# Which unit an ambiguous label means when nothing else tells (DBpedia lists "m" for metre and
# minute, "ms" for metre per second and millisecond, "μ" for metre and day in Greek).
_PREFERRED = {"m": "metre", "ms": "millisecond", "μ": "metre"}


def _variants(label: str) -> set[str]:
    """The label, its plural and its US spelling ("kilometre" → "kilometres", "kilometer" …)."""
    out = {label}
    if label.isascii() and label.replace(" ", "").isalpha() and len(label) > 3 and label.lower() == label:
        us = label.replace("metre", "meter").replace("litre", "liter")
        for base in {label, us}:
            out.add(base)
            if not base.endswith(("s", "foot", "inch")):
                out.add(base + "s")
    return out


@lru_cache(maxsize=1)
def label_index() -> dict[str, Unit]:
    """Every unit label (and derived spelling) → its unit; the labels compare case-sensitively."""
    index: dict[str, Unit] = {}
    ambiguous: set[str] = set()
    for name, labels in [*DBPEDIA_LABELS.items(), *EXTRA_LABELS.items()]:
        u = UNITS.get(name)
        if u is None:
            continue
        for label in labels:
            if label in DROPPED_LABELS or f"{label}/{name}" in DROPPED_LABELS:
                continue
            for v in _variants(label):
                if v in index and index[v].name != name:
                    ambiguous.add(v)
                index.setdefault(v, u)
    for label in ambiguous:
        preferred = _PREFERRED.get(label)
        if preferred:
            index[label] = UNITS[preferred]
    return index


@lru_cache(maxsize=1)
def _folded_index() -> dict[str, Unit]:
    """Lower-case labels for a case-insensitive second try ("Km", "KM"): only labels that are
    written in lower case and say the same folded, so "MB"/"mb" or "Mm"/"mm" never mix."""
    out: dict[str, Unit] = {}
    clash: set[str] = set()
    for label, u in label_index().items():
        key = label.casefold()
        if key in out and out[key].name != u.name:
            clash.add(key)
        out.setdefault(key, u)
    return {k: v for k, v in out.items() if k not in clash and len(k) >= 2}


def lookup_label(label: str) -> Unit | None:
    label = label.strip()
    return label_index().get(label) or _folded_index().get(label.casefold())


_NUM = r"[-−–]?(?:\d[\d.,'\u00a0\u202f\u2009 ]*\d|\d)|[-−]?[.,]\d+"
_TAIL_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_UNIT_TEXT = r"[^\d\s](?:.*?[^\s.])?"


@lru_cache(maxsize=64)
def _patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    mags = "|".join(re.escape(w) for w in sorted(locales.magnitudes(lang), key=len, reverse=True))
    mag = rf"(?:\s*(?P<mag>{mags})\.?(?![^\W\d_]))?"
    suffix = re.compile(rf"^(?P<num>{_NUM}){mag}\s*(?P<unit>{_UNIT_TEXT})\.?$", re.I)
    prefix = re.compile(rf"^(?P<unit>[^\d\s-](?:[^\d]*?[^\d\s-])?)\s*(?P<num>{_NUM}){mag}$", re.I)
    feet_inches = re.compile(
        r"^(?P<ft>\d+)\s*(?:ft|feet|foot|')\s*(?P<inch>\d+(?:\.\d+)?)\s*(?:in|inch|inches|''|\"|″)\.?$", re.I)
    return suffix, prefix, feet_inches


def read_quantity(text: str, lang: str, unit_hint: str | None = None) -> Quantity | None:
    """The quantity that is the whole of plain ``text``, or ``None``.

    "12 km", "5.33 km²", "66 km/h", "$10", "20.5$", "€20", "15 Euro", "[[Pound sterling|£]] 17.3
    million" (as text: "£ 17.3 million"), "6 ft 2 in"; a trailing remark in brackets is ignored
    ("12mm (13in)", "17 km (2008)").  With ``unit_hint`` (a unit name) a bare number is taken in
    that unit, and an ambiguous label is read in the hint's dimension.
    """
    text = numbers.normalise(text)
    while True:
        stripped = _TAIL_PAREN.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    if not text:
        return None
    suffix, prefix, feet_inches = _patterns(lang)
    m = feet_inches.match(text)
    if m:
        inches = Decimal(m.group("ft")) * 12 + Decimal(m.group("inch"))
        return Quantity(inches * Decimal("2.54"), UNITS["centimetre"])
    for pat in (suffix, prefix):
        m = pat.match(text)
        if m is None:
            continue
        u = _resolve(m.group("unit"), unit_hint)
        if u is None:
            continue
        value = numbers.read_numeral(m.group("num"), lang)
        if value is None:
            continue
        if m.group("mag"):
            value *= numbers.magnitude(m.group("mag"), lang)
        return Quantity(value, u)
    if unit_hint is not None and unit_hint in UNITS:
        n = numbers.read_numeral(text, lang)
        if n is not None:
            return Quantity(n, UNITS[unit_hint])
    return None


_ANY_NUM = re.compile(r"(?<![\w.,])(?P<num>-?\d+(?:[.,' ]\d{3})*(?:[.,]\d+)?|-?[.,]\d+)(?![\d])")
_WORDS_AFTER = re.compile(r"[\s(\[]*(?P<w>[^\s\d()\[\]|]+(?:\s[^\s\d()\[\]|]+){0,2})")


def find_quantity(text: str, lang: str) -> Quantity | None:
    """The first number followed by a unit (or preceded by a currency) anywhere in plain ``text``
    — DBpedia's non-strict reading ("{{convert|45|mi}} N", "Euro 1.79 billion net sales")."""
    text = numbers.normalise(text)
    mags = numbers.magnitude_words(lang)
    for m in _ANY_NUM.finditer(text):
        value = numbers.read_numeral(m.group("num"), lang)
        if value is None:
            continue
        words = _WORDS_AFTER.match(text, m.end())
        tokens = words.group("w").split() if words else []
        if tokens and tokens[0].lower().rstrip(".") in mags:
            value *= numbers.magnitude(tokens[0], lang)
            tokens = tokens[1:]
        for n in range(len(tokens), 0, -1):
            label = " ".join(tokens[:n]).rstrip(".,;:")
            u = lookup_label(label) or lookup_label(label.rstrip("s")) if label else None
            if u is not None:
                return Quantity(value, u)
        before = _word_before(text, m.start())
        if before:
            u = lookup_label(before.strip("[]"))
            if u is not None and u.dimension == "Currency":
                return Quantity(value, u)
    return None


def _word_before(text: str, end: int) -> str:
    r"""The word right before ``end``, white space and ``]`` between them skipped ("[[Euro]] 1.79").

    Read backwards from ``end``: what the regex ``[^\s\d()\[\]|]+[\s\]]*$`` finds at the end of
    ``text[:end]``, without searching the whole of it once per number (quadratic on a long value).
    """
    i = end
    while i > 0 and (text[i - 1].isspace() or text[i - 1] == "]"):
        i -= 1
    j = i
    while j > 0 and not (text[j - 1].isspace() or text[j - 1].isdecimal() or text[j - 1] in "()[]|"):
        j -= 1
    return text[j:i]


def _resolve(label: str, unit_hint: str | None) -> Unit | None:
    label = label.strip().strip("[]()").strip()
    u = lookup_label(label)
    if u is None:
        return None
    if unit_hint is not None and unit_hint in UNITS:
        hint = UNITS[unit_hint]
        if u.dimension != hint.dimension:
            for name, labels in DBPEDIA_LABELS.items():
                cand = UNITS.get(name)
                if cand is not None and cand.dimension == hint.dimension and label in labels:
                    return cand
    return u


# ---- templates ---------------------------------------------------------------------------------
# {{convert}} unit codes → (DBpedia unit, factor from the code's unit to it). en.wikipedia
# Module:Convert/data; codes without a DBpedia datatype convert into one (long ton → tonne).
CONVERT_CODES: dict[str, tuple[str, str]] = {
    "km": ("kilometre", "1"), "m": ("metre", "1"), "cm": ("centimetre", "1"), "mm": ("millimetre", "1"),
    "mi": ("mile", "1"), "ft": ("foot", "1"), "in": ("inch", "1"), "yd": ("yard", "1"),
    "nmi": ("nautialMile", "1"), "um": ("micrometre", "1"), "nm": ("nanometre", "1"),
    "km2": ("squareKilometre", "1"), "sqkm": ("squareKilometre", "1"), "m2": ("squareMetre", "1"),
    "ha": ("hectare", "1"), "sqmi": ("squareMile", "1"), "mi2": ("squareMile", "1"), "sqft": ("squareFoot", "1"),
    "ft2": ("squareFoot", "1"), "acre": ("acre", "1"), "cm2": ("squareCentimetre", "1"),
    "m3": ("cubicMetre", "1"), "cuft": ("cubicFoot", "1"), "ft3": ("cubicFoot", "1"), "km3": ("cubicKilometre", "1"),
    "L": ("litre", "1"), "l": ("litre", "1"), "ml": ("millilitre", "1"), "USgal": ("usGallon", "1"),
    "impgal": ("imperialGallon", "1"), "cc": ("cubicCentimetre", "1"), "cm3": ("cubicCentimetre", "1"),
    "kg": ("kilogram", "1"), "g": ("gram", "1"), "lb": ("pound", "1"), "t": ("tonne", "1"),
    "LT": ("tonne", "1.0160469088"), "ST": ("tonne", "0.90718474"), "oz": ("ounce", "1"), "st": ("stone", "1"),
    "km/h": ("kilometrePerHour", "1"), "kph": ("kilometrePerHour", "1"), "mph": ("milePerHour", "1"),
    "m/s": ("metrePerSecond", "1"), "kn": ("knot", "1"), "C": ("degreeCelsius", "1"),
    "F": ("degreeFahrenheit", "1"), "K": ("kelvin", "1"), "hp": ("horsepower", "1"), "kW": ("kilowatt", "1"),
    "W": ("watt", "1"), "MW": ("megawatt", "1"), "PS": ("pferdestaerke", "1"), "bhp": ("brakeHorsepower", "1"),
    "kPa": ("kilopascal", "1"), "psi": ("poundPerSquareInch", "1"), "bar": ("bar", "1"), "atm": ("standardAtmosphere", "1"),
    "m3/s": ("cubicMetrePerSecond", "1"), "cuft/s": ("cubicFeetPerSecond", "1"), "J": ("joule", "1"),
    "kJ": ("kilojoule", "1"), "cal": ("calorie", "1"), "kcal": ("kilocalorie", "1"), "N": ("newton", "1"),
    "kN": ("kilonewton", "1"), "Nm": ("newtonMetre", "1"), "MHz": ("megahertz", "1"), "GHz": ("gigahertz", "1"),
    "kWh": ("kilowattHour", "1"), "GWh": ("gigawattHour", "1"), "e6m3": ("cubicMetre", "1000000"),
    "e9m3": ("cubicMetre", "1000000000"), "e6cuft": ("cubicFoot", "1000000"),
}
CONVERT_TEMPLATES = frozenset({"convert", "cvt", "converti", "conversion", "convertir", "konvertieren", "conv"})
# Single-unit conversion templates: name → the unit of their first argument (en.wikipedia).
SINGLE_UNIT_TEMPLATES: dict[str, str] = {
    "km to mi": "kilometre", "km2 to mi2": "squareKilometre", "m to ft": "metre", "ft to m": "foot",
    "ftom": "metre", "auto in": "inch", "mi to km": "mile", "mi2 to km2": "squareMile",
    "pop density km2 to mi2": "inhabitantsPerSquareKilometre", "pd km2 to mi2": "inhabitantsPerSquareKilometre",
    "pop density mi2 to km2": "inhabitantsPerSquareMile", "pd mi2 to km2": "inhabitantsPerSquareMile",
}


def convert_unit(code: str) -> tuple[Unit, Decimal] | None:
    """The DBpedia unit of a ``{{convert}}`` unit code and the factor into it."""
    found = CONVERT_CODES.get(code.strip())
    if found is None:
        u = lookup_label(code)
        return (u, Decimal(1)) if u is not None else None
    return UNITS[found[0]], Decimal(found[1])


def template_quantity(t: Template, lang: str) -> Quantity | bool | None:
    """The quantity a unit template shows; ``False`` if ``t`` is no unit template, ``None`` if it is
    one whose arguments give no single quantity (a range, an unknown unit).

    >>> from wikikg.wikitext.scan import Scan
    >>> q = template_quantity(Scan.of("{{convert|612000000|USgal|m3|abbr=on}}").templates[0], "en")
    >>> (str(q.value), q.unit.name)
    ('612000000', 'usGallon')
    >>> q = template_quantity(Scan.of("{{height|ft=6|in=6}}").templates[0], "en")
    >>> (str(q.value), q.unit.name)
    ('198.12', 'centimetre')
    """
    name = fold(t.name)
    args = positional_args(t)
    if name in CONVERT_TEMPLATES:
        if len(args) < 2:
            return None
        value = numbers.read_numeral(args[0], "en")
        if value is None:
            return None
        if len(args) >= 4 and args[2] and numbers.read_numeral(args[2], "en") is not None:
            # {{convert|6|ft|2|in}}: a compound value in two units
            first, second = convert_unit(args[1]), convert_unit(args[3])
            more = numbers.read_numeral(args[2], "en")
            if first is None or second is None or more is None or first[0].dimension != second[0].dimension:
                return None
            total = first[0].to_standard(float(value * first[1])) + second[0].to_standard(float(more * second[1]))
            std = STANDARD[first[0].dimension]
            return Quantity(Decimal(repr(total)), std)
        found = convert_unit(args[1])
        if found is None:
            return None
        u, factor = found
        return Quantity(value * factor, u)
    if name == "height":
        named = {p.key.strip(): p.value.strip() for p in t.params if not p.positional}
        if named.get("m"):
            m = numbers.read_numeral(named["m"], "en")
            return Quantity(m, UNITS["metre"]) if m is not None else None
        if named.get("cm"):
            cm = numbers.read_numeral(named["cm"], "en")
            return Quantity(cm, UNITS["centimetre"]) if cm is not None else None
        ft = numbers.read_numeral(named.get("ft") or "0", "en")
        inch = numbers.read_numeral(named.get("in") or "0", "en")
        if ft is None or inch is None or (not named.get("ft") and not named.get("in")):
            return None
        return Quantity((ft * 12 + inch) * Decimal("2.54"), UNITS["centimetre"])
    if name in SINGLE_UNIT_TEMPLATES:
        value = numbers.read_numeral(args[0], "en") if args else None
        return Quantity(value, UNITS[SINGLE_UNIT_TEMPLATES[name]]) if value is not None else None
    return False
