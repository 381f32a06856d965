"""``infobox-properties`` on real pages: the battles dump, itwiki's ``{{Bio}}``, ruwiki's ``{{Государство}}``.

Expected values are read by hand from each page's wikitext (quoted in the comments), or counted
in the raw XML with plain regular expressions — never taken from the extractor's output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import DUMPS
from tests.helpers import raw_dump_text

from wikikg.dump.xml import DumpReader
from wikikg.extractors.base import ExtractionContext, Metrics, statements_of
from wikikg.extractors.infobox import (
    INFOBOX_PROPERTIES,
    INFOBOX_PROPERTY_DEFINITIONS,
    InfoboxExtractor,
    property_label,
    property_name,
)
from wikikg.extractors.registry import select
from wikikg.rdf import vocab
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import IRI, Literal, Statement
from wikikg.values import ValueParser
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Scan

BATTLES = DUMPS / "en" / "enwiki-2020-battles-546pages.xml.bz2"
ITWIKI = DUMPS / "multi" / "itwiki-2013-747pages.xml.gz"
RUWIKI = DUMPS / "multi" / "ruwiki-2019-2pages.xml.bz2"
SLICE = DUMPS / "en" / "enwiki-2019-slice-196pages.xml.bz2"

XSD = "http://www.w3.org/2001/XMLSchema#"
DBR = "http://dbpedia.org/resource/"
DBP = "http://dbpedia.org/property/"


@dataclass
class Extraction:
    """The extractor's output over one dump, by page title."""

    lang: str
    pages: dict[str, list[Statement]] = field(default_factory=dict)
    parsed: dict[str, ParsedPage] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)

    def values(self, title: str, prop: str) -> list[IRI | Literal]:
        ns = DBP if self.lang == "en" else f"http://{self.lang}.dbpedia.org/property/"
        return [s.object for s in self.pages.get(title, []) if s.dataset == INFOBOX_PROPERTIES
                and s.predicate == ns + prop]

    def shown(self, title: str, prop: str) -> list[str]:
        """Values as "iri" or "lexical^^xsd:type" / "lexical@lang", in order."""
        out = []
        for v in self.values(title, prop):
            if isinstance(v, str):
                out.append(v)
            elif v.lang:
                out.append(f"{v.lexical}@{v.lang}")
            else:
                out.append(f"{v.lexical}^^{(v.datatype or '').replace(XSD, 'xsd:')}")
        return out


def _extract(path: Path, lang: str) -> Extraction:
    out = Extraction(lang)
    with DumpReader(path, lang=lang) as reader:
        site = reader.siteinfo
        ctx = ExtractionContext(lang, site, IriMinter(lang), metrics=out.metrics)
        extractor = InfoboxExtractor(ctx)
        pages = [ParsedPage(p, site, lang) for p in reader]
    for p in pages:
        out.pages[p.page.title] = statements_of(extractor, p)
    out.parsed = {p.page.title: p for p in pages}
    return out


@pytest.fixture(scope="module")
def battles() -> Extraction:
    return _extract(BATTLES, "en")


@pytest.fixture(scope="module")
def itwiki() -> Extraction:
    return _extract(ITWIKI, "it")


@pytest.fixture(scope="module")
def ruwiki() -> Extraction:
    return _extract(RUWIKI, "ru")


def r(*titles: str, lang: str = "en") -> list[str]:
    base = DBR if lang == "en" else f"http://{lang}.dbpedia.org/resource/"
    return [base + t.replace(" ", "_") for t in titles]


# ---- the extractor ------------------------------------------------------------------------------
def test_registered_by_name_and_group() -> None:
    assert [c.name for c in select(["infobox"])] == ["infobox-properties"]
    assert INFOBOX_PROPERTIES.filename("en") == "infobox-properties_lang=en.nt.gz"
    assert INFOBOX_PROPERTY_DEFINITIONS.filename("ru") == "infobox-property-definitions_lang=ru.nt.gz"


@pytest.mark.parametrize(("key", "name", "label"), [
    ("birth_date", "birthDate", "birth date"),
    ("combatant1", "combatant", "combatant"),
    ("units 1", "units", "units"),
    ("Territorial Changes", "territorialChanges", "territorial changes"),
    ("image size", "imageSize", "image size"),
    ("AnnoNascita", "annonascita", "annonascita"),  # DBpedia lower-cases the whole key first
    ("Должность руководителя 1", "должностьРуководителя", "должность руководителя"),
    ("designation1_date", "designation1Date", "designation1 date"),
    ("12", "", ""),
])
def test_property_names_as_dbpedia_makes_them(key: str, name: str, label: str) -> None:
    assert property_name(key) == name
    assert property_label(key) == label


