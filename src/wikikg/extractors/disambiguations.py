"""``dbo:wikiPageDisambiguates``: from a disambiguation page to each article it lists.

A page is a disambiguation page when it transcludes one of its edition's disambiguation templates
(the list each wiki keeps at ``MediaWiki:Disambiguationspage``; DBpedia's
``disambiguations`` configuration) or, in English, its title ends in ``(disambiguation)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from wikikg.extractors.base import BaseExtractor
from wikikg.extractors.registry import register
from wikikg.rdf import datasets as ds
from wikikg.rdf import vocab as v
from wikikg.rdf.terms import Statement
from wikikg.wikitext.parsed import ParsedPage

# Source: each edition's MediaWiki:Disambiguationspage (templates listed there and their common redirects).
DISAMBIGUATION_TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": ("Disambiguation", "Disambig", "Dab", "Disamb", "DAB", "Disambiguation page", "Hndis",
           "Human name disambiguation", "Geodis", "Place name disambiguation", "Mathdab",
           "Math disambiguation", "Numberdis", "Number disambiguation", "Letter-NumberCombDisambig",
           "Letter-Number Combination Disambiguation", "Hospitaldis", "Hospital disambiguation",
           "Schooldis", "School disambiguation", "Airport disambiguation", "Road disambiguation",
           "Species Latin name disambiguation", "Genus disambiguation", "Chinese title disambiguation",
           "Caselaw disambiguation", "Call sign disambiguation", "Church disambiguation"),
    "simple": ("Disambiguation", "Disambig", "Dab"),
    "de": ("Begriffsklärung",),
    "fr": ("Homonymie", "Patronymie", "Toponymie", "Bandeau homonymie"),
    "it": ("Disambigua", "Disambiguazione"),
    "es": ("Desambiguación", "Desambig", "Des"),
    "pt": ("Desambiguação", "Dablink", "Disambig"),
    "nl": ("Dp", "Dpintro", "Dp-naam"),
    "ru": ("Неоднозначность", "Многозначность", "Disambig"),
    "uk": ("Неоднозначність", "Багатозначність", "Disambig"),
    "pl": ("Ujednoznacznienie", "Disambig"),
    "sv": ("Förgrening", "Gren", "Robotskapad förgrening"),
    "ja": ("Aimai", "曖昧さ回避", "人名の曖昧さ回避", "地名の曖昧さ回避"),
    "zh": ("Disambig", "消歧义", "消歧義", "Dab"),
    "cs": ("Rozcestník",),
    "ar": ("توضيح",),
    "fa": ("ابهام‌زدایی", "ابهام زدایی"),
    "he": ("פירושונים",),
    "ko": ("동음이의", "동음이의어 문서", "Disambig"),
    "tr": ("Anlam ayrımı",),
    "fi": ("Täsmennyssivu",),
    "hu": ("Egyért",),
    "no": ("Peker", "Flertydig"),
    "da": ("Flertydig",),
    "ca": ("Desambiguació",),
    "el": ("Αποσαφήνιση",),
    "id": ("Disambig",),
    "vi": ("Trang định hướng", "Định hướng"),
    "hy": ("Բազմիմաստություն",),
    "bn": ("দ্ব্যর্থতা নিরসন",),
    "eu": ("Argipen",),
    "gl": ("Homónimos",),
    "bg": ("Пояснение",),
    "sk": ("Rozlišovacia stránka",),
    "ro": ("Dezambiguizare",),
    "hr": ("Razdvojba",),
    "sr": ("Вишезначна одредница",),
    "lt": ("Nuorodinis",),
    "et": ("Täpsustuslehekülg",),
}
_SUFFIX = {"en": " (disambiguation)", "simple": " (disambiguation)", "fr": " (homonymie)",
           "it": " (disambigua)", "es": " (desambiguación)", "pt": " (desambiguação)",
           "de": " (Begriffsklärung)"}


def is_disambiguation(page: ParsedPage) -> bool:
    """Whether the page is a disambiguation page of its edition."""
    if page.title.name.endswith(_SUFFIX.get(page.lang, "\0")):
        return True
    names = DISAMBIGUATION_TEMPLATES.get(page.lang, ()) + DISAMBIGUATION_TEMPLATES["en"][:3]
    return next(page.templates_named(*names), None) is not None


@register
class DisambiguationsExtractor(BaseExtractor, name="disambiguations", datasets=(ds.DISAMBIGUATIONS,)):
    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not page.is_article or not is_disambiguation(page):
            return
        subject = self.ctx.resource_of(page)
        for title in page.article_links:
            if title.name != page.title.name:
                yield Statement(ds.DISAMBIGUATIONS, subject, v.DBO_WIKI_PAGE_DISAMBIGUATES,
                                self.ctx.resource(title))
