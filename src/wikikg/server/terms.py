"""How RDF terms read on a page: prefixed names, literals with their datatype or language.

DBpedia's pages write ``dbr:Boris_Gromov``, ``1988-05-15 (xsd:date)``, ``Unknown (en)``.  We do
the same, and show the values DBpedia gets wrong as they are meant: an ``xsd:gMonthDay``
(``--05-15``) reads "May 15" — never "0001-05-15".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from markupsafe import Markup, escape

from wikikg.rdf import vocab

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_GMONTHDAY = re.compile(r"^--(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?$")
_GYEARMONTH = re.compile(r"^(-?\d{4,})-(\d\d)(Z|[+-]\d\d:\d\d)?$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_RTL_LANGS = {"ar", "arc", "arz", "azb", "ckb", "dv", "fa", "glk", "he", "ks", "lrc", "mzn", "pnb", "ps", "sd",
              "ug", "ur", "yi"}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Prefixes:
    """Turns IRIs into prefixed names with a fixed table (longest namespace wins).

    >>> p = Prefixes({"dbr": "http://dbpedia.org/resource/", "dbc": "http://dbpedia.org/resource/Category:"})
    >>> p.short("http://dbpedia.org/resource/Category:Battles"), p.short("http://dbpedia.org/resource/Kursk")
    ('dbc:Battles', 'dbr:Kursk')
    >>> p.short("http://dbpedia.org/resource/M13/40_tank")
    'dbr:M13/40_tank'
    >>> p.short("https://example.org/x")
    'https://example.org/x'
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        self._order = sorted(((ns, p) for p, ns in table.items()), key=lambda x: len(x[0]), reverse=True)
        self.short = functools.lru_cache(maxsize=65536)(self._short)  # type: ignore[method-assign]

    def _short(self, iri: str) -> str:
        for ns, prefix in self._order:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if "#" not in local:
                    return f"{prefix}:{local}"
        return iri

    def short(self, iri: str) -> str:  # replaced by a cached version of _short per instance
        return self._short(iri)


def display_literal(lit: ox.Literal) -> str:
    """The text a reader sees for a literal.

    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> display_literal(ox.Literal("--05-15", datatype=ox.NamedNode(xsd + "gMonthDay")))
    'May 15'
    >>> display_literal(ox.Literal("1988-05", datatype=ox.NamedNode(xsd + "gYearMonth")))
    'May 1988'
    >>> display_literal(ox.Literal("1988-05-15", datatype=ox.NamedNode(xsd + "date")))
    '1988-05-15'
    """
    value = lit.value
    dt = lit.datatype.value if lit.datatype else ""
    if dt == vocab.XSD_GMONTHDAY:
        m = _GMONTHDAY.match(value)
        if m and 1 <= int(m.group(1)) <= 12:
            return f"{_MONTHS[int(m.group(1)) - 1]} {int(m.group(2))}"
    elif dt == vocab.XSD_GYEARMONTH:
        m = _GYEARMONTH.match(value)
        if m and 1 <= int(m.group(2)) <= 12:
            return f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return value


def annotation(lit: ox.Literal, prefixes: Prefixes) -> str | None:
    """``xsd:date`` for a typed literal, ``en`` for a language-tagged one, ``None`` for a plain string."""
    if lit.language:
        return lit.language
    dt = lit.datatype.value if lit.datatype else vocab.XSD_STRING
    if dt in (vocab.XSD_STRING, vocab.RDF + "langString"):
        return None
    return prefixes.short(dt)


def text_direction(lang: str | None) -> str:
    """``rtl`` for right-to-left scripts, else ``auto``."""
    if lang and lang.split("-")[0].lower() in _RTL_LANGS:
        return "rtl"
    return "auto"


def class_label(iri: str) -> str:
    """A readable class name from its IRI when the ontology is not loaded.

    >>> class_label("http://dbpedia.org/ontology/MilitaryConflict")
    'military conflict'
    >>> class_label("http://www.w3.org/2003/01/geo/wgs84_pos#SpatialThing")
    'spatial thing'
    """
    local = re.split(r"[/#]", iri.rstrip("/"))[-1]
    return _CAMEL.sub(" ", local).replace("_", " ").lower()


@dataclass(frozen=True, eq=False)
class ShownTerm:
    """A term ready for a template: text, where it links, and its annotation."""

    text: str
    href: str | None = None
    local: bool = True
    note: str | None = None
    lang: str | None = None
    dir: str = "auto"
    iri: str | None = None
    long: bool = False

    @functools.cached_property
    def html(self) -> Markup:
        """The term as HTML: a link, or the literal with its language; then the annotation.

        Written here rather than in a template macro: a page has hundreds of terms.

        An IRI without a safe place to link to (``href`` is ``None``: a ``javascript:`` IRI, say)
        is written as text.

        >>> ShownTerm("a <b>", note="en", lang="en").html
        Markup('<span class="literal" lang="en" dir="auto">a &lt;b&gt;</span> <small class="note">(en)</small>')
        >>> ShownTerm("javascript:alert(1)", iri="javascript:alert(1)").html
        Markup('<span class="iri">javascript:alert(1)</span>')
        """
        if self.href:
            extra = "" if self.local else ' class="external" rel="nofollow noopener"'
            out = f'<a href="{escape(self.href)}"{extra}>{escape(self.text)}</a>'
        elif self.iri is not None:
            out = f'<span class="iri">{escape(self.text)}</span>'
        else:
            cls = "literal long" if self.long else "literal"
            lang = f' lang="{escape(self.lang)}"' if self.lang else ""
            out = f'<span class="{cls}"{lang} dir="{self.dir}">{escape(self.text)}</span>'
        if self.note:
            out += f' <small class="note">({escape(self.note)})</small>'
        return Markup(out)