# ---- battles: every page with the infobox ---------------------------------------------------------
def _raw_infobox_pages(raw: str) -> set[str]:
    """Titles of main-namespace pages whose text calls {{Infobox military conflict}} or its redirect
    {{Warbox}} (regex on the XML)."""
    found = set()
    for m in re.finditer(r"<page>(.*?)</page>", raw, re.S):
        body = m.group(1)
        title = re.search(r"<title>([^<]*)</title>", body).group(1)  # type: ignore[union-attr]
        ns = re.search(r"<ns>(\d+)</ns>", body)
        if (ns is None or ns.group(1) == "0") and "<redirect" not in body and \
                re.search(r"\{\{\s*(?:[Ii]nfobox[ _]military[ _]conflict|[Ww]arbox)\s*(?:[|\n]|&lt;!--)", body):
            found.add(title.replace("&amp;", "&").replace("&quot;", '"').replace("&#039;", "'"))
    return found


def test_every_military_conflict_infobox_is_found(battles: Extraction) -> None:
    expected = _raw_infobox_pages(raw_dump_text(BATTLES))
    assert len(expected) >= 455  # the data's README: 459 pages with the infobox
    with_conflict = {t for t in battles.pages if battles.values(t, "conflict") or battles.values(t, "date")}
    assert with_conflict == expected


def _param_filled(source: str, key: str) -> bool:
    """Whether the infobox's source gives ``key`` a value (up to the next "|name=" or line opening with "|")."""
    m = re.search(rf"\|[ \t]*{key}[ \t]*=(.*?)(?=\n[ \t]*\||\|[ \t]*[\w ]+[ \t]*=|\n\}}\}}|$)", source, re.S)
    value = re.sub(r"<!--.*?-->|<ref[^>]*/>|<ref.*?</ref>|\{\{[Cc]ampaignbox[^}]*\}\}", "", m.group(1), flags=re.S) if m else ""
    return bool(re.search(r"[^\W_]", value))  # "?", "-" say nothing


def test_core_parameters_come_out_typed_on_every_page(battles: Extraction) -> None:
    """Each page gives its combatants, commanders, dates, place and result; dates are dates and
    combatants resources on nearly all pages (the rest say something else in words)."""
    typed_dates = resource_combatants = pages = 0
    for title, parsed in battles.parsed.items():
        if not battles.values(title, "conflict") and not battles.values(title, "date"):
            continue
        pages += 1
        box = next(t for t in parsed.infoboxes if t.name.lower() in ("infobox military conflict", "warbox"))
        source = parsed.text[box.start:box.end]
        for key, prop in [("combatant1", "combatant"), ("commander1", "commander"), ("date", "date"),
                          ("place", "place"), ("result", "result"), ("strength1", "strength"),
                          ("casualties1", "casualties")]:
            if _param_filled(source, key):
                assert battles.values(title, prop), f"{title}: {key} gave nothing"
        if any(isinstance(v, Literal) and v.datatype in (XSD + "date", XSD + "gYearMonth", XSD + "gYear")
               for v in battles.values(title, "date")):
            typed_dates += 1
        if any(isinstance(v, str) for v in battles.values(title, "combatant")):
            resource_combatants += 1
    assert pages >= 455
    assert typed_dates / pages > 0.93
    assert resource_combatants / pages > 0.95


