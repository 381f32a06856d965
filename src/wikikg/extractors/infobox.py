"""``infobox-properties``: every parameter of every infobox as a ``dbp:`` triple with a typed value.

As DBpedia's ``InfoboxExtractor`` (extraction-framework, core/…/mappings/InfoboxExtractor.scala and
config/mappings/InfoboxExtractorConfig.scala):

* **Which templates.** Every template of an article, outside footnotes, whose arguments are
  mostly named — at least ``MIN_PROPERTY_COUNT`` (2) named ones, more than
  ``MIN_RATIO_OF_EXPLICIT_PROPERTY_KEYS`` (75 %) of all non-empty ones — in any language, since infoboxes have
  no common name (en ``Infobox …``, it ``Bio``, ru ``Государство``, ja ``基礎情報 …``).  Citation,
  language, pronunciation, quotation, maintenance, media and navigation templates are skipped
  (DBpedia's ``ignoreTemplates`` and more, :data:`IGNORED_TEMPLATES`).  An infobox embedded in
  another (``module = {{Infobox military person|embed=yes|…}}``, ``{{Designation list|embed=yes|…}}``)
  counts as an infobox of the page too; DBpedia, which looks at top-level templates only, misses it.
* **Property IRIs.** ``dbp:`` + the key lower-cased and camel-cased at ``_``, spaces, ``-`` and ``:``
  (``birth_date`` → ``birthDate``), trailing digits dropped (``combatant1`` → ``combatant``), in the
  edition's own namespace (``http://ru.dbpedia.org/property/…``).  Positional arguments and
  DBpedia's ``ignoreProperties`` (en ``image``, ``map`` …) are left out.
* **Values.** Split into items and each read as its most specific value by
  :class:`wikikg.values.ValueParser` — where DBpedia glues words, writes ``0001-05-15`` for a
  month and day, or reads the "1" of an InChI as an integer, we do not.

``infobox-property-definitions`` declares each property used, ``dbp:x a rdf:Property ; rdfs:label
"x"@lang``, once per page (the label is the normalised key in words, so every page writes the
same two triples for a property).

Quality metrics: ``("infobox", template, key, "typed"|"string")`` per item, and
``("infobox-shapes", shape)`` for the items left as strings, where a shape is the text with
digits → ``9``, letters → ``a``, runs collapsed and cut at 40 characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor, ExtractionContext
from wikikg.extractors.registry import register
from wikikg.rdf import vocab
from wikikg.rdf.datasets import INFOBOX_PROPERTIES, INFOBOX_PROPERTY_DEFINITIONS
from wikikg.rdf.terms import IRI, Literal, Statement
from wikikg.values import ValueParser
from wikikg.wikitext.infoboxes import IGNORED_PROPERTIES, explicit
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Param

_SPLIT_WORDS = re.compile(r"_+|\s+|-|:+")
_TRAILING_NUMBER = re.compile(r"[0-9]+$")
_SHAPE_DIGITS = re.compile(r"\d+")
_SHAPE_LETTERS = re.compile(r"[^\W\d_]+")
_SHAPE_SPACES = re.compile(r"\s+")


def property_words(key: str) -> list[str]:
    """The words of a key, lower case, trailing number dropped (DBpedia's ``getPropertyUri``)."""
    words = [w for w in _SPLIT_WORDS.split(key.strip().lower()) if w]
    if words:
        words[-1] = _TRAILING_NUMBER.sub("", words[-1])
        if not words[-1]:
            words.pop()
    return words


def property_name(key: str) -> str:
    """The local name of a key's ``dbp:`` property: ``birth_date`` → ``birthDate``, ``combatant1`` →
    ``combatant``, ``Units 1`` → ``units``; ``""`` for a key with no name left.

    >>> property_name("birth_date"), property_name("combatant1"), property_name("Territorial Changes")
    ('birthDate', 'combatant', 'territorialChanges')
    >>> property_name("Должность руководителя 1"), property_name("ВВП (ППС)")
    ('должностьРуководителя', 'ввп(ппс)')
    """
    words = property_words(key)
    if not words:
        return ""
    return words[0] + "".join(_capitalize(w) for w in words[1:])


def property_label(key: str) -> str:
    """The ``rdfs:label`` of a key's property: its words ("birth date"), the same for every key
    spelling that names the property."""
    return " ".join(property_words(key))


def _capitalize(word: str) -> str:
    first = word[:1].upper()
    return (first if len(first) == 1 else word[:1]) + word[1:]  # "ß" has no one-letter upper case


def shape(text: str) -> str:
    """The shape of an unparsed value: digits → 9, letters → a, white space → one space.

    >>> shape("5,000 killed"), shape("c. 300 aircraft")
    ('9,9 a', 'a. 9 a')
    """
    s = _SHAPE_DIGITS.sub("9", text)
    s = _SHAPE_LETTERS.sub("a", s)
    return _SHAPE_SPACES.sub(" ", s).strip()[:40]


@register
class InfoboxExtractor(BaseExtractor, name="infobox-properties", groups={"infobox"},
                       datasets=(INFOBOX_PROPERTIES, INFOBOX_PROPERTY_DEFINITIONS)):
    """Every infobox parameter as a typed ``dbp:`` triple (see the module's description)."""

    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.values = ValueParser(ctx.lang, site=ctx.site, resource=ctx.resource)
        self.ignored = IGNORED_PROPERTIES.get(ctx.lang, IGNORED_PROPERTIES["en"])
        self._properties: dict[str, tuple[IRI, str]] = {}

    def _property(self, key: str) -> tuple[IRI, str] | None:
        """(IRI, label) of a key's property, cached per worker (a pure function of the key)."""
        found = self._properties.get(key)
        if found is None:
            local = property_name(key)
            if not local:
                return None
            found = (self.ctx.minter.property(local), property_label(key))
            if len(self._properties) < 100_000:
                self._properties[key] = found
        return found

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article:
            return
        boxes = page.infoboxes
        if not boxes:
            return
        subject = self.ctx.resource_of(page)
        embedded = {(b.start, b.end) for b in boxes}
        metrics = self.ctx.metrics
        defined: dict[IRI, str] = {}
        key_ds = INFOBOX_PROPERTIES
        for box in boxes:
            template = box.name
            for p in box.params:
                key = p.key.strip()
                if not explicit(p) or key.lower() in self.ignored or not p.value.strip() or key.lower() == "embed":
                    continue
                if _holds_embedded(p, page.text, embedded):
                    continue  # module = {{Infobox …}}: extracted as an infobox of its own
                prop = self._property(key)
                if prop is None:
                    continue
                iri, label = prop
                for item in self.values.parse(p.value, key=key):
                    for value in item.values:
                        yield Statement(key_ds, subject, iri, value)
                    defined.setdefault(iri, label)
                    metrics.count("infobox", template, key, "typed" if item.typed else "string")
                    if not item.typed and isinstance(item.values[0], Literal):
                        metrics.count("infobox-shapes", shape(item.values[0].lexical))
        defs = INFOBOX_PROPERTY_DEFINITIONS
        for iri, label in defined.items():
            yield Statement(defs, iri, vocab.RDF_TYPE, vocab.RDF_PROPERTY)
            yield Statement(defs, iri, vocab.RDFS_LABEL, Literal(label, None, self.ctx.lang))


def _holds_embedded(p: Param, text: str, embedded: set[tuple[int, int]]) -> bool:
    if "{{" not in p.value:
        return False
    start = p.start
    end = p.start + len(p.value)
    return any(start <= s and e <= end + 1 and not text[start:s].strip() and not text[e:end].strip()
               for s, e in embedded)
