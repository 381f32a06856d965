"""DBpedia's own parser test vectors (``../shared/data/dbpedia/parser-vectors/``), every one of them.

Each vector is raw infobox wikitext and the value DBpedia's parser should give.  DBpedia ran them
non-strict (a date or quantity anywhere in the text counts), so do we here.  Where DBpedia's
expectation is wrong, :data:`DELIBERATE` says why and the test asserts the right value instead.
The last test prints the pass rate — vectors where wikikg gives DBpedia's value — and fails if it
drops under the threshold, or if any vector is neither agreed nor a documented difference.

How values compare: dates and datatypes exactly; quantities in the vector's unit (DBpedia's old
``http://dbpedia.org/ontology/<unit>`` names are today's ``http://dbpedia.org/datatype/<unit>``)
with a tolerance of 0.5 or 10⁻⁴ relative, since DBpedia's expected values are rounded ("1,200.55g"
→ 1201); durations by their length in seconds (``PT110M`` = ``PT1H50M``); coordinates to 10⁻⁶°.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from wikikg.values import parse_coordinates, parse_dates, parse_resources, parser
from wikikg.values.durations import duration_seconds

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dbpedia" / "parser-vectors"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Vector:
    file: str
    index: int
    text: str
    lang: str
    expected: str
    unit: str
    unit_type: str = ""

    @property
    def id(self) -> str:
        return f"{self.file}:{self.index}:{self.text[:40]}"


def _load() -> list[Vector]:
    out: list[Vector] = []
    for el in etree.parse(str(VECTORS / "DateTimeParserTest.xml")).getroot():
        out.append(Vector("dates", len(out), el.text or "", el.get("lang"), el.get("expected"), el.get("unit")))
    for n, el in enumerate(etree.parse(str(VECTORS / "UnitValueParserTest.xml")).getroot()):
        # the file writes "km\u00B2" as six characters: the escape is meant, not the backslash
        text = (el.text or "").replace("\\u00B2", "²")
        out.append(Vector("units", n, text, el.get("lang"), el.get("value"), el.get("unit"), el.get("unitType")))
    for i, el in enumerate(etree.parse(str(VECTORS / "GeocoordinatesParserTest.xml")).getroot()):
        out.append(Vector("geo", i, el.text or "", "en", f"{el.get('lat')} {el.get('long')}", ""))
    for i, el in enumerate(etree.parse(str(VECTORS / "ObjectParserTest.xml")).getroot()):
        expected = "|".join(x.text or "" for x in el.find("expectedResults"))
        out.append(Vector("objects", i, el.find("input").text or "", "en", expected, ""))
    return out


ALL = _load()

# Vectors where DBpedia's expected value is wrong: (file, text) → (why, what is right).
# "right" is in the vector's own terms: a date lexical form, a number in the vector's unit, or "".
DELIBERATE: dict[tuple[str, str], tuple[str, str]] = {
    ("dates", " 00/44/0000 "): ("month 44 and year 0 do not exist; DBpedia expects '0000-44-00'", ""),
    ("dates", " 00-44-0000 "): ("month 44 and year 0 do not exist", ""),
    ("dates", " 0000/44/00 "): ("month 44, day 0 and year 0 do not exist", ""),
    ("dates", " 000-44-00 "): ("month 44, day 0 and year 0 do not exist", ""),
    ("units", "2 hours"): ("two hours are PT2H; DBpedia expects PT2M", "7200"),
    ("units", "{{Pop density mi2 to km2|355|precision=0|abbr=yes}}"): (
        "a population density of 355 per square mile, not an area of 355 square miles", "355 inhabitantsPerSquareMile"),
    ("units", "50 g/mol"): ("gramPerMole is not a datatype of the DBpedia ontology: no unit is invented", ""),
    ("geo", "38º32' N 2º89' W"): ("89 minutes is not a coordinate (the next vector writes 3º29')", ""),
}


def _iso_seconds(duration: str) -> Decimal:
    """Seconds of an ISO 8601 duration such as ``-PT2M8S`` or ``P2DT4H48M`` (read here, independently)."""
    m = re.fullmatch(r"(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", duration)
    assert m, duration
    d, h, mi, s = (int(x or 0) for x in m.groups()[1:])
    total = Decimal(d * 86400 + h * 3600 + mi * 60 + s)
    return -total if m.group(1) else total


def _unit_name(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _close(got: float, expected: float) -> bool:
    return abs(got - expected) <= max(0.5, 1e-4 * abs(expected))


def outcome(v: Vector) -> tuple[bool, str]:
    """(agrees with DBpedia's expectation, what wikikg gives, as text)."""
    if v.file == "dates":
        got = parse_dates(v.text, v.lang, strict=False)
        shown = f"{got[0].lexical} {got[0].datatype}" if got else ""
        return (shown == (f"{v.expected} {v.unit}" if v.expected else "")), shown
    if v.file == "geo":
        pair = parse_coordinates(v.text)
        lat, lon = (float(x) for x in v.expected.split())
        ok = pair is not None and abs(pair[0] - lat) < 1e-6 and abs(pair[1] - lon) < 1e-6
        return ok, "" if pair is None else f"{pair[0]} {pair[1]}"
    if v.file == "objects":
        got = parse_resources(v.text, v.lang, strict=False)
        shown = "|".join(_unit_name(g).replace("_", " ") for g in got)
        return shown == v.expected, shown
    p = parser(v.lang)
    if v.unit.endswith("#duration"):
        seconds = duration_seconds(p.text(v.text), v.lang)
        return seconds is not None and seconds == _iso_seconds(v.expected), "" if seconds is None else str(seconds)
    if not v.unit:  # a plain number (or a percentage, as its fraction)
        n = p.number(v.text)
        if not v.expected:
            return n is None and p.quantity(v.text, strict=False) is None, "" if n is None else str(n)
        return n is not None and _close(float(n), float(v.expected)), "" if n is None else str(n)
    q = p.quantity(v.text, strict=False)
    if not v.expected:
        return q is None, "" if q is None else f"{q.value} {q.unit.name}"
    if q is None:
        return False, ""
    target = _unit_name(v.unit)
    try:
        value = q.to(target) if q.unit.convertible or q.unit.name == target else None
    except (ValueError, KeyError):
        value = None
    shown = f"{q.value} {q.unit.name}"
    return value is not None and _close(value, float(v.expected)), shown


@pytest.mark.parametrize("v", ALL, ids=[v.id for v in ALL])
def test_vector(v: Vector) -> None:
    agrees, got = outcome(v)
    deliberate = DELIBERATE.get((v.file, v.text))
    if deliberate is None:
        assert agrees, f"{v.file} {v.text!r} ({v.lang}): DBpedia expects {v.expected!r} {v.unit}, wikikg gives {got!r}"
        return
    why, right = deliberate
    assert not agrees, f"{v.text!r} is listed as a deliberate difference but agrees with DBpedia"
    if v.file == "units" and right and " " in right:
        value, unit = right.split()
        q = parser(v.lang).quantity(v.text, strict=False)
        assert q is not None and q.unit.name == unit and q.value == Decimal(value), why
    else:
        assert got == right, f"{why}: expected {right!r}, got {got!r}"


def test_pass_rate(capsys: pytest.CaptureFixture[str]) -> None:
    """The share of DBpedia's vectors wikikg agrees with; the rest are documented differences."""
    per_file: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    undocumented = []
    for v in ALL:
        per_file[v.file] += 1
        ok, got = outcome(v)
        if ok:
            agreed[v.file] += 1
        elif (v.file, v.text) not in DELIBERATE:
            undocumented.append((v.file, v.text, got))
    total, good = sum(per_file.values()), sum(agreed.values())
    lines = [f"{f}: {agreed[f]}/{n}" for f, n in sorted(per_file.items())]
    with capsys.disabled():
        print(f"\nDBpedia parser vectors: {good}/{total} agree ({100 * good / total:.1f} %); "
              f"{len(DELIBERATE)} deliberate differences (DBpedia wrong); " + ", ".join(lines))
    assert not undocumented, undocumented
    assert total == 96 + 131 + 11 + 6  # every vector of the four files was read
    assert good / total >= 0.95
