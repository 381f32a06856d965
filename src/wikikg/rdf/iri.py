"""The one place that mints IRIs.

DBpedia writes resource IRIs as IRIs, not URIs: Unicode stays as it is, spaces become
underscores, and only the characters RFC 3987 forbids (plus ``"#%<>?[\\]^`{|}``) are
percent-encoded — ``DBpediaNamespace.iriEscapes`` in the extraction framework.

>>> m = IriMinter("en")
>>> m.resource("Ludwig_van_Beethoven"), m.resource("AC/DC"), m.resource("What?")
('http://dbpedia.org/resource/Ludwig_van_Beethoven', 'http://dbpedia.org/resource/AC/DC', 'http://dbpedia.org/resource/What%3F')
>>> IriMinter("de").resource("Köln")
'http://de.dbpedia.org/resource/Köln'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from wikikg.rdf import vocab
from wikikg.rdf.terms import IRI

_ESCAPE = re.compile('[\x00-\x20"#%<>?\\[\\\\\\]^`{|}\x7f-\x9f]')


def _pct(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == " ":
        return "_"
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def escape_iri_part(text: str) -> str:
    """Percent-encode what may not stand in an IRI path segment; space becomes ``_``.

    >>> escape_iri_part('Say "Hi" #1 50%')
    'Say_%22Hi%22_%231_50%25'
    """
    return _ESCAPE.sub(_pct, text)


_URL_ESCAPE = re.compile('[\x00-\x20"<>\\\\^`{|}\x7f-\x9f]')


def escape_url(url: str) -> str:
    """Make an external URL a valid N-Triples IRI, percent-encoding only what IRIs forbid."""
    return _URL_ESCAPE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), url)


def resource_namespace(lang: str) -> str:
    """``http://dbpedia.org/resource/`` for English, ``http://{lang}.dbpedia.org/resource/`` else."""
    return vocab.DBR if lang == "en" else f"http://{lang}.dbpedia.org/resource/"


def property_namespace(lang: str) -> str:
    """``http://dbpedia.org/property/`` for English, ``http://{lang}.dbpedia.org/property/`` else."""
    return vocab.DBP if lang == "en" else f"http://{lang}.dbpedia.org/property/"


@dataclass(frozen=True)
class IriMinter:
    """Mints the IRIs of one edition: resources, its dbp: properties, its wiki's page URLs.

    ``base`` overrides the resource namespace (``--base``); ``wiki_base`` is the article URL
    prefix of the wiki (``https://en.wikipedia.org/wiki/``).
    """

    lang: str
    base: str | None = None
    wiki_base: str | None = None

    @cached_property
    def resource_ns(self) -> str:
        return self.base or resource_namespace(self.lang)

    @cached_property
    def property_ns(self) -> str:
        return property_namespace(self.lang)

    def resource(self, encoded_title: str) -> IRI:
        """The resource IRI of a title given with underscores (``Title.encoded``)."""
        return IRI(self.resource_ns + escape_iri_part(encoded_title))

    def property(self, local_name: str) -> IRI:
        """A ``dbp:`` property of this edition."""
        return IRI(self.property_ns + escape_iri_part(local_name))

    def ontology(self, local_name: str) -> IRI:
        return IRI(vocab.DBO + escape_iri_part(local_name))

    def wiki_page(self, encoded_title: str) -> IRI:
        """The wiki's URL of a page: ``https://en.wikipedia.org/wiki/Berlin``."""
        base = self.wiki_base or f"https://{self.lang}.wikipedia.org/wiki/"
        return IRI(base + escape_iri_part(encoded_title))

    def wiki_revision(self, encoded_title: str, revision_id: int, ns: int = 0) -> IRI:
        """``https://en.wikipedia.org/wiki/Berlin?oldid=123&ns=0``, as DBpedia writes it."""
        return IRI(f"{self.wiki_page(encoded_title)}?oldid={revision_id}&ns={ns}")
