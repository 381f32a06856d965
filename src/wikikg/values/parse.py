"""One value, its most specific reading: :class:`ValueParser` and the module-level shortcuts.

:meth:`ValueParser.item` reads one item (see :mod:`wikikg.values.split`) and answers with the most
specific value that is really there, trying in this order:

1. a single template that *is* a value: ``{{coord}}`` (a GeoSPARQL point), a date template, a
   unit template (``{{convert}}``), a language template (a string in *that* language);
2. a written coordinate ("52°31′N" → ``xsd:double``);
3. dates — one, or both ends of a range (``xsd:date``, ``gYearMonth``, ``gYear``, ``gMonthDay``);
4. a quantity with a unit (a DBpedia unit datatype), a percentage (``dbt:perCent``);
5. a number (``xsd:integer``, ``xsd:double``);
6. resources — when the item is nothing but links and flags;
7. a string in the edition's language, as the reader sees it.

Steps 3–5 read the whole item, not a part of it: "5,000 killed" is a string, and a key that
names an identifier (``isbn``, ``inchi``, ``postal_code`` …) is never read as a number or date.

>>> p = ValueParser("en")
>>> [v.lexical for v in p.values("{{start date|1944|6|6}} – {{end date|1944|8|30}}")]
['1944-06-06', '1944-08-30']
>>> p.values("3,000<ref>Smith, p. 4</ref>")[0], p.values("Allied victory")[0]
(Literal(lexical='3000', datatype='http://www.w3.org/2001/XMLSchema#integer', lang=None), Literal(lexical='Allied victory', datatype=None, lang='en'))
>>> p.values("{{flagicon|Nazi Germany}} [[Nazi Germany|Germany]]")
['http://dbpedia.org/resource/Nazi_Germany']
>>> ValueParser("it").values("8 novembre")[0].lexical, ValueParser("ru").values("65 301")[0].lexical
('--11-08', '65301')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from wikikg.dump.namespaces import default_siteinfo
from wikikg.dump.page import SiteInfo
from wikikg.ontology.units import UNITS
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import IRI, Literal
from wikikg.values import coordinates, dates, links, locales, numbers, units
from wikikg.values.keys import KeyHints
from wikikg.values.model import DateValue, Value, number_literal, wkt_point
from wikikg.values.reading import Reader, lang_template, strip_footnotes
from wikikg.values.split import split_items
from wikikg.values.templates import (
    CIRCA_TEMPLATES,
    DECORATION_TEMPLATES,
    LIST_BODY_TEMPLATES,
    LIST_PARAM_TEMPLATES,
    SEPARATOR_TEMPLATES,
    TRANSPARENT_TEMPLATES,
    fold,
)
from wikikg.wikitext.render import MAX_NESTING
from wikikg.wikitext.scan import Scan, Template
from wikikg.wikitext.title import Title

# A label ending in a colon ('''Naval support:''', "U.S. Navy:") heads the items below it.
_HEADING_ITEM = re.compile(r"^(?:'{2,5})?[^'\n\[\]{}|]*[^\d\s'\[\]{}|]:\s*(?:'{2,5})?$|^'{2,5}[^'\n]*'{2,5}\s*:$")
# ... and as shown: a few words ending in a colon, no digits ("German:", "Army Łódź:")
_HEADING_TEXT = re.compile(r"^[^\d:：]{1,60}[:：]$")
_SMALL = re.compile(r"<small>(.*)</small>", re.S | re.I)
_PIXELS = re.compile(r"^(\d{1,4})\s?px$", re.I)
_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
_HAS_WORD = re.compile(r"[^\W_]")
_YEAR_LINK = re.compile(r"\[\[\s*(?P<y>\d{1,4})(?:\s+(?P<w>[^\]|\d]+?))?\s*(?:\|[^\]]*)?\]\][^\W\d_]*")
_YEAR_LINK_GAP = re.compile(r"[\s\-–—,;/]*")
_LEADING_JUNK = re.compile(r"^[\s,;:·•–—\-*#]+")
_TAIL_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
# Could this value hold more than one item? (else it is not split, saving a bracket scan)
_MAY_SPLIT = re.compile(r"<|\n|\{\{\s*(?:" + "|".join(
    re.escape(n).replace(r"\ ", "[ _]+") for n in sorted(
        {*LIST_PARAM_TEMPLATES, *LIST_BODY_TEMPLATES, *SEPARATOR_TEMPLATES}, key=len, reverse=True)) + r")\s*[|}]",
    re.I)


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One item of a value and what it became. ``kind`` is one of ``coordinates``, ``date``,
    ``quantity``, ``number``, ``resource``, ``string`` or ``empty``."""

    wikitext: str
    kind: str
    values: tuple[Value, ...]

    @property
    def typed(self) -> bool:
        return self.kind not in ("string", "empty")


