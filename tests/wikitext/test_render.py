"""The plain-text renderer on real leads: each expected text was written by reading the page's wikitext.

Where a case needs a construct no page in ``../shared/data`` shows, a one-line hand-made snippet
is used and says what it imitates.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from tests.conftest import DUMPS

from wikikg.dump.editions import language_from_filename
from wikikg.dump.xml import DumpReader
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.render import to_plain_text


@cache
def leads(dump: str) -> dict[str, tuple[str, str]]:
    """title → (lead wikitext, language) for every article of a dump."""
    path = DUMPS / dump
    out = {}
    with DumpReader(path, lang=language_from_filename(Path(dump).name)) as reader:
        site = reader.siteinfo
        for page in reader:
            parsed = ParsedPage(page, site)
            if parsed.is_article:
                out[page.title] = (parsed.lead, site.lang)
    return out


def rendered(dump: str, title: str) -> str:
    lead, lang = leads(dump)[title]
    return to_plain_text(lead, lang=lang, title=title)


SAMPLE = "en/enwiki-2016-sample-206pages.xml.bz2"
BATTLES = "en/enwiki-2020-battles-546pages.xml.bz2"
MINI = "minidumps"

# (dump, title, a passage of the rendered lead, read by hand from the wikitext)
CASES: list[tuple[str, str, str]] = [
    # {{convert}}: the input unit spelt out, the conversion abbreviated and rounded as Module:Convert
    (SAMPLE, "Alabama", "1,300 miles (2,100 km)"),
    (SAMPLE, "Algeria", "2,381,741 square kilometres (919,595 sq mi)"),
    (SAMPLE, "Asphalt", "525 °C (977 °F)"),
    # abbr=on; a third positional number is a precision, not a unit
    (SAMPLE, "Amphibian", "a length of just 7.7 mm (0.30 in)."),
    (SAMPLE, "Amphibian", "The largest living amphibian is the 1.8 m (6 ft) Chinese giant salamander (Andrias davidianus)"),
    (SAMPLE, "Amphibian", "the extinct 9 m (30 ft) Prionosuchus from the middle Permian of Brazil."),
    # {{cvt}} = {{convert|…|abbr=on}}; {{frac}}
    (BATTLES, "Battle of the Mareth Line", "another 40 mi (64 km) back in Tunisia."),
    (BATTLES, "Battle of the Mareth Line", "since the Second Battle of El Alamein 4 1⁄2 months previously."),
    # {{nihongo}}, with lead=yes
    (BATTLES, "Battle of Midway", "The Battle of Midway (Japanese: ミッドウェー海戦, Hepburn: Middowē kaisen) was a "
                                  "significant naval battle in the Pacific Theater of World War II"),
    (BATTLES, "Battle of Vella Gulf", "The Battle of Vella Gulf (ベラ湾夜戦, Berawan yasen)"),
    # {{zh}}
    (BATTLES, "Second Sino-Japanese War", "The Second Sino-Japanese War was a military conflict"),
    # {{lang}}, {{cvt|…|0}}, {{nowrap}} holding a link with a trail
    (BATTLES, "Italian invasion of Egypt", "The Italian invasion of Egypt (Operazione E) was an offensive in the "
                                           "Second World War"),
    (BATTLES, "Italian invasion of Egypt", "The 10ª Armata advanced about 65 mi (105 km) into"),
    (BATTLES, "Italian invasion of Egypt", "The British lost 1,900 men killed and wounded during Compass and took "
                                           "133,298 Italian and Libyan prisoners, 420 tanks, over 845 guns and many "
                                           "aircraft."),
    # {{lang}} around bold inside italics ("Z" bold, "ahl" italic)
    (SAMPLE, "Atomic number", "comes from the German word Zahl meaning number/numeral/figure"),
    # ship-name templates, their last argument a bit mask (4 prefix, 2 name, 1 identifier); {{sclass-}}
    (BATTLES, "Battle of Sidi Barrani", "were easy targets for HMS Terror and two gunboats"),
    (BATTLES, "Battle of the Espero Convoy", "was sunk while covering the escape of Zeffiro and"),
    (BATTLES, "Battle of Christmas Island", "The United States Navy submarine Seawolf caused severe damage"),
    (BATTLES, "Battle of the Duisburg Convoy", "The Maestrale-class destroyer Libeccio"),
    # {{As of|2007}} at the start of a sentence
    ("en/enwiki-2019-slice-196pages.xml.bz2", "Kanal 5 (Denmark)", "As of 2007 Kanal 5 has bought the rights"),
    # pronunciations go with the brackets and labels that only framed them; {{lang-xx}} stays
    (SAMPLE, "American National Standards Institute",
     "The American National Standards Institute (ANSI) is a private non-profit organization that oversees the "
     "development of voluntary consensus standards for products, services, processes, systems, and personnel in "
     "the United States."),
    (SAMPLE, "Albania",
     "Albania (Albanian: Shqipëri/Shqipëria; Gheg Albanian: Shqipni/Shqipnia, Shqypni/Shqypnia), officially known "
     "as the Republic of Albania (Albanian: Republika e Shqipërisë), is a country in Southeastern Europe."),
    (SAMPLE, "Abraham Lincoln",
     "Abraham Lincoln (February 12, 1809 – April 15, 1865) was the 16th President of the United States, serving "
     "from March 1861 until his assassination in April 1865."),
    # {{OldStyleDate}}, &nbsp;, a pronunciation with a reference after it
    (SAMPLE, "Ayn Rand",
     "Ayn Rand (born Alisa Zinov'yevna Rosenbaum, Russian: Али́са Зино́вьевна Розенба́ум; February 2 [O.S. January 20] "
     "1905 – March 6, 1982) was a Russian-born American novelist, philosopher, playwright, and screenwriter."),
    # {{as of|…|lc=y}}
    (SAMPLE, "Autism", "are diagnosed with ASD as of 2014, a 30% increase from one in 88 in 2012."),
    # link trail: [[6th Canadian Infantry Brigade]]s
    (BATTLES, "Operation Atlantic", "an attack by the 4th and 6th Canadian Infantry Brigades of the 2nd Canadian"),
    # a file link whose caption holds links, right before the text (dewiki: [[Datei:…|mini|… [[Ludwig …]] …]])
    (f"{MINI}/dewiki.xml.bz2", "Arthur Schopenhauer", "Arthur Schopenhauer (* 22. Februar 1788 in Danzig;"),
    # itwiki {{Bio}} writes the first sentence; AttivitàAltre with {{sp}}
    ("multi/itwiki-2013-747pages.xml.gz", "Augusto Pinochet",
     "Augusto José Ramón Pinochet Ugarte (Valparaíso, 25 novembre 1915 – Santiago del Cile, 10 dicembre 2006) è "
     "stato un generale, politico e dittatore cileno."),
    ("multi/itwiki-2013-747pages.xml.gz", "Abbie Hoffman",
     'Abbot Hoffman detto "Abbie" (Worcester, 30 novembre 1936 – Solebury, 12 aprile 1989) è stato un attivista e '
     "politico statunitense, esponente della sinistra radicale degli Stati Uniti (New Left)"),
    # frwiki date templates and {{XXe siècle}}
    (f"{MINI}/frwiki.xml.bz2", "Antoine Meillet", "né le 11 novembre 1866 à Moulins (Allier) et mort le 21 septembre "
                                                  "1936 à Châteaumeillant (Cher)"),
    # zhwiki -{zh-hans:…; zh-hant:…}- inside a link label
    (f"{MINI}/zhwiki.xml.bz2", "柏林", "柏林也是德国十六个联邦州之一，和汉堡、不来梅同为德国僅有的三個城市州。"),
    # {{formatnum:}} in the edition's digit grouping (cebwiki: 3426354 → 3,426,354)
    (f"{MINI}/cebwiki.xml.bz2", "Berlin", "74 metros ibabaw sa dagat kahaboga ang nahimutangan sa Berlin, ug adunay "
                                          "3,426,354 ka molupyo."),
    # ukwiki {{lang-de}} → "нім.", &nbsp;— → " —"
    (f"{MINI}/ukwiki.xml.bz2", "Берлін", "Берлі́н (нім. Berlin) — столиця Федеративної Республіки Німеччина"),
    # an unclosed <nowiki> shows the tags after it as text, as MediaWiki does (mrwiki, Shirdi)
    ("truncated/mrwiki-20230501-truncated.xml.xz", "शिर्डी", "येथे विमानतळ हे आहे"),
]


@pytest.mark.parametrize(("dump", "title", "passage"), CASES, ids=[f"{t}-{i}" for i, (_, t, _) in enumerate(CASES)])
def test_rendered_lead_contains_passage(dump: str, title: str, passage: str) -> None:
    assert passage in rendered(dump, title)


def test_the_infobox_and_hatnotes_before_the_text_are_gone() -> None:
    text = rendered(BATTLES, "Battle of Attu")
    assert text.startswith("The Battle of Attu, which took place on 11–30 May 1943")
    # the infobox's values (commanders, strengths …) do not leak into the text
    assert "casualties" not in text and "Campaignbox" not in text and "killed or committed suicide" not in text


def test_every_thing_that_shows_no_text_is_removed() -> None:
    """Anarchism's lead: {{Redirect2}}, {{pp-move-indef}}, {{Use British English}}, {{Anarchism sidebar}},
    four <ref>s with external links inside, then prose."""
    text = rendered(SAMPLE, "Anarchism")
    assert text.startswith("Anarchism is a political philosophy that advocates self-governed societies based on "
                           "voluntary institutions. These are often described as stateless societies, although")
    assert "Kropotkin" not in text and "http" not in text


def test_categories_and_interlanguage_links_of_a_stub_show_nothing() -> None:
    # htwiki's Berlin is one sentence followed by category and interlanguage links
    lead, lang = leads(f"{MINI}/htwiki.xml.bz2")["Bèlen"]
    assert "[[" in lead
    assert to_plain_text(lead, lang=lang) == "Bèlen se kapital peyi Almay."


@pytest.mark.parametrize(
    ("wikitext", "lang", "expected"),
    [
        # imitates enwiki leads: {{IPAc-en}} for two accents, the debris DBpedia leaves as "(UK: , US: )"
        ("'''Leeds''' ({{small|UK:}} {{IPAc-en|l|iː|d|z}}, {{small|US:}} {{IPAc-en|l|i|d|z}}) is a city.",
         "en", "Leeds is a city."),
        # imitates an enwiki lead with {{IPA}} and {{audio}} in a bracket that also holds text
        ("'''Köln''' ({{lang-de|Köln}} {{IPA-de|kœln|}}; {{audio|De-Köln.ogg|listen}}) is a city.",
         "en", "Köln (German: Köln) is a city."),
        # imitates HTML entities and comments in prose
        ("A&nbsp;B &ndash; C<!-- hidden --> &amp; D", "en", "A B – C & D"),
        # imitates a table in the lead and __NOTOC__
        ("__NOTOC__\n{| class=wikitable\n| a || b\n|}\nText after.", "en", "Text after."),
        # imitates ''<nowiki/>' separating runs of apostrophes (bnwiki Burundi)
        ("''x''<nowiki/>'<nowiki/>'''y'''", "en", "x'y"),
        # imitates a link with spaces inside its brackets (Fandom: "She and[[ Evan Marks]] met")
        ("She and[[ Evan Marks]] met.", "en", "She and Evan Marks met."),
        # imitates Japanese text broken over lines: no space between the lines' characters
        ("東京は\n日本の首都である。", "ja", "東京は日本の首都である。"),
        # imitates {{circa}} as the battles' infoboxes use it
        ("{{circa|1,000}} killed", "en", "c. 1,000 killed"),
        # imitates a right-to-left lead opening with a direction mark
        ("\u200f'''برلین''' پایتخت آلمان است.\u200f", "fa", "برلین پایتخت آلمان است."),
    ],
)
def test_hand_made_snippets(wikitext: str, lang: str, expected: str) -> None:
    assert to_plain_text(wikitext, lang=lang) == expected


def test_bad_markup_never_raises() -> None:
    for text in ["{{unclosed", "[[broken|", "}}]]{{", "<ref>never closed", "{|\n| table never closed",
                 "'''''", "-{ unclosed", "<div class=\"thumb\">", "{{convert|x|y}}", "{{#if:}}", ""]:
        assert isinstance(to_plain_text(text, lang="zh"), str)
