"""The values the parsers return, and how each becomes an RDF literal.

Every parser in :mod:`wikikg.values` answers with plain records — a :class:`DateValue`, a
:class:`Quantity`, a number — or ``None`` for "no such value here".  They turn into RDF terms with
their ``literal()`` method, so a caller that needs the number itself (the mappings, which convert
units and compare dates) and a caller that needs the triple (the infobox extractor) share one parse.

Lexical forms follow XML Schema 1.0 as DBpedia writes it: years have at least four digits and the
year before 1 AD is ``-0001`` (there is no year zero: "20 BC" is ``-0020``), ``xsd:gMonthDay`` is
``--05-15`` — never ``0001-05-15``.

>>> DateValue(1988, 5, 15).literal().lexical, DateValue(None, 5, 15).literal().lexical
('1988-05-15', '--05-15')
>>> DateValue(-20).literal()
Literal(lexical='-0020', datatype='http://www.w3.org/2001/XMLSchema#gYear', lang=None)
>>> number_literal(50183), number_literal(12.5).lexical
(Literal(lexical='50183', datatype='http://www.w3.org/2001/XMLSchema#integer', lang=None), '12.5')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from wikikg.rdf import vocab
from wikikg.rdf.terms import IRI, Literal

#: What a parsed value becomes in RDF: a resource or a literal.
Value = IRI | Literal

GEO_WKT_LITERAL = "http://www.opengis.net/ont/geosparql#wktLiteral"
XSD_DURATION = vocab.XSD + "duration"
XSD_GMONTH = vocab.XSD + "gMonth"


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date with the precision it was written with.

    ``year`` is astronomical-free "historical" numbering as DBpedia uses it: ``-20`` is 20 BC.
    The datatype follows the parts present: year+month+day → ``xsd:date``, year+month →
    ``xsd:gYearMonth``, year → ``xsd:gYear``, month+day → ``xsd:gMonthDay``, month → ``xsd:gMonth``.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year == 0:
            raise ValueError("there is no year 0 in historical dating")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            # February 29 needs a leap year; without a year any day the month can have is fine
            if not 1 <= self.day <= days_in_month(self.year, self.month):
                raise ValueError(f"day {self.day} out of range for month {self.month}")

    @classmethod
    def make(cls, year: int | None = None, month: int | None = None, day: int | None = None) -> DateValue | None:
        """The date, or ``None`` when the parts do not form one (31 April, month 13, year 0)."""
        try:
            return cls(year, month, day)
        except ValueError:
            return None

    @property
    def datatype(self) -> str:
        if self.year is not None:
            if self.month is None:
                return vocab.XSD_GYEAR
            return vocab.XSD_DATE if self.day is not None else vocab.XSD_GYEARMONTH
        if self.day is not None:
            return vocab.XSD_GMONTHDAY
        return XSD_GMONTH

    @property
    def lexical(self) -> str:
        if self.year is None:
            if self.day is not None:
                return f"--{self.month:02d}-{self.day:02d}"
            return f"--{self.month:02d}"
        y = f"-{-self.year:04d}" if self.year < 0 else f"{self.year:04d}"
        if self.month is None:
            return y
        if self.day is None:
            return f"{y}-{self.month:02d}"
        return f"{y}-{self.month:02d}-{self.day:02d}"

    def literal(self) -> Literal:
        return Literal(self.lexical, self.datatype)

    def with_defaults(self, other: DateValue) -> DateValue | None:
        """Fill the parts this date lacks from ``other`` (``1–3 May 1940``: "1" borrows May 1940)."""
        return DateValue.make(
            self.year if self.year is not None else other.year,
            self.month if self.month is not None else other.month,
            self.day,
        )

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 0, self.day or 0)


def days_in_month(year: int | None, month: int) -> int:
    """Days of ``month`` in ``year`` (proleptic Gregorian; 1 BC is a leap year); 29 for February
    of an unknown year.

    >>> days_in_month(1900, 2), days_in_month(2000, 2), days_in_month(-1, 2), days_in_month(None, 2)
    (28, 29, 29, 29)
    """
    if month != 2:
        return (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if year is None:
        return 29
    y = year + 1 if year < 0 else year  # astronomical numbering: 1 BC is year 0
    return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28


def format_double(value: float | Decimal) -> str:
    """A valid ``xsd:double`` lexical form, plain decimal where that is exact and short.

    >>> format_double(1234.5), format_double(1e-9), format_double(2.0), format_double(Decimal("0.102"))
    ('1234.5', '1.0E-9', '2.0', '0.102')
    """
    if isinstance(value, Decimal):
        value = float(value)
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not a finite number")
    text = repr(float(value))
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        if "." not in mantissa:
            mantissa += ".0"
        return f"{mantissa}E{int(exp)}"
    return text


def number_literal(value: int | float | Decimal) -> Literal:
    """``xsd:integer`` for integers, ``xsd:double`` otherwise."""
    if isinstance(value, int):
        return Literal(str(value), vocab.XSD_INTEGER)
    return Literal(format_double(value), vocab.XSD_DOUBLE)


def string_literal(text: str, lang: str) -> Literal | None:
    """A language-tagged string, or ``None`` for an empty one (DBpedia's empty literals are a bug)."""
    text = text.strip()
    return Literal(text, None, lang) if text else None


def wkt_point(lat: float, lon: float) -> Literal:
    """A GeoSPARQL point (``POINT(long lat)``, the WKT axis order)."""
    return Literal(f"POINT({format_double(lon)} {format_double(lat)})", GEO_WKT_LITERAL)