class ValueParser:
    """The value parsers of one edition. Cheap to build; keeps no state between calls.

    ``site`` resolves link namespaces (default: the edition's standard namespaces); ``resource``
    turns a link's title into an IRI (default: the edition's DBpedia resource IRI, another
    edition's for an interlanguage link).
    """

    def __init__(self, lang: str, site: SiteInfo | None = None,
                 resource: Callable[[Title], IRI] | None = None) -> None:
        self.lang = lang
        self.site = site or default_siteinfo(lang)
        self._resource = resource or _default_resource(lang)
        self.reader = Reader(lang, self.site)
        self.keys = KeyHints(lang)
        self._unwrapped = 0  # transparent templates ({{nowrap|…}}) being unwrapped, one in another

    # ---- the parts -----------------------------------------------------------------------
    def text(self, wikitext: str) -> str:
        """The reading text of ``wikitext`` (see :mod:`wikikg.values.reading`)."""
        return self.reader.text(strip_footnotes(wikitext))

    def display(self, wikitext: str) -> str:
        """What a reader sees: links as their labels, markup and footnotes removed."""
        return self.reader.display(wikitext)

    def items(self, wikitext: str) -> list[str]:
        if not _MAY_SPLIT.search(wikitext):
            return [wikitext.strip()] if wikitext.strip() else []
        return split_items(wikitext, self.lang)

    def dates(self, wikitext: str, *, strict: bool = True, bare_year: bool = True) -> list[DateValue]:
        """The dates of ``wikitext``: a date template's, or those written (see :func:`dates.find_dates`)."""
        single = _single_template(strip_footnotes(wikitext))
        if single is not None:
            found = dates.template_dates(single, self.lang)
            if found:
                return found
        text = self.text(wikitext)
        return dates.find_dates(_strip_remarks(text) if strict else text, self.lang, strict=strict,
                                bare_year=bare_year)

    def number(self, wikitext: str, *, strict: bool = True) -> int | float | None:
        """The number that is ``wikitext`` (strict), or the first one in it (lenient)."""
        text = self.text(wikitext)
        found = numbers.read_number(text, self.lang)
        if found is None and not strict:
            found = numbers.find_number(text, self.lang)
        return found

    def quantity(self, wikitext: str, unit_hint: str | None = None, *, strict: bool = True) -> units.Quantity | None:
        """The quantity that is ``wikitext`` (strict), or the first one in it (lenient)."""
        core = strip_footnotes(wikitext)
        single = _single_template(core)
        if single is not None:
            q = units.template_quantity(single, self.lang)
            if q is not False:
                return q if isinstance(q, units.Quantity) else None
        text = self.text(core)
        found = units.read_quantity(text, self.lang, unit_hint)
        if found is not None or strict:
            return found
        if "{{" in core:
            for t in Scan.of(core, comments_removed=True).templates:
                q = units.template_quantity(t, self.lang)
                if isinstance(q, units.Quantity):
                    return q
        return units.find_quantity(text, self.lang)

    def coordinates(self, wikitext: str) -> tuple[float, float] | None:
        """A coordinate pair: a ``{{coord}}`` anywhere in ``wikitext`` or a written pair."""
        text = strip_footnotes(wikitext)
        if "{{" in text:
            for t in Scan.of(text, comments_removed=True).templates:
                found = coordinates.parse_coord_template(t)
                if found is not None:
                    return found
            m = re.search(r"\{\{\s*(?:coord|coor[ a-z]*)\s*\|([^{}]*)$", text, re.I)
            if m:  # an unclosed {{coord|… at the end of the value (a truncated edit)
                return coordinates.coordinates_from_args(m.group(1).split("|"))
        return coordinates.read_coordinates(self.text(text))

    def resources(self, wikitext: str, *, strict: bool = True) -> list[IRI]:
        found = links.resources(wikitext, self.lang, self.site, strict=strict)
        return [self._resource(t) for t in found or ()]

    # ---- the most specific value ---------------------------------------------------------
    def item(self, wikitext: str, *, key: str | None = None) -> ParsedItem:
        """The most specific reading of one item (see the module's description)."""
        core = strip_footnotes(wikitext).strip()
        if not core or _HEADING_ITEM.match(core):
            return ParsedItem(wikitext, "empty", ())
        small = _SMALL.fullmatch(core)
        if small:
            core = small.group(1).strip()  # "<small>(British claim)</small>"
        if core[:1] in "(（" and core[-1:] in ")）" and _balanced(core[1:-1]):
            core = core[1:-1].strip()  # "([[Army Group B]])": a remark on its own line
        identifier, year_hint = self.keys.of(key)
        scan = Scan.of(core, comments_removed=True) if ("{{" in core or "[[" in core) else None
        single = _single_template(core, scan)
        if single is not None:
            found = self._single(single, wikitext, key=key, identifier=identifier)
            if found is not None:
                return found
        text = self.reader.text(core, scan)
        if not identifier and text:
            typed = self._typed(text, core, year_hint)
            if typed is not None:
                return ParsedItem(wikitext, typed[0], typed[1])
        found_links = links.resources(core, self.lang, self.site, scan=scan) if scan is not None else None
        if found_links:
            return ParsedItem(wikitext, "resource", tuple(self._resource(t) for t in found_links))
        return self._string(wikitext, core)

    def values(self, wikitext: str, *, key: str | None = None) -> list[Value]:
        """The values of one item (see :meth:`item`)."""
        return list(self.item(wikitext, key=key).values)

    def parse(self, wikitext: str, *, key: str | None = None) -> list[ParsedItem]:
        """Every item of a parameter value, read (empty ones left out)."""
        out = []
        for item in self.items(wikitext):
            parsed = self.item(item, key=key)
            if parsed.values:
                out.append(parsed)
        return out

    def _single(self, t: Template, wikitext: str, *, key: str | None, identifier: bool) -> ParsedItem | None:
        point = coordinates.parse_coord_template(t)
        if point is not None:
            return ParsedItem(wikitext, "coordinates", (wkt_point(*point),))
        name = fold(t.name)
        if not identifier:
            found = dates.template_dates(t, self.lang)
            if found:
                return ParsedItem(wikitext, "date", tuple(d.literal() for d in found))
            q = units.template_quantity(t, self.lang)
            if isinstance(q, units.Quantity):
                return ParsedItem(wikitext, "quantity", (q.literal(),))
        lt = lang_template(t)
        if lt is not None:
            code, inner = lt
            shown = self.display(inner)
            if code and _LANG_TAG.match(code) and _HAS_WORD.search(shown):
                return ParsedItem(wikitext, "string", (Literal(shown, None, code),))
            return None
        if name in TRANSPARENT_TEMPLATES and self._unwrapped < MAX_NESTING:
            args = dates.positional_args(t)
            if args and args[0].strip():
                # each level scans its argument again: as deep as rendering goes, no deeper
                self._unwrapped += 1
                try:
                    wrapped = self.item(args[0], key=key)
                finally:
                    self._unwrapped -= 1
                return ParsedItem(wikitext, wrapped.kind, wrapped.values)
        if name in CIRCA_TEMPLATES:
            return self._string(wikitext, wikitext)
        return None

    def _typed(self, text: str, core: str, year_hint: bool) -> tuple[str, tuple[Value, ...]] | None:
        one = coordinates.read_coordinate(text)
        if one is not None:
            return "coordinates", (number_literal(one),)
        pair = coordinates.read_coordinates(text, whole=True)
        if pair is not None:
            return "coordinates", (wkt_point(*pair),)
        pixels = _PIXELS.match(text)
        if pixels:
            return "number", (number_literal(int(pixels.group(1))),)  # an image size, "300px"
        plain = _strip_remarks(text)
        if year_hint and re.fullmatch(r"\d{1,4}", plain) and int(plain) > 0:
            return "date", (DateValue(int(plain)).literal(),)
        linked = self._year_links(core)
        if linked:
            return "date", tuple(d.literal() for d in linked)
        found = dates.find_dates(plain, self.lang, strict=True, bare_year=year_hint)
        if found:
            return "date", tuple(d.literal() for d in found)
        q = units.read_quantity(text, self.lang)
        if q is not None:
            return "quantity", (q.literal(),)
        pct = numbers.read_percent(text, self.lang)
        if pct is not None:
            return "quantity", (units.Quantity(pct, UNITS["perCent"]).literal(),)
        n = numbers.read_number(text, self.lang)
        if n is not None:
            return "number", (number_literal(n),)
        return None

    def _year_links(self, core: str) -> list[DateValue] | None:
        """Links to year articles, alone or as a range: "[[1944]]", "[[37]] - [[41]]", "[[20 BC]]",
        "[[1918 год]]а" — the years, else ``None``."""
        found = list(_YEAR_LINK.finditer(core))
        if not found or len(found) > 2 or not _YEAR_LINK_GAP.fullmatch(_YEAR_LINK.sub(" ", core)):
            return None
        eras = locales.eras(self.lang)
        words = {w.lower() for w in locales.DATE_FILLERS.get(self.lang, ())}
        years: list[DateValue] = []
        for m in found:
            word = (m.group("w") or "").strip().lower()
            sign = eras.get(word, 0) if word else 1
            if word and not sign and word not in words:
                return None
            d = DateValue.make(int(m.group("y")) * (sign or 1))
            if d is None:
                return None
            years.append(d)
        if len(years) == 2 and years[0].sort_key() >= years[1].sort_key():
            return None
        return years

    def _string(self, wikitext: str, core: str) -> ParsedItem:
        shown = _LEADING_JUNK.sub("", self.display(core)).strip()
        if not _HAS_WORD.search(shown) or _HEADING_TEXT.match(shown):
            return ParsedItem(wikitext, "empty", ())
        return ParsedItem(wikitext, "string", (Literal(shown, None, self.lang),))


