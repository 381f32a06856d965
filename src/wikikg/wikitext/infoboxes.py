"""Which templates of a page are its infoboxes — the one rule for every extractor that reads them
(``infobox-properties``, the mappings' neighbours ``images``, ``homepages``, ``geo-coordinates``).

As DBpedia's ``InfoboxExtractor`` (extraction-framework, core/…/mappings/InfoboxExtractor.scala and
config/mappings/InfoboxExtractorConfig.scala): every template of an article, outside footnotes,
whose arguments are mostly named — at least ``MIN_PROPERTY_COUNT`` (2) named ones, more than
``MIN_RATIO_OF_EXPLICIT_PROPERTY_KEYS`` (75 %) of all non-empty ones — in any language, since
infoboxes have no common name (en ``Infobox …``, it ``Bio``, ru ``Государство``, ja ``基礎情報 …``).
Citation, language, pronunciation, quotation, maintenance, media and navigation templates are
skipped (DBpedia's ``ignoreTemplates`` and more, :data:`IGNORED_TEMPLATES`).  An infobox embedded
in another (``module = {{Infobox military person|embed=yes|…}}``) counts as an infobox of the page too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from wikikg.wikitext.scan import Param, Template

MIN_PROPERTY_COUNT = 2
MIN_RATIO_OF_EXPLICIT_PROPERTY_KEYS = 0.75

# DBpedia's InfoboxExtractorConfig.ignoreTemplates / ignoreTemplatesRegex, matched case-insensitively
# (DBpedia lower-cases the name first, so its "IPA-.*" never matched; here it does), and the
# families of non-infobox templates with named arguments found in the test dumps of en, it, ru,
# uk, ja: citations and footnotes in every language, quotations, media and maps, maintenance
# banners, hatnotes, sister-project boxes, collapsible boxes and table styles.
IGNORED_TEMPLATES = re.compile(
    r"^(?:redirect|see ?also|see_also|main|cquote|chess diagram|ipa|lang|تحويل|zh|"
    r"cite.*|citation.*|assessment.*|zh-.*|llang.*|ipa-.*|ipac-.*|lang-.*|audio.*|respell|"
    r"cita(?: .*|web|libro|news)?|citar.*|cytuj.*|citace.*|lien .*|ouvrage|article|литература|книга|статья|"
    r"публикация|стаття|internetquelle|literatur|webarchiv|webarchive|wayback|dead link|london gazette|cwgc|"
    r"harv.*|sfn.*|efn.*|refn|ref label|reflist|notelist|references|примечания|примітки|"
    r"quote|quote box|quotation|blockquote|rquote|pull quote|epigraph|цитата|"
    r"multiple image|image frame|imageframe|external ?image|listen|gallery|photomontage|"
    r"location map.*|osm location map|maplink.*|mapframe|"
    r"youtube|imdb .*|internet archive .*|allmusic|"
    r"citation needed|cn|clarify|dubious|better source|inconsistent|cleanup.*|multiple issues|"
    r"use .* dates|use .* english|refimprove|unreferenced|more citations needed|fact|"
    r"subject bar|portal.*|portale|sister project.*|commons.*|interprogetto|autres projets|"
    r"nota disambigua|nota|cassetto|prettytable|navbox.*|sidebar.*|campaignbox.*|coord.*|bar box|bar chart|"
    r"graph:.*|chart|pie chart|"
    r"short description|good article|featured article|pp-.*|defaultsort|clear|clr)$",
    re.I,
)
# Parameters of citation templates (en Template:Citation Style 1, ru/uk Шаблон:Книга, Шаблон:Статья,
# de Vorlage:Literatur, fr Modèle:Ouvrage, it Template:Cita libro): a template whose named
# arguments are mostly these cites a work.
CITATION_KEYS = frozenset({
    "title", "url", "author", "last", "first", "year", "date", "pages", "page", "isbn", "issn", "publisher",
    "journal", "volume", "issue", "doi", "accessdate", "access-date", "archiveurl", "archive-url", "location",
    "editor", "work", "chapter", "edition", "language", "lang",
    "автор", "заглавие", "ссылка", "издательство", "год", "страницы", "страниц", "место", "том", "выпуск",
    "назва", "посилання", "видавництво", "рік", "сторінки", "сторінок", "частина", "місто",
    "titel", "autor", "verlag", "jahr", "seiten", "ort", "titre", "auteur", "éditeur", "année", "lieu",
    "titolo", "editore", "anno", "pagine", "città",
})
# Infoboxes embedded in another infobox's parameter (names of infobox families, every edition).
_INFOBOX_NAME = re.compile(r"^(?:infobox|info/|infoboks|ficha|bio$|карточка|картка|基礎情報|taxobox|"
                           r"speciesbox|chembox|drugbox|geobox)", re.I)
# DBpedia's InfoboxExtractorConfig.ignoreProperties: parameters that name pictures.
IGNORED_PROPERTIES: dict[str, frozenset[str]] = {
    "en": frozenset({"image", "image_photo", "map"}),
    "am": frozenset({"ምስል", "ፎቶ", "ስዕል", "ካርታ", "አርማ"}),
    "ar": frozenset({"صورة"}),
    "id": frozenset({"foto", "gambar"}),
    "el": frozenset({"εικόνα", "εικονα", "χάρτης"}),
    "eo": frozenset({"dosiero"}),
    "pt": frozenset({"imagem", "foto", "mapa"}),
}


def explicit(p: Param) -> bool:
    """A named argument (``key=…``), not a positional one."""
    return not p.key.strip().isdigit()


def is_infobox(t: Template, ignored_properties: frozenset[str]) -> bool:
    """DBpedia's test: enough explicitly named arguments, and mostly named ones; and not a
    citation (most of its named arguments those of :data:`CITATION_KEYS`)."""
    if t.is_parser_function or IGNORED_TEMPLATES.match(_fold(t.name)):
        return False
    # empty positional arguments ("||key=…", a stray "|" at a line's end) are slips of the pen,
    # not arguments: DBpedia counts them and loses such infoboxes
    params = [p for p in t.params if p.key.strip().lower() not in ignored_properties
              and (explicit(p) or p.value.strip())]
    if not params:
        return False
    named = [p for p in params if explicit(p)]
    if len(named) < MIN_PROPERTY_COUNT or len(named) / len(params) <= MIN_RATIO_OF_EXPLICIT_PROPERTY_KEYS:
        return False
    if not _INFOBOX_NAME.match(t.name):
        # a citation of a work under a name no list knows ({{УМЕ13|сторінки=…}})
        cited = sum(1 for p in named if p.key.strip().lower() in CITATION_KEYS)
        if cited * 2 >= len(named):
            return False
    return True


def find_infoboxes(templates: Iterable[Template], text: str, in_ref: Callable[[int], bool],
                   ignored_properties: frozenset[str] = frozenset()) -> list[Template]:
    """The infoboxes among a page's ``templates`` (in document order, with their depth), in
    document order: top-level ones outside footnotes (``in_ref``), and those embedded as the whole
    value of an infobox's parameter.  :attr:`wikikg.wikitext.parsed.ParsedPage.infoboxes` is this
    for a page, with its edition's :data:`IGNORED_PROPERTIES`.

    >>> from wikikg.wikitext.scan import Scan
    >>> text = "{{Infobox person|name=Ada|birth_date=1815}} {{cite web|title=T|url=http://x}}"
    >>> [t.name for t in find_infoboxes(Scan.of(text).templates, text, lambda offset: False)]
    ['Infobox person']
    """
    found: list[Template] = []
    parent: Template | None = None
    for t in templates:
        if t.depth == 0:
            # cheap tests first: an infobox has at least two "=" and a name that is not ignored
            if text.count("=", t.start, t.end) < MIN_PROPERTY_COUNT or IGNORED_TEMPLATES.match(_fold(t.name)):
                continue
            if not in_ref(t.start) and is_infobox(t, ignored_properties):
                parent = t
                found.append(t)
        elif t.depth == 1 and parent is not None and parent.start < t.start < parent.end \
                and (_INFOBOX_NAME.match(t.name) or _embedded(t)) and is_infobox(t, ignored_properties):
            found.append(t)
    return found


def _embedded(t: Template) -> bool:
    """``{{Designation list|embed=yes|…}}``: a template made to sit inside an infobox."""
    return (t.get("embed") or "").strip().lower() in ("yes", "y", "true", "1")


def _fold(name: str) -> str:
    """The comparison key of a template name (as :func:`wikikg.values.templates.fold`)."""
    return " ".join(name.replace("_", " ").split()).casefold()
