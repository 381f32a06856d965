"""``{{convert}}`` rendered as en.wikipedia's ``Module:Convert`` shows it, for the common units.

``{{convert|10|km}}`` shows "10 kilometres (6.2 mi)": the input as written with the unit's name,
the conversion in brackets with the unit's symbol (``abbr=on`` abbreviates both, ``abbr=off``
spells both out, ``sp=us`` spells "kilometers").  The conversion is rounded as the module's
default precision does: as many decimals as the input has (fewer by one per trailing zero of an
integer), shifted by the order of magnitude of the conversion factor, and never fewer than two
significant figures.  Ranges (``10|to|20``, ``10|-|20``), several output units (``|km mi``),
``disp=or``/``flip``/``out``, ``adj=on`` and an explicit precision are supported.

Other editions have their own convert templates with other outputs; there the input is shown as
written ("10 km"), which is the part every edition shows.

Source: en.wikipedia.org ``Module:Convert`` and ``Module:Convert/data`` (unit names, symbols,
factors and default output units), documentation of ``Template:Convert``.

>>> render_convert(["10", "km"], {}, lang="en")
'10 kilometres (6.2 mi)'
>>> render_convert(["10", "km"], {"abbr": "on"}, lang="en")
'10 km (6.2 mi)'
>>> render_convert(["1300", "mi", "km"], {}, lang="en")
'1,300 miles (2,100 km)'
>>> render_convert(["5", "to", "10", "C", "F"], {}, lang="en")
'5 to 10 °C (41 to 50 °F)'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple


class Unit(NamedTuple):
    symbol: str
    singular: str  # British spelling, as en.wikipedia's default
    plural: str
    kind: str
    factor: float  # to the SI base of its kind (temperatures: see _to_base)
    default_out: str
    us: str | None = None  # American spelling of the plural's stem, if different


def _u(symbol: str, name: str, kind: str, factor: float, out: str, plural: str | None = None,
       us: str | None = None) -> Unit:
    return Unit(symbol, name, plural or name + "s", kind, factor, out, us)


_UNITS: dict[str, Unit] = {
    # length (metre)
    "km": _u("km", "kilometre", "length", 1000, "mi", us="kilometer"),
    "m": _u("m", "metre", "length", 1, "ft", us="meter"),
    "cm": _u("cm", "centimetre", "length", 0.01, "in", us="centimeter"),
    "mm": _u("mm", "millimetre", "length", 0.001, "in", us="millimeter"),
    "mi": _u("mi", "mile", "length", 1609.344, "km"),
    "ft": _u("ft", "foot", "length", 0.3048, "m", plural="feet"),
    "in": _u("in", "inch", "length", 0.0254, "mm", plural="inches"),
    "yd": _u("yd", "yard", "length", 0.9144, "m"),
    "nmi": _u("nmi", "nautical mile", "length", 1852, "km"),
    # area (square metre)
    "km2": _u("km2", "square kilometre", "area", 1e6, "sqmi", us="square kilometer"),
    "m2": _u("m2", "square metre", "area", 1, "sqft", us="square meter"),
    "ha": _u("ha", "hectare", "area", 1e4, "acre"),
    "sqmi": _u("sq mi", "square mile", "area", 2589988.110336, "km2"),
    "sqft": _u("sq ft", "square foot", "area", 0.09290304, "m2", plural="square feet"),
    "acre": _u("acres", "acre", "area", 4046.8564224, "ha"),
    # volume (cubic metre)
    "m3": _u("m3", "cubic metre", "volume", 1, "cuft", us="cubic meter"),
    "cuft": _u("cu ft", "cubic foot", "volume", 0.028316846592, "m3", plural="cubic feet"),
    "L": _u("L", "litre", "volume", 0.001, "USgal", us="liter"),
    "l": _u("l", "litre", "volume", 0.001, "USgal", us="liter"),
    "USgal": _u("US gal", "US gallon", "volume", 0.003785411784, "L"),
    "impgal": _u("imp gal", "imperial gallon", "volume", 0.00454609, "L"),
    # mass (kilogram)
    "kg": _u("kg", "kilogram", "mass", 1, "lb"),
    "g": _u("g", "gram", "mass", 0.001, "oz"),
    "t": _u("t", "tonne", "mass", 1000, "ST"),
    "lb": _u("lb", "pound", "mass", 0.45359237, "kg"),
    "oz": _u("oz", "ounce", "mass", 0.028349523125, "g"),
    "ST": _u("short tons", "short ton", "mass", 907.18474, "t"),
    "LT": _u("long tons", "long ton", "mass", 1016.0469088, "t"),
    # speed (metre per second)
    "km/h": _u("km/h", "kilometre per hour", "speed", 1 / 3.6, "mph", plural="kilometres per hour",
               us="kilometers per hour"),
    "mph": _u("mph", "mile per hour", "speed", 0.44704, "km/h", plural="miles per hour"),
    "m/s": _u("m/s", "metre per second", "speed", 1, "ft/s", plural="metres per second",
              us="meters per second"),
    "ft/s": _u("ft/s", "foot per second", "speed", 0.3048, "m/s", plural="feet per second"),
    "kn": _u("kn", "knot", "speed", 1852 / 3600, "km/h"),
    # power (watt)
    "kW": _u("kW", "kilowatt", "power", 1000, "hp"),
    "hp": _u("hp", "horsepower", "power", 745.69987158227022, "kW", plural="horsepower"),
    "MW": _u("MW", "megawatt", "power", 1e6, "hp"),
    # temperature (kelvin; factors unused)
    "C": _u("°C", "degree Celsius", "temperature", 1, "F", plural="degrees Celsius"),
    "F": _u("°F", "degree Fahrenheit", "temperature", 1, "C", plural="degrees Fahrenheit"),
    "K": _u("K", "kelvin", "temperature", 1, "C"),
}
_ALIASES = {
    "sqkm": "km2", "km²": "km2", "m²": "m2", "sq mi": "sqmi", "sqm": "m2", "acres": "acre",
    "mi2": "sqmi", "ft2": "sqft", "°C": "C", "°F": "F", "kph": "km/h", "kmh": "km/h",
    "feet": "ft", "foot": "ft", "miles": "mi", "mile": "mi", "metres": "m", "meters": "m",
    "kilometres": "km", "kilometers": "km", "kt": "kn", "knots": "kn", "tonnes": "t", "tonne": "t",
    "ton": "ST", "shortton": "ST", "longton": "LT", "usgal": "USgal", "US gal": "USgal",
    "cuft": "cuft", "cum": "m3", "m³": "m3", "ltr": "L", "litre": "L", "liter": "L", "lbs": "lb",
    "nm": "nmi", "NM": "nmi", "yards": "yd", "inches": "in", "inch": "in", "kilograms": "kg",
}
_RANGE_WORDS = {"to": " to ", "-": "–", "–": "–", "and": " and ", "or": " or ", "x": " × ", "by": " by ",
                "to(-)": " to ", "+/-": " ± ", "&": " and "}
_NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


def unit(code: str) -> Unit | None:
    code = code.strip()
    return _UNITS.get(code) or _UNITS.get(_ALIASES.get(code, ""))


def _parse_number(text: str) -> float | None:
    t = text.strip().replace("−", "-")
    if not t or not _NUMBER.match(t) or not any(c.isdigit() for c in t):
        return None
    return float(t.replace(",", ""))


def _input_precision(text: str) -> int:
    """Decimals written (``"1.50"`` → 2); an integer's trailing zeros count negative (``"1300"`` → −2)."""
    t = text.strip().replace(",", "").lstrip("+-−")
    if "." in t:
        return len(t.split(".", 1)[1])
    stripped = t.rstrip("0")
    return -(len(t) - len(stripped)) if stripped else 0