def _default_resource(lang: str) -> Callable[[Title], IRI]:
    minter = IriMinter(lang)

    def resource(title: Title) -> IRI:
        if title.interwiki and title.interwiki != lang:
            return IriMinter(title.interwiki).resource(title.encoded)
        return minter.resource(title.encoded)

    return resource


def _single_template(core: str, scan: Scan | None = None) -> Template | None:
    """The template that is the whole item, decorations aside, or ``None`` (``scan``: of ``core``)."""
    s = core
    if "{{" not in s or not s.rstrip().endswith("}}"):
        return None
    scan = scan or Scan.of(s, comments_removed=True)
    tops = [t for t in scan.templates if t.depth == 0 and fold(t.name) not in DECORATION_TEMPLATES]
    if len(tops) != 1:
        return None
    t = tops[0]
    # what is left once every top-level template is cut out (one pass over the text)
    pos = 0
    for d in scan.templates:
        if d.depth == 0:
            if s[pos : d.start].strip():
                return None
            pos = max(pos, d.end)
    return t if not s[pos:].strip() else None


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _strip_remarks(text: str) -> str:
    while True:
        t = _TAIL_PAREN.sub("", text)
        if t == text or not t.strip():
            return text
        text = t


@lru_cache(maxsize=32)
def parser(lang: str) -> ValueParser:
    """The :class:`ValueParser` of an edition with its standard namespaces (shared, stateless)."""
    return ValueParser(lang)


# ---- the module-level API (see wikikg.values) ----------------------------------------------------
def parse_value(wikitext: str, lang: str, *, key: str | None = None) -> list[Value]:
    """Every value of a parameter: its items, each read as its most specific value."""
    return [v for item in parser(lang).parse(wikitext, key=key) for v in item.values]


def parse_dates(wikitext: str, lang: str, *, strict: bool = True) -> list[Literal]:
    return [d.literal() for d in parser(lang).dates(wikitext, strict=strict)]


def parse_number(wikitext: str, lang: str, *, strict: bool = True) -> Literal | None:
    n = parser(lang).number(wikitext, strict=strict)
    return number_literal(n) if n is not None else None


def parse_quantity(wikitext: str, lang: str, unit_hint: str | None = None, *,
                   strict: bool = True) -> units.Quantity | None:
    return parser(lang).quantity(wikitext, unit_hint, strict=strict)


def parse_coordinates(wikitext: str, lang: str = "en") -> tuple[float, float] | None:
    return parser(lang).coordinates(wikitext)


def parse_resources(wikitext: str, lang: str, *, strict: bool = True) -> list[IRI]:
    return parser(lang).resources(wikitext, strict=strict)