# ---- battles: pages read by hand ---------------------------------------------------------------
def test_battle_of_bardia(battles: Extraction) -> None:
    t = "Battle of Bardia"
    # | date = 3–5 January 1941   | place = [[Bardia]], [[Italian Libya|Libya]]
    assert battles.shown(t, "date") == ["1941-01-03^^xsd:date", "1941-01-05^^xsd:date"]
    assert battles.shown(t, "place") == r("Bardia", "Italian Libya")
    assert battles.shown(t, "partof") == r("Operation Compass")
    assert battles.shown(t, "result") == ["Allied victory@en"]
    # | combatant1 = {{Plainlist|* {{flag|Australia}} * {{flag|United Kingdom}}}}
    assert battles.shown(t, "combatant") == r("Australia", "United Kingdom", "Kingdom of Italy")
    assert battles.shown(t, "commander") == r("Iven Mackay", "Annibale Bergonzoli")
    # | strength1 = 16,000<ref>…</ref>   | strength2 = 45,000<ref …>
    assert battles.shown(t, "strength") == ["16000^^xsd:integer", "45000^^xsd:integer"]
    assert battles.shown(t, "casualties")[:2] == ["130 killed@en", "326 wounded@en"]
    assert "400+ guns@en" in battles.shown(t, "casualties")
    # | coordinates = {{coord|31|46|N|25|06|E|display=INLINE,title}}
    [point] = battles.values(t, "coordinates")
    assert isinstance(point, Literal) and point.datatype.endswith("#wktLiteral")  # type: ignore[union-attr]
    lon, lat = (float(x) for x in re.findall(r"[-\d.]+", point.lexical))
    assert (lat, lon) == pytest.approx((31 + 46 / 60, 25.1))
    # | image = … is left out (DBpedia's ignoreProperties), | territory = is empty
    assert not battles.values(t, "image") and not battles.values(t, "territory")
    assert not battles.values(t, "campaignbox")  # navboxes show no value
    assert battles.shown(t, "imageSize") == ["300^^xsd:integer"]  # |image_size   = 300px


def test_battle_of_cape_matapan(battles: Extraction) -> None:
    t = "Battle of Cape Matapan"
    assert battles.shown(t, "date") == ["1941-03-27^^xsd:date", "1941-03-29^^xsd:date"]
    # | place = Off [[Cape Matapan]], [[Mediterranean Sea]]: words and links, a string
    assert battles.shown(t, "place") == ["Off Cape Matapan, Mediterranean Sea@en"]
    assert battles.shown(t, "result") == ["Decisive Allied victory@en"]
    assert battles.shown(t, "combatant") == r("United Kingdom", "Australia", "Kingdom of Italy")
    assert battles.shown(t, "commander") == r("Andrew Cunningham, 1st Viscount Cunningham of Hyndhope", "Angelo Iachino")
    # both sides had "17 destroyers": one triple (RDF is a set)
    assert battles.shown(t, "strength") == [
        "1 aircraft carrier@en", "3 battleships@en", "7 light cruisers@en", "17 destroyers@en",
        "1 battleship@en", "6 heavy cruisers@en", "2 light cruisers@en"]
    assert battles.shown(t, "imageSize") == ["300^^xsd:integer"]
    assert battles.shown(t, "partof") == ["the Battle of the Mediterranean@en"]


def test_battle_of_midway(battles: Extraction) -> None:
    t = "Battle of Midway"
    assert battles.shown(t, "date") == ["1942-06-04^^xsd:date", "1942-06-07^^xsd:date"]
    assert battles.shown(t, "place") == r("Midway Atoll")
    # | result = <!-- Do not add "decisive" … --> American victory
    assert battles.shown(t, "result") == ["American victory@en"]
    assert battles.shown(t, "combatant") == r("United States", "Empire of Japan")
    # commander2: … [[Tamon Yamaguchi]]{{KIA}} — the mark is decoration
    assert battles.shown(t, "commander") == r(
        "Chester W. Nimitz", "Frank Jack Fletcher", "Raymond A. Spruance", "Isoroku Yamamoto", "Nobutake Kondō",
        "Chūichi Nagumo", "Tamon Yamaguchi")
    assert "350 aircraft@en" in battles.shown(t, "strength")
    assert "3,057 killed@en" in battles.shown(t, "casualties")


def test_battle_of_crete(battles: Extraction) -> None:
    t = "Battle of Crete"
    # | date = 20 May – 1 June 1941 (13 days)
    assert battles.shown(t, "date") == ["1941-05-20^^xsd:date", "1941-06-01^^xsd:date"]
    assert battles.shown(t, "place") == r("Crete", "Greece")
    assert battles.shown(t, "result") == ["Axis victory@en"]
    assert battles.shown(t, "combatant") == r("United Kingdom", "Kingdom of Greece", "Dominion of New Zealand",
                                              "Australia", "Nazi Germany", "Kingdom of Italy")
    assert battles.shown(t, "commander") == r("Bernard Freyberg, 1st Baron Freyberg", "Kurt Student",
                                              "Walter Koch (Fallschirmjäger)")
    assert "Over 500 Greek civilians executed by Axis soldiers@en" in battles.shown(t, "casualties")
    assert "12,254 POW@en" in battles.shown(t, "casualties")


