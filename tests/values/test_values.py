"""The value parsers on the values the issue names and on values taken verbatim from the test dumps.

Where a value comes from a dump, the comment names the page; the issue's own examples ("15 mai
1988", "1988年5月15日" …) and the faults of the reference page (``../shared/reference/``) are
written out by hand, as the issue states them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from wikikg.rdf.terms import IRI, Literal
from wikikg.values import (
    ValueParser,
    parse_coord_params,
    parse_coord_template,
    parse_dates,
    parse_number,
    parse_quantity,
    parse_value,
    split_items,
)
from wikikg.values.unit_labels import DBPEDIA_LABELS, EXTRA_LABELS
from wikikg.values.units import CONVERT_CODES, SINGLE_UNIT_TEMPLATES
from wikikg.wikitext.scan import Scan

XSD = "http://www.w3.org/2001/XMLSchema#"
DBT = "http://dbpedia.org/datatype/"


def lex(values: list) -> list[str]:
    return [v if isinstance(v, str) else v.lexical for v in values]


def typed(values: list) -> list[tuple[str, str | None]]:
    return [(v, None) if isinstance(v, str) else (v.lexical, (v.datatype or "").replace(XSD, "xsd:")
                                                 .replace(DBT, "dbt:") or f"@{v.lang}") for v in values]


# ---- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("15 May 1988", "en", ["1988-05-15"]),
    ("May 15, 1988", "en", ["1988-05-15"]),
    ("15 mai 1988", "fr", ["1988-05-15"]),
    ("1988年5月15日", "ja", ["1988-05-15"]),
    ("1988年5月15日", "zh", ["1988-05-15"]),
    ("15 мая 1988 года", "ru", ["1988-05-15"]),
    ("15 травня 1988 року", "uk", ["1988-05-15"]),
    ("15 de mayo de 1988", "es", ["1988-05-15"]),
    ("15. Mai 1988", "de", ["1988-05-15"]),
    ("15 maggio 1988", "it", ["1988-05-15"]),
    ("15 May 1988 – 15 February 1989", "en", ["1988-05-15", "1989-02-15"]),
    ("May 1988", "en", ["1988-05"]),
    ("сентябрь 2018", "ru", ["2018-09"]),  # ruwiki Литва, "Год оценки"
    ("44 BC", "en", ["-0044"]),
    ("15 March 44 BC", "en", ["-0044-03-15"]),
    ("753 до н. э.", "ru", ["-0753"]),
])
def test_dates_in_every_language(text: str, lang: str, expected: list[str]) -> None:
    assert [d.lexical for d in parse_dates(text, lang)] == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("3–5 January 1941", "en", ["1941-01-03", "1941-01-05"]),  # Battle of Bardia
    ("27–29 March 1941", "en", ["1941-03-27", "1941-03-29"]),  # Battle of Cape Matapan
    ("20 May – 1 June 1941 (13 days)", "en", ["1941-05-20", "1941-06-01"]),  # Battle of Crete
    ("February 19 – March 26, 1945", "en", ["1945-02-19", "1945-03-26"]),  # Battle of Iwo Jima
    ("17 September – 6 October 1939", "en", ["1939-09-17", "1939-10-06"]),  # Soviet invasion of Poland
    ("April–May 1945", "en", ["1945-04", "1945-05"]),
    ("January 10–11, 1941", "en", ["1941-01-10", "1941-01-11"]),
    ("1939–1945", "en", ["1939", "1945"]),
    ("1943–44", "en", ["1943", "1944"]),
])
def test_date_ranges_give_both_ends(text: str, lang: str, expected: list[str]) -> None:
    assert lex(ValueParser(lang).values(text)) == expected


def test_month_and_day_is_gmonthday_never_year_one() -> None:
    # itwiki {{Bio}}: "GiornoMeseNascita = 8 novembre" (Benoît Mandelbrot's page has "20 novembre")
    values = ValueParser("it").values("8 novembre", key="GiornoMeseNascita")
    assert typed(values) == [("--11-08", "xsd:gMonthDay")]
    assert typed(ValueParser("en").values("15 May")) == [("--05-15", "xsd:gMonthDay")]
    assert all(not v.lexical.startswith("0001") for v in parse_dates("[[15 May]]", "en"))


@pytest.mark.parametrize(("template", "lang", "expected"), [
    ("{{start date|1944|6|6}}", "en", [("1944-06-06", "xsd:date")]),
    ("{{Birth date and age|1941|2|20|df=y}}", "en", [("1941-02-20", "xsd:date")]),
    ("{{death date and age|1966|7|19|1887|5|21}}", "en", [("1966-07-19", "xsd:date")]),
    ("{{dts|6 June 1944}}", "en", [("1944-06-06", "xsd:date")]),
    ("{{Start date|1944|6}}", "en", [("1944-06", "xsd:gYearMonth")]),
    ("{{Date de naissance|24|2|1993}}", "fr", [("1993-02-24", "xsd:date")]),
    ("{{ДатаРождения|15|5|1988}}", "ru", [("1988-05-15", "xsd:date")]),
    ("{{生年月日と年齢|1988|5|15}}", "ja", [("1988-05-15", "xsd:date")]),
    ("{{start date|1944|6|6}} – {{end date|1944|8|30}}", "en", [("1944-06-06", "xsd:date"), ("1944-08-30", "xsd:date")]),
])
def test_date_templates(template: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert typed(ValueParser(lang).values(template)) == expected


def test_years_linked_or_named_by_the_key() -> None:
    it = ValueParser("it")
    # itwiki Caligola: {{Bio}} AnnoNascita = 12, and a reign "[[37]] - [[41]]"
    assert typed(it.values("12", key="AnnoNascita")) == [("0012", "xsd:gYear")]
    assert lex(it.values("[[37]] - [[41]]")) == ["0037", "0041"]
    assert lex(it.values("[[18 marzo]] [[37]] - [[24 gennaio]] [[41]]")) == ["0037-03-18", "0041-01-24"]
    # ruwiki Литва: "[[16 февраля]] [[1918 год]]а"
    assert lex(ValueParser("ru").values("[[16 февраля]] [[1918 год]]а")) == ["1918-02-16"]
    assert typed(ValueParser("en").values("1944")) == [("1944", "xsd:integer")]  # a bare number is a number


def test_not_dates() -> None:
    en = ValueParser("en")
    for text in ("c. 1940", "{{circa|1940}}", "1988 – present", "Spring 1944", "5,000 killed", "100–200"):
        kinds = [v.datatype for v in en.values(text) if isinstance(v, Literal)]
        assert not any(k and (k.endswith(("date", "gYear", "gYearMonth", "gMonthDay"))) for k in kinds), text


# ---- numbers --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("50,183", "en", ("50183", "xsd:integer")),
    ("50 183", "fr", ("50183", "xsd:integer")),
    ("50\u00a0100", "fr", ("50100", "xsd:integer")),
    ("65 301", "ru", ("65301", "xsd:integer")),  # ruwiki Литва, "Территория"
    ("1.234,5", "de", ("1234.5", "xsd:double")),
    ("1.234", "de", ("1234", "xsd:integer")),
    ("12.5 million", "en", ("12500000", "xsd:integer")),
    ("3,000<ref>{{harvnb|Smith|1990|p=14}}</ref>", "en", ("3000", "xsd:integer")),
    ("{{число|3054000}}", "ru", ("3054000", "xsd:integer")),  # ruwiki Литва, "Население по переписи"
    ("{{падение}} 2 797 184<ref name=a/>", "ru", ("2797184", "xsd:integer")),  # ruwiki Литва, "Население"
    ("{{рост}} 0,858", "ru", ("0.858", "xsd:double")),  # ruwiki Литва, "ИРЧП"
    ("−80", "en", ("-80", "xsd:integer")),
    ("17,000 (2007)", "en", ("17000", "xsd:integer")),
])
def test_numbers_with_the_editions_separators(text: str, lang: str, expected: tuple[str, str]) -> None:
    assert typed(ValueParser(lang).values(text)) == [expected]


def test_percentages() -> None:
    assert typed(ValueParser("en").values("55 %")) == [("55.0", "dbt:perCent")]
    assert typed(ValueParser("de").values("20,5 %")) == [("20.5", "dbt:perCent")]
    assert parse_number("50%", "en") == Literal("0.5", XSD + "double")


@pytest.mark.parametrize(("key", "text"), [
    ("InChI", "1S/C8H10N4O2/c1-10-4-9-6-5(10)7(13)12(3)8(14)11(6)2/h4H,1-3H3"),
    ("StdInChI", "InChI=1S/C8H10N4O2/c1-10-4-9-6-5(10)7(13)12(3)8(14)11(6)2/h4H,1-3H3"),
    ("isbn", "978-3-16-148410-0"),
    ("phone", "+1 212-736-3100"),
    ("postal_code", "10115"),
    ("code", "0123"),
    ("CAS_number", "58-08-2"),
])
def test_identifiers_stay_strings(key: str, text: str) -> None:
    values = ValueParser("en").values(text, key=key)
    assert values == [Literal(text, None, "en")]


def test_no_number_pulled_out_of_a_string() -> None:
    en = ValueParser("en")
    for text in ("InChI=1S/C8H10N4O2/c1-10-4", "5,000 killed", "~5,000", "5,000+", "+1 212-736-3100",
                 "978-3-16-148410-0", "1 armoured brigade", "0123"):
        assert [v.datatype for v in en.values(text) if isinstance(v, Literal)] == [None], text


# ---- quantities ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("{{convert|37|mm|in|abbr=on}}", "en", ("37.0", "dbt:millimetre")),  # Battle of Iwo Jima, caption
    ("{{convert|10|km|mi}}", "en", ("10.0", "dbt:kilometre")),
    ("{{Converti|914|m|ft|0|abbr=on}}", "it", ("914.0", "dbt:metre")),
    ("12 km", "en", ("12.0", "dbt:kilometre")),
    ("5.603,9 km²", "de", ("5603.9", "dbt:squareKilometre")),
    ("US$476 million", "en", ("476000000.0", "dbt:usDollar")),
    ("{{увеличение}} $101 млрд", "ru", ("101000000000.0", "dbt:usDollar")),  # ruwiki Литва, "ВВП (ППС)"
    ("{{увеличение}} $58,215 млрд", "ru", ("58215000000.0", "dbt:usDollar")),  # ruwiki Литва, "ВВП (номинал)"
    ("15 Euro", "de", ("15.0", "dbt:euro")),
    ("{{height|ft=6|in=2}}", "en", ("187.96", "dbt:centimetre")),
])
def test_quantities_in_dbpedia_units(text: str, lang: str, expected: tuple[str, str]) -> None:
    assert typed(ValueParser(lang).values(text)) == [expected]


def test_quantity_conversions() -> None:
    q = parse_quantity("{{convert|612000000|USgal|m3|abbr=on}}", "en")
    assert q is not None and q.unit.name == "usGallon" and q.value == Decimal(612000000)
    assert round(q.to("cubicMetre")) == 2316672
    assert parse_quantity("10 in", "en").to("metre") == pytest.approx(0.254)  # type: ignore[union-attr]
    assert parse_quantity("12", "en", unit_hint="kilometre").unit.name == "kilometre"  # type: ignore[union-attr]


def test_every_unit_we_write_is_a_dbpedia_datatype(shared: Path) -> None:
    """Each unit the parsers can produce is declared in DBpedia's ontology (read here by regex)."""
    ttl = (shared / "dbpedia" / "ontology" / "dbpedia-ontology.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"<http://dbpedia\.org/datatype/([^>]+)>\s*\n\s*a rdfs:Datatype", ttl))
    ours = {*DBPEDIA_LABELS, *EXTRA_LABELS, *(u for u, _ in CONVERT_CODES.values()), *SINGLE_UNIT_TEMPLATES.values()}
    assert ours <= declared, sorted(ours - declared)


# ---- coordinates ---------------------------------------------------------------------------
def test_coord_templates() -> None:
    # Battle of Cape Matapan, Battle of Midway, Battle of Bardia (battles dump)
    cases = {
        "{{coord|35|20|52.82|N|20|57|40.43|E|display=inline|region:GR_type:waterbody}}": (35.348006, 20.961231),
        "{{Coord|28|12|N|177|21|W|type:event_region:UM|display=inline,title}}": (28.2, -177.35),
        "{{coord|31|46|N|25|06|E|display=INLINE,title}}": (31.766667, 25.1),
        "{{coord|35.63|-70.23|display=inline,title}}": (35.63, -70.23),
    }
    for src, (lat, lon) in cases.items():
        got = parse_coord_template(Scan.of(src).templates[0])
        assert got is not None and got == pytest.approx((lat, lon), abs=1e-6), src
    assert parse_coord_template(Scan.of("{{coord|95|0|N|10|0|E}}").templates[0]) is None
    assert parse_coord_template(Scan.of("{{Campaignbox Western Desert}}").templates[0]) is None


def test_coordinate_parameter_sets() -> None:
    # ruwiki Литва, {{Государство}}: lat_deg = 55, lat_min = 20, lat_sec = 0, lat_dir = N; lon 24 6 0 E
    params = {"lat_dir": "N", "lat_deg": "55", "lat_min": "20", "lat_sec": "0",
              "lon_dir": "E", "lon_deg": "24", "lon_min": "6", "lon_sec": "0"}
    assert parse_coord_params(params) == pytest.approx((55 + 20 / 60, 24.1))
    assert parse_coord_params({"latitude": "52.52", "longitude": "13.40"}) == (52.52, 13.40)
    assert parse_coord_params({"latitude": "", "longitude": ""}) is None  # Soviet invasion of Poland


def test_coordinates_as_values() -> None:
    en = ValueParser("en")
    assert typed(en.values("{{coord|31|46|N|25|06|E|display=INLINE,title}}")) == [
        ("POINT(25.1 31.766666666666666)", "http://www.opengis.net/ont/geosparql#wktLiteral")]
    assert typed(en.values("52°31′N")) == [("52.516666666666666", "xsd:double")]


# ---- items ---------------------------------------------------------------------------------
def test_split_items() -> None:
    # Battle of Bardia, combatant1
    assert split_items("{{Plainlist|\n* {{flag|Australia}}\n* {{flag|United Kingdom}}\n}}") == [
        "{{flag|Australia}}", "{{flag|United Kingdom}}"]
    # Battle of Cape Matapan, strength1
    assert split_items("1 aircraft carrier <br> 3 battleships <br> 7 light cruisers <br> 17 destroyers ") == [
        "1 aircraft carrier", "3 battleships", "7 light cruisers", "17 destroyers"]
    # Soviet invasion of Poland, commander2: {{Unbulleted list}} with item styles
    assert split_items("{{Unbulleted list\n|[[Mikhail Kovalyov]]\n|(Belarusian Front)|item4_style=font-size: 95%;\n"
                       "|[[Semyon Timoshenko]]\n|(Ukrainian Front)|item6_style=font-size: 95%;\n}}") == [
        "[[Mikhail Kovalyov]]", "(Belarusian Front)", "[[Semyon Timoshenko]]", "(Ukrainian Front)"]
    # a footnote's <br> does not split (Battle of Midway, casualties1)
    assert split_items("304 killed <ref>{{cite web|title=A<br>B}}</ref>") == ["304 killed"]
    assert split_items("{{hlist|a|b}}{{·}}c") == ["a", "b", "c"]


def test_resources() -> None:
    en = ValueParser("en")
    r = "http://dbpedia.org/resource/"
    # Battle of Bardia
    assert en.values("{{flagdeco|Australia}} [[Iven Mackay]]") == [IRI(r + "Iven_Mackay")]
    assert en.values("[[Bardia]], [[Italian Libya|Libya]]") == [IRI(r + "Bardia"), IRI(r + "Italian_Libya")]
    assert en.values("{{flagcountry|Kingdom of Italy}}") == [IRI(r + "Kingdom_of_Italy")]
    # Battle of Iwo Jima, commander2: a {{KIA}} mark decorates the name
    assert en.values("[[Tadamichi Kuribayashi]]{{KIA}}") == [IRI(r + "Tadamichi_Kuribayashi")]
    # Battle of Crete: a flag icon before a link is decoration
    assert en.values("{{flagicon|Nazi Germany}} [[Kurt Student]]") == [IRI(r + "Kurt_Student")]
    assert en.values("Off [[Cape Matapan]], [[Mediterranean Sea]]") == [Literal("Off Cape Matapan, Mediterranean Sea",
                                                                               None, "en")]
    assert ValueParser("ru").values("[[.lt]], [[.eu]]") == [IRI("http://ru.dbpedia.org/resource/.lt"),
                                                           IRI("http://ru.dbpedia.org/resource/.eu")]


# ---- strings: the reference page's faults ----------------------------------------------------
def test_no_glued_words_no_list_markers_no_empty_literals() -> None:
    """The reference page (dbpedia.org's "Soviet withdrawal from Afghanistan") shows "* Beginning of
    theAfghan Civil War", "*Peshawar Seven", an empty literal and "0001-05-15"; the infobox values
    below are written after its wikitext's structure."""
    value = ("Mujahideen victory\n* Soviet forces withdrawn from [[Afghanistan]]\n"
             "* End of the [[Soviet–Afghan War]]\n"
             "* Beginning of the [[Afghan Civil War (1989–1992)|Afghan Civil War]]\n"
             "* Spillover of [[Afghan Civil War (1989–1992)|Afghan Civil War]] in [[Jammu and Kashmir]]")
    assert lex(parse_value(value, "en")) == [
        "Mujahideen victory", "Soviet forces withdrawn from Afghanistan", "End of the Soviet–Afghan War",
        "Beginning of the Afghan Civil War", "Spillover of Afghan Civil War in Jammu and Kashmir"]
    assert lex(parse_value("[[Afghan mujahideen]]\n*[[Peshawar Seven]]\n*[[Tehran Eight]]", "en")) == [
        "http://dbpedia.org/resource/Afghan_mujahideen", "http://dbpedia.org/resource/Peshawar_Seven",
        "http://dbpedia.org/resource/Tehran_Eight"]
    for empty in ("", " ", "<ref>Smith 1990</ref>", "–", "-", "{{Campaignbox Soviet–Afghan War}}", "<!-- none -->"):
        assert parse_value(empty, "en") == [], empty
    assert typed(parse_value("{{Start date|1988|5|15|df=y}}", "en")) == [("1988-05-15", "xsd:date")]


def test_language_templates_tag_the_string() -> None:
    # ruwiki Литва: "Оригинальное название = {{lang-lt|Lietuvos Respublika}}"
    assert ValueParser("ru").values("{{lang-lt|Lietuvos Respublika}}") == [Literal("Lietuvos Respublika", None, "lt")]


def test_labels_heading_a_list_are_not_values() -> None:
    # Battle of Crete, strength1: "'''United Kingdom''':<br /> 18,047"; Battle of Iwo Jima: "U.S. Navy:<br />…"
    assert parse_value("'''United Kingdom''':<br /> 18,047", "en") == [Literal("18047", XSD + "integer")]
    assert parse_value("U.S. Navy:<br />[[Chester W. Nimitz]]", "en") == [
        IRI("http://dbpedia.org/resource/Chester_W._Nimitz")]
    # Battle of the Bulge, strength1: a definition list "; December 16 : 228,741 men"
    assert lex(parse_value("{{plainlist |\n; December 16\n: 228,741 men\n: 483 tanks\n}}", "en")) == [
        "228,741 men", "483 tanks"]


def test_image_sizes_are_numbers() -> None:
    assert parse_value("300px", "en") == [Literal("300", XSD + "integer")]  # Battle of Bardia, image_size


def test_lenient_numbers_for_the_mappings() -> None:
    """DBpedia's mappings read the first number of a value ("2,240,230 (2011 census)"); still not
    one glued to letters."""
    assert parse_number("2,240,230 ([[Greater Manchester Urban Area]])", "en", strict=False) == Literal(
        "2240230", XSD + "integer")
    assert parse_number("about 1.2 million people", "en", strict=False) == Literal("1200000", XSD + "integer")
    assert parse_number("около 3 054 000 человек", "ru", strict=False) == Literal("3054000", XSD + "integer")
    assert parse_number("InChI=1S/C8H10N4O2", "en", strict=False) is None
    assert parse_number("about 1.2 million people", "en") is None  # strict: the whole value