# Digit grouping and decimal mark of ``{{formatnum:}}`` per edition: MediaWiki's
# ``$separatorTransformTable`` in languages/messages/Messages<Xx>.php (a no-break space shown as a
# space).  Editions not listed write the number as given.
_COMMA_DOT = "en simple ja zh ko he th hi mr bn ur ms tl ceb ga cy sco"
_DOT_COMMA = "de it nl da id tr ro el vi sl hr sh bs sr is ca gl eu ast an jv su"
_SPACE_COMMA = "fr ru uk pl cs sk fi sv no nb nn et lv lt hu bg be kk pt es hy ka"
_SEPARATORS: dict[str, tuple[str, str]] = {
    **{code: (",", ".") for code in _COMMA_DOT.split()},
    **{code: (".", ",") for code in _DOT_COMMA.split()},
    **{code: (" ", ",") for code in _SPACE_COMMA.split()},
}


def format_number(text: str, lang: str) -> str:
    """A number as ``{{formatnum:}}`` shows it in the edition (en ``1,300``, de ``1.300``, fr ``1 300``).

    >>> format_number("1234567.5", "en"), format_number("3769495", "it"), format_number("207600", "uk")
    ('1,234,567.5', '3.769.495', '207 600')
    """
    value = _parse_number(text)
    seps = _SEPARATORS.get(lang)
    if value is None or seps is None or "," in text:
        return text.strip()
    t = text.strip()
    sign = "-" if t.startswith(("-", "−")) else ""
    t = t.lstrip("+-−")
    whole, dot, frac = t.partition(".")
    grouped = f"{int(whole or '0'):,}".replace(",", seps[0])
    return f"{sign}{grouped}{seps[1] if dot else ''}{frac}"