def test_battle_of_iwo_jima(battles: Extraction) -> None:
    t = "Battle of Iwo Jima"
    # | date = February 19 – March 26, 1945<br />({{Age in years, months, weeks and days|…}})
    assert battles.shown(t, "date")[:2] == ["1945-02-19^^xsd:date", "1945-03-26^^xsd:date"]
    assert battles.shown(t, "place") == r("Iwo Jima", "Volcano Islands", "Japanese Empire")
    # | commander1 = U.S. Navy:<br />[[Chester W. Nimitz]]<br />…  — "U.S. Navy:" heads the list
    commanders = battles.shown(t, "commander")
    assert commanders[:2] == r("Chester W. Nimitz", "Raymond A. Spruance")
    assert r("Tadamichi Kuribayashi")[0] in commanders
    assert not [c for c in commanders if c.endswith(":@en")]
    assert battles.shown(t, "mapSize") == ["290^^xsd:integer"]
    assert battles.shown(t, "casualties")[:2] == ["26,040 total casualties@en", "6,821 killed@en"]


def test_soviet_invasion_of_poland(battles: Extraction) -> None:
    t = "Soviet invasion of Poland"
    assert battles.shown(t, "date") == ["1939-09-17^^xsd:date", "1939-10-06^^xsd:date"]
    assert battles.shown(t, "place") == r("Second Polish Republic")
    assert battles.shown(t, "territory") == ["Territory of Eastern Poland (Kresy) annexed by the Soviet Union@en"]
    # commander2 = {{Unbulleted list |[[Mikhail Kovalyov]] |(Belarusian Front)|item4_style=… |[[Semyon Timoshenko]] …}}
    assert battles.shown(t, "commander") == [*r("Edward Rydz-Śmigły", "Marshal of Poland", "Mikhail Kovalyov"),
                                             "Belarusian Front@en", *r("Semyon Timoshenko"), "Ukrainian Front@en"]
    # |coordinates = |latitude = |longitude = : empty parameters give nothing
    for empty in ("coordinates", "latitude", "longitude", "mapType", "units", "notes"):
        assert not battles.values(t, empty), empty


def test_battle_of_taranto(battles: Extraction) -> None:
    t = "Battle of Taranto"
    assert battles.shown(t, "date") == ["1940-11-11^^xsd:date", "1940-11-12^^xsd:date"]
    assert battles.shown(t, "place") == ["Taranto, Italy@en"]
    # | result = {{ubl|Decisive British victory<ref>{{cite book|…}}</ref>}}
    assert battles.shown(t, "result") == ["Decisive British victory@en"]
    # | combatant1 = {{flagcountry|UKGBI}} — the flag template's alias of the United Kingdom of 1801–1922
    assert battles.shown(t, "combatant") == r("United Kingdom of Great Britain and Ireland", "Kingdom of Italy")
    assert battles.shown(t, "strength")[:5] == ["1 aircraft carrier@en", "2 heavy cruisers@en", "2 light cruisers@en",
                                                "5 destroyers@en", "21 torpedo bombers@en"]
    [point] = battles.values(t, "coordinates")
    lon, lat = (float(x) for x in re.findall(r"[-\d.]+", point.lexical))  # type: ignore[union-attr]
    assert (lat, lon) == pytest.approx((40 + 27 / 60 + 4 / 3600, 17 + 12 / 60 + 27 / 3600))


def test_battle_of_gazala(battles: Extraction) -> None:
    t = "Battle of Gazala"
    assert battles.shown(t, "date") == ["1942-05-26^^xsd:date", "1942-06-21^^xsd:date"]
    # | place = [[Gazala]], near [[Tobruk]], [[Libya]]
    assert battles.shown(t, "place") == ["Gazala, near Tobruk, Libya@en"]
    assert battles.shown(t, "combatant") == r("Kingdom of Italy", "Nazi Germany", "United Kingdom", "British India",
                                              "Union of South Africa", "Free French Forces", "United States")
    assert battles.shown(t, "units") == r("Deutsches Afrika Korps", "XX Motorised Corps (Italy)",
                                          "Eighth Army (United Kingdom)")
    assert battles.shown(t, "strength")[1:3] == ["560 tanks (228 Italian)@en", "542 aircraft@en"]
    assert battles.shown(t, "notes") == ["Many damaged tanks were returned to action by both sides.@en"]


