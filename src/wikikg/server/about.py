"""The "About:" page of a resource, as data for its template.

Layout after dbpedia.org's resource pages (``../shared/reference/`` holds one as text): the label,
"An Entity of Type: …", the image, the abstract in the reader's language with the other
languages one click away, then a Property | Value table — predicates as prefixed names, sorted;
resources linked to their local pages; literals annotated "(xsd:date)" or "(en)"; long lists
collapsed; inverse relations ("is dbo:wikiPageWikiLink of") after the rest.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from markupsafe import Markup

from wikikg.rdf import vocab
from wikikg.server.terms import Prefixes, ShownTerm, annotation, class_label, display_literal, text_direction
from wikikg.server.urls import DATA_FORMATS, Urls, safe_image, safe_link
from wikikg.store import queries
from wikikg.store.queries import Description, Term

VISIBLE_VALUES = 8
VISIBLE_CHARS = 900
LISTED_VALUES = 150  # per property; the rest is one SPARQL query away (Berlin has 800+ links)
_TEXT_PROPS = (vocab.DBO_ABSTRACT, vocab.RDFS_COMMENT, vocab.RDFS_LABEL)


@dataclass
class Row:
    """One line of the Property | Value table."""

    predicate: ShownTerm
    inverse: bool
    shown: list[ShownTerm]
    hidden: list[ShownTerm]
    more: int = 0  # values not loaded at all (inbound beyond the limit)

    @property
    def total(self) -> int:
        return len(self.shown) + len(self.hidden) + self.more

    @property
    def shown_html(self) -> Markup:
        return Markup("".join(f"<li>{v.html}</li>\n" for v in self.shown))

    @property
    def hidden_html(self) -> Markup:
        return Markup("".join(f"<li>{v.html}</li>\n" for v in self.hidden))


@dataclass
class AboutPage:
    iri: str
    title: str
    lang: str | None
    languages: list[str]
    types: list[ShownTerm]
    image: str | None
    abstract: ShownTerm | None
    abstract_lang_missing: bool
    wikipedia: str | None
    coordinates: tuple[float, float] | None
    rows: list[Row]
    formats: list[tuple[str, str, str]]  # (name, media type, href)
    redirect_to: ShownTerm | None = None
    uses: int = 0  # triples that use the IRI as their predicate, when that is all there is

    @property
    def iri_href(self) -> str | None:
        """The resource's IRI when it may be a link (see :func:`~wikikg.server.urls.safe_link`)."""
        return safe_link(self.iri)

    @property
    def map_url(self) -> str | None:
        if not self.coordinates:
            return None
        lat, lon = self.coordinates
        return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=10/{lat:.5f}/{lon:.5f}"


def show(term: Term, urls: Urls, prefixes: Prefixes) -> ShownTerm:
    """A term as the page shows it."""
    if isinstance(term, ox.NamedNode):
        return _show_iri(term.value, urls, prefixes)
    if isinstance(term, ox.Literal):
        text = display_literal(term)
        note = annotation(term, prefixes)
        return ShownTerm(text, note=note, lang=term.language, dir=text_direction(term.language),
                         long=len(text) > 200)
    if isinstance(term, ox.BlankNode):
        return ShownTerm(f"_:{term.value}")
    return ShownTerm(str(term))


@functools.lru_cache(maxsize=65536)
def _show_iri(iri: str, urls: Urls, prefixes: Prefixes) -> ShownTerm:
    """IRIs recur from page to page (predicates, classes, popular resources): made once."""
    href, local = urls.link(iri)
    shown = ShownTerm(prefixes.short(iri), href, local, iri=iri)
    shown.html  # noqa: B018 (computed now, kept with the cached term)
    return shown


def _literal_langs(desc: Description) -> list[str]:
    langs = set()
    for p, o in desc.outgoing:
        if p.value in _TEXT_PROPS and isinstance(o, ox.Literal) and o.language:
            langs.add(o.language)
    return sorted(langs)


def _pick(values: Sequence[Term], lang: str | None, fallback: str) -> tuple[ox.Literal | None, bool]:
    lits = [v for v in values if isinstance(v, ox.Literal)]
    for want in (lang, fallback):
        for v in lits:
            if v.language == want:
                return v, want != lang
    for v in lits:
        if not v.language:
            return v, True
    return (lits[0], True) if lits else (None, False)


def _sort_key(term: ShownTerm, lang: str | None) -> tuple[int, str]:
    return (0 if term.lang and term.lang == lang else 1, term.text.casefold())


def _split(values: list[ShownTerm]) -> tuple[list[ShownTerm], list[ShownTerm]]:
    shown: list[ShownTerm] = []
    chars = 0
    for i, v in enumerate(values):
        if i >= VISIBLE_VALUES or (shown and chars + len(v.text) > VISIBLE_CHARS):
            return shown, values[i:]
        shown.append(v)
        chars += len(v.text)
    return shown, []