def _round(value: float, precision: int) -> str:
    if precision > 0:
        s = f"{value:,.{precision}f}"
    else:
        q = 10 ** (-precision)
        s = f"{round(value / q) * q:,.0f}"
    return "0" if s in ("-0", "-0.0") else s


def _convert_value(value: float, src: Unit, dst: Unit) -> float:
    if src.kind == "temperature":
        kelvin = {"C": value + 273.15, "F": (value + 459.67) * 5 / 9, "K": value}[_code(src)]
        return {"C": kelvin - 273.15, "F": kelvin * 9 / 5 - 459.67, "K": kelvin}[_code(dst)]
    return value * src.factor / dst.factor


def _code(u: Unit) -> str:
    return next(k for k, v in _UNITS.items() if v is u)


def _precision(in_text: str, value: float, out: float, src: Unit, dst: Unit) -> int:
    prec = _input_precision(in_text)
    if src.kind != "temperature" and value:
        prec -= round(math.log10(src.factor / dst.factor))
    if out:
        # at least two significant figures
        magnitude = math.floor(math.log10(abs(out)))
        prec = max(prec, 1 - magnitude)
    return prec


def _name(u: Unit, value_text: str, *, us: bool, adj: bool) -> str:
    """The unit's name, singular for 1 (and before a noun with ``adj=on``), spelt as asked."""
    singular = value_text.strip() in ("1", "1.0", "-1") or adj
    name = u.singular if singular else u.plural
    if us and u.us:
        stem = u.singular.split(" per ")[0]
        name = name.replace(stem, u.us.split(" per ")[0])
    return name


def render_convert(pos: list[str], named: dict[str, str], *, lang: str) -> str | None:
    """The text of ``{{convert|…}}`` given its positional and named arguments; ``None`` if unreadable."""
    args = [p.strip() for p in pos]
    if not args:
        return None
    values = [args[0]]
    seps: list[str] = []
    i = 1
    while i + 1 < len(args) and args[i] in _RANGE_WORDS and _parse_number(args[i + 1]) is not None:
        seps.append(_RANGE_WORDS[args[i]])
        values.append(args[i + 1])
        i += 2
    if i >= len(args):
        return None
    src = unit(args[i])
    if lang not in ("en", "simple") or src is None:
        shown = _join(values, seps, lambda v: v)
        return f"{shown} {src.symbol if src else args[i]}".strip()
    numbers = [_parse_number(v) for v in values]
    if any(n is None for n in numbers):
        return None
    rest = args[i + 1 :]
    if rest and rest[0].lstrip("-").isdigit():  # {{convert|1.8|m|0}}: a precision, the default output
        rest = ["", *rest]
    out_codes = rest[0].split() if rest and rest[0] else [src.default_out]
    explicit_prec = int(rest[1]) if len(rest) > 1 and rest[1].lstrip("-").isdigit() else None
    abbr = named.get("abbr", "").strip().lower()
    us = named.get("sp", "").strip().lower() == "us"
    adj = named.get("adj", "").strip().lower() in ("on", "yes", "y")
    disp = named.get("disp", "").strip().lower()

    shown_in = _join(values, seps, lambda v: format_number(v, lang))
    abbreviate_in = abbr in ("on", "yes", "in") or (src.kind == "temperature" and abbr != "off")
    in_unit = src.symbol if abbreviate_in else _name(src, values[-1], us=us, adj=adj)
    joiner = "-" if adj and not abbreviate_in else " "
    input_text = f"{shown_in}{joiner}{in_unit}"

    outputs: list[str] = []
    for code in out_codes:
        dst = unit(code)
        if dst is None or dst.kind != src.kind:
            continue
        converted = []
        for text, n in zip(values, numbers, strict=True):
            assert n is not None
            o = _convert_value(n, src, dst)
            p = explicit_prec if explicit_prec is not None else _precision(text, n, o, src, dst)
            converted.append(_round(o, p))
        shown_out = _join(converted, seps, lambda v: v)
        out_unit = _name(dst, converted[-1], us=us, adj=False) if abbr in ("off", "out") or disp == "or" \
            else dst.symbol
        outputs.append(f"{shown_out} {out_unit}")
    if not outputs:
        return input_text
    out_text = "; ".join(outputs)
    if disp == "out":
        return out_text
    if disp == "or":
        return f"{input_text} or {out_text}"
    if disp == "flip":
        return f"{out_text} ({input_text})"
    if disp in ("x", "comma"):
        return f"{input_text}, {out_text}"
    return f"{input_text} ({out_text})"


def _join(values: list[str], seps: list[str], fmt: Callable[[str], str]) -> str:
    out = fmt(values[0])
    for sep, v in zip(seps, values[1:], strict=True):
        out += sep + fmt(v)
    return out