def test_warsaw_uprising(battles: Extraction) -> None:
    t = "Warsaw Uprising"
    # | date = 1 August – 2 October 1944<br> (63 days)
    assert battles.shown(t, "date")[:2] == ["1944-08-01^^xsd:date", "1944-10-02^^xsd:date"]
    assert battles.shown(t, "place") == r("Warsaw", "Poland")
    combatants = battles.shown(t, "combatant")
    # {{flagicon image|Flaga PPP.svg}} [[Polish Underground State]] … {{clist|title='''Supported by:'''|{{flag|United Kingdom}}…}}
    for expected in r("Polish Underground State", "Polish Home Army", "United Kingdom", "United States",
                      "Union of South Africa", "Soviet Union", "Nazi Germany", "General Government"):
        assert expected in combatants
    assert r("Walter Model", "Nikolaus von Vormann")[1] in battles.shown(t, "commander")


def test_battle_of_kursk(battles: Extraction) -> None:
    t = "Battle of Kursk"
    # |date ={{start date|df=yes|1943|7|5}}&nbsp;– {{End date|df=yes|1943|8|23}}
    assert battles.shown(t, "date")[:2] == ["1943-07-05^^xsd:date", "1943-08-23^^xsd:date"]
    assert battles.shown(t, "place") == r("Kursk", "Kursk Oblast", "Russian SFSR", "Soviet Union")
    assert battles.shown(t, "combatant") == r("Nazi Germany", "Soviet Union")
    assert battles.shown(t, "commander")[:7] == r("Erich von Manstein", "Günther von Kluge", "Hermann Hoth", "Werner Kempf",
                                                  "Walter Model", "Otto Dessloch", "Robert Ritter von Greim")
    # territory: "…along a {{convert|2000|km|mi|abbr=on}} wide front…" rendered as a reader sees it
    assert battles.shown(t, "territory") == ["Soviets regain territory along a 2,000 km (1,200 mi) wide front "
                                             "after the battle@en"]


def test_battle_of_berlin(battles: Extraction) -> None:
    t = "Battle of Berlin"
    assert battles.shown(t, "date") == ["1945-04-16^^xsd:date", "1945-05-02^^xsd:date"]
    assert battles.shown(t, "place") == r("Berlin", "Nazi Germany")
    # combatant1 = {{unbulleted list | '''{{flag|Soviet Union|1936}}''' | {{flagdeco|Poland|1928}} [[Polish Armed Forces in the East|Poland]]}}
    assert battles.shown(t, "combatant") == r("Soviet Union", "Polish Armed Forces in the East", "Nazi Germany")
    commanders = battles.shown(t, "commander")
    for name in ("Joseph Stalin", "Georgy Zhukov", "Konstantin Rokossovsky", "Ivan Konev", "Adolf Hitler",
                 "Helmuth Weidling", "Rudolf Sieckenius"):
        assert r(name)[0] in commanders
    assert battles.shown(t, "result")[:3] == [
        "Soviet victory@en", "Suicide of Adolf Hitler and deaths of other high-ranking Nazi officials@en",
        "Unconditional surrender of the Berlin city garrison on 2 May@en"]
    assert "End of World War II in Europe and the end of Nazi Germany@en" in battles.shown(t, "result")


# ---- battles: nothing DBpedia gets wrong ----------------------------------------------------------
def test_no_empty_no_markup_no_list_markers(battles: Extraction) -> None:
    strings = [s.object for st in battles.pages.values() for s in st
               if s.dataset == INFOBOX_PROPERTIES and isinstance(s.object, Literal) and s.object.lang]
    assert len(strings) > 5000
    for lit in strings:
        text = lit.lexical
        assert text.strip() == text and text, repr(text)
        assert not re.search(r"\[\[|\]\]|\{\{|\}\}|<ref|'''|__", text), text
        assert not text.startswith(("*", "#", ";", ":")), text


def test_no_word_glued_to_a_former_link(battles: Extraction) -> None:
    """Every link label of an item that became a string stands in it as whole words ("theAfghan
    Civil WarinJammu" is the fault this guards against); links with a trail ("[[Japan]]ese") are
    glued on purpose."""
    checked = 0
    parser = ValueParser("en")
    for title, parsed in battles.parsed.items():
        for box in parsed.infoboxes:
            for p in box.params:
                for item in parser.parse(p.value, key=p.key):
                    if item.kind != "string":
                        continue
                    text = item.values[0].lexical  # type: ignore[union-attr]
                    for link in Scan.of(item.wikitext).links:
                        label = (link.parts[-1] if link.parts else link.target).strip()
                        if link.trail or not label or re.search(r"[\[\]{}<>'|=]", label) or label not in text:
                            continue
                        checked += 1
                        assert re.search(rf"(?<![^\W_]){re.escape(label)}(?![^\W_])", text), (title, label, text)
    assert checked > 1000