def _types(store: ox.Store, desc: Description, urls: Urls, lang: str | None,
           specific_types: Sequence[str]) -> list[ShownTerm]:
    """The most specific DBpedia classes of the resource ("An Entity of Type: …"): those the
    extraction named most specific, else those no other of its classes is a subclass of (when the
    ontology is in the store), else all its DBpedia classes."""
    all_types = [o.value for p, o in desc.outgoing if p.value == vocab.RDF_TYPE and isinstance(o, ox.NamedNode)]
    dbo = [t for t in all_types if t.startswith(vocab.DBO)]
    chosen = [t for t in specific_types if t in all_types] or dbo or [t for t in all_types if t != vocab.OWL_THING]
    supers: set[str] = set()
    for t in chosen:
        supers.update(s for s in queries.objects(store, t, vocab.RDFS_SUBCLASS_OF) if s != t)
    specific = [t for t in chosen if t not in supers] or chosen
    shown = []
    for t in sorted(specific)[:4]:
        labels = queries.literals(store, t, vocab.RDFS_LABEL)
        label, _ = _pick(labels, lang, "en")
        shown.append(ShownTerm(label.value if label else class_label(t), urls.describe(t), True, iri=t))
    return shown


def build(store: ox.Store, desc: Description, urls: Urls, prefixes: Prefixes, *, lang_param: str | None,
          accept_language: str | None, fallback_lang: str, specific_types: Sequence[str] = ()) -> AboutPage:
    """The About page of ``desc``."""
    from wikikg.server.negotiation import choose_language

    languages = _literal_langs(desc)
    lang = choose_language(languages, lang_param, accept_language, fallback_lang)
    labels = desc.values(vocab.RDFS_LABEL)
    label, _ = _pick(labels, lang, fallback_lang)
    from wikikg.store.lookup import local_label

    title = label.value if label else local_label(desc.iri)
    abstract, missing = _pick(desc.values(vocab.DBO_ABSTRACT), lang, fallback_lang)
    if abstract is None:
        abstract, missing = _pick(desc.values(vocab.RDFS_COMMENT), lang, fallback_lang)

    image = None
    for prop in (vocab.DBO_THUMBNAIL, vocab.FOAF_DEPICTION):
        pics = [o.value for o in desc.values(prop) if isinstance(o, ox.NamedNode) and safe_image(o.value)]
        if pics:
            image = sorted(pics)[0]
            break
    wikipedia = next((o.value for o in desc.values(vocab.FOAF_IS_PRIMARY_TOPIC_OF)
                      if isinstance(o, ox.NamedNode) and safe_link(o.value)), None)
    coordinates = _coordinates(desc)

    grouped: dict[tuple[str, bool], list[Term]] = {}
    for p, o in desc.outgoing:
        grouped.setdefault((p.value, False), []).append(o)
    for s, p in desc.inbound:
        grouped.setdefault((p.value, True), []).append(s)
    rows = []
    for (pred, inverse), values in grouped.items():
        shown_values = sorted((show(v, urls, prefixes) for v in values), key=lambda t: _sort_key(t, lang))
        visible, hidden = _split(shown_values[:LISTED_VALUES])
        href, _ = urls.link(pred)
        rows.append(Row(ShownTerm(prefixes.short(pred), href, True, iri=pred), inverse, visible, hidden,
                        max(0, len(shown_values) - LISTED_VALUES)))
    rows.sort(key=lambda r: (r.inverse, r.predicate.text.casefold()))
    if desc.inbound_total > len(desc.inbound) and rows and rows[-1].inverse:
        rows[-1].more += desc.inbound_total - len(desc.inbound)

    formats = []
    for ext, (media, name) in DATA_FORMATS.items():
        formats.append((name, media, urls.describe_data(desc.iri, ext)))
    redirect_to = next((show(o, urls, prefixes) for o in desc.values(vocab.DBO_WIKI_PAGE_REDIRECTS)
                        if isinstance(o, ox.NamedNode)), None)
    return AboutPage(
        iri=desc.iri, title=title, lang=lang, languages=languages, types=_types(store, desc, urls, lang, specific_types),
        image=image, abstract=show(abstract, urls, prefixes) if abstract else None,
        abstract_lang_missing=bool(abstract) and missing and lang is not None,
        wikipedia=wikipedia, coordinates=coordinates, rows=rows, formats=formats, redirect_to=redirect_to,
    )


def _coordinates(desc: Description) -> tuple[float, float] | None:
    lat = next((o for o in desc.values(vocab.GEO_LAT) if isinstance(o, ox.Literal)), None)
    lon = next((o for o in desc.values(vocab.GEO_LONG) if isinstance(o, ox.Literal)), None)
    try:
        if lat is not None and lon is not None:
            la, lo = float(lat.value), float(lon.value)
            if -90 <= la <= 90 and -180 <= lo <= 180:
                return la, lo
        point = next((o for o in desc.values(vocab.GEORSS_POINT) if isinstance(o, ox.Literal)), None)
        if point is not None:
            la, lo = (float(x) for x in point.value.split()[:2])
            if -90 <= la <= 90 and -180 <= lo <= 180:
                return la, lo
    except ValueError:
        return None
    return None
