"""The mapping language's semantics, one rule at a time, with the real ontology and the real English
mappings (``../shared/data/dbpedia``).

The pages are small hand-written infoboxes — each imitates how the template is used on Wikipedia
(parameter names from the mapping quoted beside it) — because the test dumps hold no example of
these cases; the real-dump tests are in ``test_mappings.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wikikg.dump.namespaces import default_siteinfo
from wikikg.dump.page import Page
from wikikg.extractors.base import ExtractionContext
from wikikg.extractors.mappings import MappingExtractor
from wikikg.rdf.iri import IriMinter
from wikikg.rdf.terms import IRI, Literal
from wikikg.wikitext.parsed import ParsedPage

DBR = "http://dbpedia.org/resource/"
DBO = "http://dbpedia.org/ontology/"
DBT = "http://dbpedia.org/datatype/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"

Run = Callable[..., set[tuple[str, str, str, Any]]]


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return {}


@pytest.fixture(scope="module")
def run(shared: Path, resources: dict[str, Any]) -> Run:
    """Extract one page: ``run(wikitext, title=…, ns=0, lang="en")`` → {(dataset, s, p, o)}."""
    extractors: dict[str, MappingExtractor] = {}

    def _run(text: str, title: str = "Test page", ns: int = 0, lang: str = "en",
             redirect: str | None = None) -> set[tuple[str, str, str, Any]]:
        if lang not in extractors:
            ctx = ExtractionContext(lang, default_siteinfo(lang), IriMinter(lang),
                                    {"mappings_dir": str(shared / "dbpedia")}, resources=resources)
            extractors[lang] = MappingExtractor(ctx)
        site = default_siteinfo(lang)
        page = ParsedPage(Page(title, ns, 1, 1, text=text, redirect=redirect), site, lang)
        return {(st.dataset.key, st.subject, st.predicate, st.object) for st in extractors[lang].extract(page)}

    return _run


def values(out: set[tuple[str, str, str, Any]], s: str, p: str, dataset: str | None = None) -> set[Any]:
    return {o for d, ss, pp, o in out if ss == s and pp == p and (dataset is None or d == dataset)}


def direct_type(out: set[tuple[str, str, str, Any]], s: str) -> set[Any]:
    return values(out, s, RDF_TYPE, "instance-types")


def test_conditional_mapping_picks_the_first_case_that_holds(run: Run) -> None:
    # Mapping en:Infobox company: industry contains "banking" → Bank; … otherwise → Company;
    # defaultMappings (name → foaf:name …) in every case
    bank = run("{{Infobox company\n| name = Acme Trust\n| industry = [[Investment banking]]\n}}", "Acme Trust")
    s = DBR + "Acme_Trust"
    assert direct_type(bank, s) == {DBO + "Bank"}
    assert values(bank, s, "http://xmlns.com/foaf/0.1/name") == {Literal("Acme Trust", lang="en")}
    shop = run("{{Infobox company\n| name = Acme Shop\n| industry = [[Retail]]\n}}", "Acme Shop")
    assert direct_type(shop, DBR + "Acme_Shop") == {DBO + "Company"}
    assert values(shop, DBR + "Acme_Shop", DBO + "industry") == {IRI(DBR + "Retail")}


def test_conditions_compare_text_case_insensitively(run: Run) -> None:
    # Mapping en:Infobox military installation: type contains "Castle" → Castle; contains "base" → Place;
    # otherwise → MilitaryStructure
    assert direct_type(run("{{Infobox military installation|type=Norman [[castle]]}}"), DBR + "Test_page") == {
        DBO + "Castle"}
    assert direct_type(run("{{Infobox military installation|type=Air Base}}"), DBR + "Test_page") == {DBO + "Place"}
    assert direct_type(run("{{Infobox military installation|type=Fort}}"), DBR + "Test_page") == {
        DBO + "MilitaryStructure"}


def test_coordinates_of_a_node_linked_by_the_ontology_property(run: Run) -> None:
    # {{GeocoordinatesMapping | latitude = latitude | longitude = longitude | ontologyProperty = location }}
    out = run("{{Infobox military installation|type=Fort|latitude=50.5|longitude=-3.25}}", "Fort X")
    (node,) = values(out, DBR + "Fort_X", DBO + "location", "geo-coordinates-mappingbased")
    assert node == DBR + "Fort_X__location__1"
    assert values(out, node, GEO + "lat") == {Literal("50.5", XSD + "float")}
    assert values(out, node, GEO + "long") == {Literal("-3.25", XSD + "float")}
    assert values(out, node, "http://www.georss.org/georss/point") == {Literal("50.5 -3.25")}
    assert values(out, node, RDF_TYPE) == {GEO + "SpatialThing"}


def test_degrees_minutes_seconds_coordinates(run: Run) -> None:
    # Mapping it:Divisione amministrativa: latitudeDegrees = Latitudine gradi … latitudeDirection = Latitudine NS
    out = run("{{Divisione amministrativa|Nome=X|Latitudine gradi=33|Latitudine minuti=30|Latitudine NS=S"
              "|Longitudine gradi=70|Longitudine minuti=40|Longitudine secondi=12|Longitudine EW=W}}", "X", lang="it")
    s = "http://it.dbpedia.org/resource/X"
    lat = float(next(iter(values(out, s, GEO + "lat"))).lexical)
    lon = float(next(iter(values(out, s, GEO + "long"))).lexical)
    assert (lat, lon) == (pytest.approx(-33.5), pytest.approx(-(70 + 40 / 60 + 12 / 3600)))


def test_calculate_mapping_and_specific_properties(run: Run) -> None:
    # Mapping en:Infobox basketball biography (mapToClass BasketballPlayer ⊑ Athlete ⊑ Person):
    # {{CalculateMapping | templateProperty1 = height_ft | unit1 = foot | templateProperty2 = height_in
    #   | unit2 = inch | ontologyProperty = height }}; weight_lb → weight, unit = pound
    out = run("{{Infobox basketball biography\n| name = A. Player\n| height_ft = 6\n| height_in = 8\n"
              "| weight_lb = 220\n}}", "A. Player")
    s = DBR + "A._Player"
    (height,) = values(out, s, DBO + "height", "mappingbased-literals")
    assert height.datatype == XSD + "double" and float(height.lexical) == pytest.approx(6 * 0.3048 + 8 * 0.0254)
    (weight,) = values(out, s, DBO + "weight", "mappingbased-literals")
    assert float(weight.lexical) == pytest.approx(220 * 453.59237)  # grams: Mass's standard unit
    # the ontology gives Person/height in centimetres and Person/weight in kilograms
    (cm,) = values(out, s, DBO + "Person/height", "specific-mappingbased-properties")
    assert cm.datatype == DBT + "centimetre" and float(cm.lexical) == pytest.approx(203.2)
    (kg,) = values(out, s, DBO + "Person/weight", "specific-mappingbased-properties")
    assert kg.datatype == DBT + "kilogram" and float(kg.lexical) == pytest.approx(99.7903214)


def test_calculate_mapping_needs_both_parameters(run: Run) -> None:
    out = run("{{Infobox basketball biography\n| name = B\n| height_ft = 6\n}}", "B")
    assert values(out, DBR + "B", DBO + "height") == set()


def test_a_quantity_with_its_unit(run: Run) -> None:
    # Mapping en:Infobox football biography (SoccerManager): height → height, unit = Length
    out = run("{{Infobox football biography\n| name = C\n| height = 1.85 m\n}}", "C")
    assert values(out, DBR + "C", DBO + "height") == {Literal("1.85", XSD + "double")}
    assert values(out, DBR + "C", DBO + "Person/height") == {Literal("185.0", DBT + "centimetre")}


def test_combine_date_mapping(run: Run) -> None:
    # Mapping en:Infobox MLB player: {{CombineDateMapping | templateProperty1 = debutdate | unit1 = xsd:gMonthDay
    #   | templateProperty2 = debutyear | unit2 = xsd:gYear | ontologyProperty = activeYearsStartDate }}
    out = run("{{Infobox MLB player\n| name = D\n| debutdate = April 5\n| debutyear = 1990\n}}", "D")
    assert values(out, DBR + "D", DBO + "activeYearsStartDate") == {Literal("1990-04-05", XSD + "date")}


@pytest.mark.parametrize(("years", "start", "end"), [
    ("1939–1945", "1939", "1945"),
    ("1939 – present", "1939", None),       # DateIntervalMappingConfig: "present" → no end
    ("since 2001", "2001", None),           # "since …" → no end
    ("1944", "1944", "1944"),               # one year: start and end
    ("1945–1939", "1945", None),            # an end before the start is dropped
])
def test_date_interval_mapping(run: Run, years: str, start: str, end: str | None) -> None:
    # Mapping en:Infobox military person: {{DateIntervalMapping | templateProperty = serviceyears
    #   | startDateOntologyProperty = serviceStartYear | endDateOntologyProperty = serviceEndYear }}
    out = run(f"{{{{Infobox military person\n| name = E\n| serviceyears = {years}\n}}}}", "E")
    assert values(out, DBR + "E", DBO + "serviceStartYear") == {Literal(start, XSD + "gYear")}
    assert values(out, DBR + "E", DBO + "serviceEndYear") == ({Literal(end, XSD + "gYear")} if end else set())


def test_constant_mapping(run: Run) -> None:
    # Mapping en:Anglican-bishop-stub: mapToClass = ChristianBishop; ConstantMapping religion = Anglicanism
    out = run("'''F''' was a bishop.\n{{Anglican-bishop-stub}}", "F")
    assert direct_type(out, DBR + "F") == {DBO + "ChristianBishop"}
    assert values(out, DBR + "F", DBO + "religion", "mappingbased-objects") == {IRI(DBR + "Anglicanism")}


def test_a_repeated_infobox_describes_another_resource(run: Run) -> None:
    # Mapping en:Infobox automobile: correspondingClass = Automobile, correspondingProperty = variantOf
    out = run("{{Infobox automobile\n| name = G\n| manufacturer = [[Acme]]\n}}\n"
              "{{Infobox automobile\n| name = G Sport\n| manufacturer = [[Acme Sport]]\n}}", "G")
    s = DBR + "G"
    assert direct_type(out, s) == {DBO + "Automobile"}
    assert values(out, s, DBO + "manufacturer") == {IRI(DBR + "Acme")}
    variant = DBR + "G__Sport__1"  # "G Sport" less its overlap with the page's name (UriGenerator)
    assert direct_type(out, variant) == {DBO + "Automobile"}
    assert values(out, variant, DBO + "manufacturer") == {IRI(DBR + "Acme_Sport")}
    assert values(out, variant, DBO + "variantOf", "mappingbased-objects") == {s}


def test_a_more_specific_second_template_refines_the_class(run: Run) -> None:
    # {{Infobox person}} → Person, then {{Infobox officeholder}} (Politician ⊑ Person), same resource
    out = run("{{Infobox person\n| name = Test page\n}}\n{{Infobox officeholder\n| name = Test page\n"
              "| office = [[Mayor]]\n}}")
    s = DBR + "Test_page"
    assert direct_type(out, s) == {DBO + "Politician"}
    assert DBO + "Person" in values(out, s, RDF_TYPE, "instance-types_transitive")


def test_an_infobox_about_something_else_is_another_resource(run: Run) -> None:
    # a second infobox whose name is not the page's: the spouse's box on a page about a couple
    out = run("{{Infobox person\n| name = Test page\n}}\n{{Infobox person\n| name = Jane Roe\n}}")
    assert direct_type(out, DBR + "Test_page__Jane_Roe__1") == {DBO + "Person"}


def test_templates_inside_an_extracted_template_are_not_visited(run: Run) -> None:
    out = run("{{Infobox person\n| name = Test page\n| module = {{Infobox officeholder|office=[[Mayor]]}}\n}}")
    assert direct_type(out, DBR + "Test_page") == {DBO + "Person"}
    assert not any(o == DBO + "Politician" for _d, _s, _p, o in out)


def test_template_names_as_mediawiki_compares_them(run: Run) -> None:
    for text in ("{{infobox_company|name=X}}", "{{Template:Infobox company|name=X}}", "{{ Infobox  company |name=X}}"):
        assert direct_type(run(text), DBR + "Test_page") == {DBO + "Company"}, text


def test_only_articles(run: Run) -> None:
    assert run("{{Infobox company|name=X}}", "User:X", ns=2) == set()
    assert run("#REDIRECT [[Y]] {{Infobox company|name=X}}", "X", redirect="Y") == set()


def test_owl_thing_is_only_ever_a_direct_type(run: Run) -> None:
    # Mapping en:See also → owl:Thing: {{PropertyMapping | templateProperty = 1 | ontologyProperty = rdfs:seeAlso
    #   | transform = internal}}: a page with nothing else is an owl:Thing; a repeated {{See also}}
    # does not make a second resource; the plain-text parameter is made a link
    out = run("{{See also|Alpha}}\n== H ==\n{{See also|beta gamma}}")
    s = DBR + "Test_page"
    assert direct_type(out, s) == {"http://www.w3.org/2002/07/owl#Thing"}
    assert values(out, s, "http://www.w3.org/2000/01/rdf-schema#seeAlso") == {IRI(DBR + "Alpha"),
                                                                           IRI(DBR + "Beta_gamma")}
    assert {s} == {ss for _d, ss, _p, _o in out}


def test_surface_forms_name_the_page_they_link_elsewhere(run: Run) -> None:
    # DBpedia's ObjectParser: a plain-text value that is the label of a link on the page names its target.
    # Mapping en:Infobox military conflict: commander1 → commander (range Person)
    out = run("{{Infobox military conflict\n| conflict = Test page\n| commander1 = Zhukov\n}}\n"
              "Led by [[Georgy Zhukov|Zhukov]].")
    assert values(out, DBR + "Test_page", DBO + "commander") == {IRI(DBR + "Georgy_Zhukov")}


def test_an_edition_without_mappings_yields_nothing(run: Run) -> None:
    assert run("{{Infobox company|name=X}}", "X", lang="af") == set()


def test_without_network_the_mapping_datasets_are_empty_and_the_run_goes_on(tmp_path: Path) -> None:
    # nothing listens on 127.0.0.1:9 (discard): the default download fails at once
    ctx = ExtractionContext("en", default_siteinfo("en"), IriMinter("en"),
                            {"mappings_url": "http://127.0.0.1:9", "cache_dir": str(tmp_path)})
    ex = MappingExtractor(ctx)
    page = ParsedPage(Page("X", 0, 1, 1, text="{{Infobox company|name=X}}"), default_siteinfo("en"), "en")
    assert list(ex.extract(page)) == []
    assert ctx.metrics.counts[("mappings", "unavailable")] == 1
    MappingExtractor(ctx)  # a second edition of the same worker does not try again
    assert ctx.metrics.counts[("mappings", "unavailable")] == 1


def test_a_mappings_folder_that_is_not_there_is_the_users_mistake(tmp_path: Path) -> None:
    from wikikg.errors import InputError

    ctx = ExtractionContext("en", default_siteinfo("en"), IriMinter("en"), {"mappings_dir": str(tmp_path / "no")})
    with pytest.raises(InputError, match="mappings folder not found"):
        MappingExtractor(ctx)