def test_dates_are_never_year_one(battles: Extraction, itwiki: Extraction) -> None:
    for ex in (battles, itwiki):
        for statements in ex.pages.values():
            for s in statements:
                if isinstance(s.object, Literal) and s.object.datatype and "date" in s.object.datatype.lower():
                    assert not s.object.lexical.startswith("0001"), s


def test_property_definitions(battles: Extraction) -> None:
    statements = battles.pages["Battle of Bardia"]
    used = {s.predicate for s in statements if s.dataset == INFOBOX_PROPERTIES}
    defs = [s for s in statements if s.dataset == INFOBOX_PROPERTY_DEFINITIONS]
    assert {s.subject for s in defs if s.predicate == vocab.RDF_TYPE and s.object == vocab.RDF_PROPERTY} == used
    labels = {s.subject: s.object for s in defs if s.predicate == vocab.RDFS_LABEL}
    assert labels[IRI(DBP + "combatant")] == Literal("combatant", None, "en")
    assert labels[IRI(DBP + "imageSize")] == Literal("image size", None, "en")
    assert len(defs) == 2 * len(used)


def test_citations_and_other_templates_are_not_infoboxes(battles: Extraction) -> None:
    props = {s.predicate for st in battles.pages.values() for s in st if s.dataset == INFOBOX_PROPERTIES}
    for leaked in ("accessdate", "accessDate", "archiveurl", "publisher", "isbn", "quote", "align",
                   "pushpinMapCaption"):
        assert IRI(DBP + leaked) not in props, leaked


def test_quality_metrics(battles: Extraction) -> None:
    counts = battles.metrics.counts
    typed = counts[("infobox", "Infobox military conflict", "date", "typed")]
    strings = counts[("infobox", "Infobox military conflict", "date", "string")]
    assert typed > 400 and strings < typed / 5
    assert counts[("infobox", "Infobox military conflict", "combatant1", "typed")] > 400
    assert counts[("infobox-shapes", "9 a")] > 100  # "16 killed", "3 battleships" …
    assert all(len(k[1]) <= 40 for k in counts if k[0] == "infobox-shapes")


# ---- itwiki {{Bio}} ----------------------------------------------------------------------------
def test_bio_benoit_mandelbrot(itwiki: Extraction) -> None:
    t = "Benoît Mandelbrot"
    # |Nome = Benoît |Cognome = Mandelbrot |Sesso = M |LuogoNascita = Varsavia |GiornoMeseNascita = 20 novembre
    # |AnnoNascita = 1924 |LuogoMorte = Cambridge |GiornoMeseMorte = 14 ottobre |AnnoMorte = 2010
    assert itwiki.shown(t, "nome") == ["Benoît@it"]
    assert itwiki.shown(t, "cognome") == ["Mandelbrot@it"]
    assert itwiki.shown(t, "sesso") == ["M@it"]
    assert itwiki.shown(t, "luogonascita") == ["Varsavia@it"]
    assert itwiki.shown(t, "giornomesenascita") == ["--11-20^^xsd:gMonthDay"]
    assert itwiki.shown(t, "annonascita") == ["1924^^xsd:gYear"]
    assert itwiki.shown(t, "giornomesemorte") == ["--10-14^^xsd:gMonthDay"]
    assert itwiki.shown(t, "annomorte") == ["2010^^xsd:gYear"]
    assert itwiki.shown(t, "luogomortelink") == ["Cambridge (Massachusetts)@it"]
    # |PostNazionalità = , noto per i suoi lavori sulla [[geometria frattale]]
    assert itwiki.shown(t, "postnazionalità") == ["noto per i suoi lavori sulla geometria frattale@it"]
    assert itwiki.shown(t, "didascalia") == ["Benoît Mandelbrot nel 2006@it"]


def test_bio_alfred_hitchcock(itwiki: Extraction) -> None:
    t = "Alfred Hitchcock"
    assert itwiki.shown(t, "titolo") == ["Sir@it"]
    assert itwiki.shown(t, "nome") == ["Alfred Joseph@it"]
    assert itwiki.shown(t, "giornomesenascita") == ["--08-13^^xsd:gMonthDay"]
    assert itwiki.shown(t, "annonascita") == ["1899^^xsd:gYear"]
    assert itwiki.shown(t, "giornomesemorte") == ["--04-29^^xsd:gMonthDay"]
    assert itwiki.shown(t, "attività") == ["regista@it", "produttore cinematografico@it"]


def test_every_bio_gives_its_dates(itwiki: Extraction) -> None:
    """Every {{Bio}} with a plain AnnoNascita/GiornoMeseNascita (read by regex from the XML) gives
    an xsd:gYear and an xsd:gMonthDay with those numbers."""
    raw = raw_dump_text(ITWIKI)
    months = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
              "ottobre", "novembre", "dicembre"]
    checked = 0
    for page in re.finditer(r"<title>([^<]*)</title>(.*?)</page>", raw, re.S):
        m = re.search(r"\{\{Bio\s*\n(.*?)\n\}\}", page.group(2), re.S)
        if m is None:
            continue
        title, body = page.group(1), m.group(1)
        year = re.search(r"\|\s*AnnoNascita\s*=\s*(\d{3,4})\s*\n", body)
        day = re.search(r"\|\s*GiornoMeseNascita\s*=\s*(\d{1,2})\s+(\w+)\s*\n", body)
        if year:
            assert f"{int(year.group(1)):04d}^^xsd:gYear" in itwiki.shown(title, "annonascita"), title
            checked += 1
        if day and day.group(2) in months:
            expected = f"--{months.index(day.group(2)) + 1:02d}-{int(day.group(1)):02d}^^xsd:gMonthDay"
            assert expected in itwiki.shown(title, "giornomesenascita"), title
            checked += 1
    assert checked > 60


# ---- ruwiki {{Государство}} --------------------------------------------------------------------
def test_state_infobox_lithuania(ruwiki: Extraction) -> None:
    t = "Литва"
    assert ruwiki.shown(t, "русскоеНазвание") == ["Литовская Республика@ru"]
    # |Оригинальное название = {{lang-lt|Lietuvos Respublika}}: a string in Lithuanian
    assert ruwiki.shown(t, "оригинальноеНазвание") == ["Lietuvos Respublika@lt"]
    # |Дата независимости= [[16 февраля]] [[1918 год]]а (…)<br>[[11 марта]] [[1990]] (…)<br>[[6 сентября]] [[1991]] (…)
    assert ruwiki.shown(t, "датаНезависимости") == ["1918-02-16^^xsd:date", "1990-03-11^^xsd:date",
                                                  "1991-09-06^^xsd:date"]
    assert ruwiki.shown(t, "столица") == r("Вильнюс", lang="ru")
    assert ruwiki.shown(t, "язык") == r("Литовский язык", lang="ru")
    assert ruwiki.shown(t, "курорты") == r("Паланга", "Друскининкай", "Неринга", "Бирштонас", "Тракай", lang="ru")
    # |Крупнейшие города = Вильнюс, [[Каунас]], [[Клайпеда]]: the first is not linked, so a string
    assert ruwiki.shown(t, "крупнейшиеГорода") == ["Вильнюс, Каунас, Клайпеда@ru"]
    assert ruwiki.shown(t, "территория") == ["65301^^xsd:integer"]  # |Территория = 65 301
    assert ruwiki.shown(t, "население") == ["2797184^^xsd:integer"]  # {{падение}} 2 797 184<ref …>
    assert ruwiki.shown(t, "населениеПоПереписи") == ["3054000^^xsd:integer"]  # {{число|3054000}}<ref>…
    assert ruwiki.shown(t, "годПереписи") == ["2011^^xsd:gYear"]
    assert ruwiki.shown(t, "годОценки") == ["2018-09^^xsd:gYearMonth"]  # сентябрь 2018
    assert ruwiki.shown(t, "ирчп") == ["0.858^^xsd:double"]  # {{рост}} 0,858<ref …>
    assert ruwiki.shown(t, "ввп(ппс)") == ["101000000000.0^^http://dbpedia.org/datatype/usDollar"]  # $101 млрд
    assert ruwiki.shown(t, "домен") == r(".lt", ".eu", lang="ru")
    assert ruwiki.shown(t, "валюта") == r("Евро", lang="ru")
    assert ruwiki.shown(t, "телефонныйКод") == ["370@ru"]  # a calling code is an identifier
    assert ruwiki.shown(t, "latDeg") == ["55^^xsd:integer"]
    assert not ruwiki.values(t, "процентВоды")  # |Процент воды = -


# ---- embedded infoboxes ---------------------------------------------------------------------
def test_embedded_infoboxes_are_extracted_too() -> None:
    ex = _extract(SLICE, "en")
    # Fort Garry Hotel: {{Designation list |embed=yes |designation1=NHSC |… |designation1_date=1981 }}
    assert ex.shown("Fort Garry Hotel", "designation") == ["NHSC@en"]
    assert ex.shown("Fort Garry Hotel", "designation1Date") == ["1981^^xsd:gYear"]
    assert not ex.values("Fort Garry Hotel", "embed")
    # Charles Pinckney NHS: {{Infobox NRHP | embed = yes | … | added = April 13, 1973<ref …/> | refnum = 73001702<ref …>}}
    t = "Charles Pinckney National Historic Site"
    assert ex.shown(t, "added") == ["1973-04-13^^xsd:date"]
    assert ex.shown(t, "refnum") == ["73001702@en"]
    assert ex.shown(t, "built") == ["1824^^xsd:integer"]


def _all_objects(ex: Extraction) -> Iterable[IRI | Literal]:
    for statements in ex.pages.values():
        for s in statements:
            yield s.object


def test_iris_are_valid_ntriples_terms(battles: Extraction, ruwiki: Extraction) -> None:
    for ex in (battles, ruwiki):
        for o in _all_objects(ex):
            if isinstance(o, str):
                assert not re.search(r'[\s<>"{}|\\^`]', o), o
    by_subject: dict[str, int] = defaultdict(int)
    for statements in battles.pages.values():
        for s in statements:
            by_subject[s.subject] += 1
    assert all(k.startswith(DBR) or k.startswith(DBP) for k in by_subject)


# ---- ukwiki {{Картка Країна}}, jawiki {{基礎情報 国}} (truncated 2023 dumps) ---------------------------
def _truncated(lang: str) -> Path:
    return next((DUMPS / "truncated").glob(f"{lang}wiki-*.xml.xz"))


@pytest.mark.slow  # extracts the whole truncated ukwiki dump for one page: 1.6 s
def test_ukwiki_country_infobox_moldova() -> None:
    ex = _extract(_truncated("uk"), "uk")
    t = "Молдова"
    assert ex.shown(t, "capital") == r("Кишинів", lang="uk")  # capital = [[Кишинів]]
    assert ex.shown(t, "area") == ["33843^^xsd:integer"]  # area = {{Formatnum:33843}}
    # population_estimate = {{Formatnum:4 035 000}} (з [[Придністровська Молдавська Республіка|Придністров'ям]])
    assert ex.shown(t, "populationEstimate")[0] == "4035000^^xsd:integer"
    assert ex.shown(t, "gdpPppPerCapita") == ["7300.0^^http://dbpedia.org/datatype/usDollar"]  # $7 300<ref …/>
    assert ex.shown(t, "hdi") == ["0.75^^xsd:double"]  # {{збільшення}} 0,750
    assert ex.shown(t, "currency") == r("Молдовський лей", lang="uk")  # [[Молдовський лей|Лей]]
    # established_date7 = [[27 серпня]] [[1991]]<sup>b</sup>: a hand-made footnote mark
    assert "1991-08-27^^xsd:date" in ex.shown(t, "establishedDate")
    assert ex.shown(t, "areaRank") == ["135^^xsd:integer"]  # area_rank = 135-а
    assert not ex.values(t, "сторінки") and not ex.values("Румунія", "сторінки")  # {{УМЕ13|…}} cites a book


@pytest.mark.slow  # extracts the whole truncated jawiki dump for one page: 2.0 s
def test_jawiki_country_infobox_russia() -> None:
    ex = _extract(_truncated("ja"), "ja")
    t = "ロシア"
    assert ex.shown(t, "首都") == r("モスクワ", lang="ja")
    # 面積値 = 17,234,033<ref group="注記">…</ref><br/>17,093,311
    assert ex.shown(t, "面積値") == ["17234033^^xsd:integer", "17093311^^xsd:integer"]
    assert ex.shown(t, "人口値") == ["142021981^^xsd:integer"]
    assert ex.shown(t, "gdp値") == ["4100475000000^^xsd:integer"]  # 4兆1004億7500万
    assert "0882^^xsd:gYear" in ex.shown(t, "確立年月日")  # 確立年月日2 = [[882年]]
    assert ex.shown(t, "通貨") == r("ロシア・ルーブル", lang="ja")
    assert ex.shown(t, "国際電話番号") == ["7@ja"]  # a calling code is an identifier
