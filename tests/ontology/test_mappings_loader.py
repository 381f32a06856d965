"""The mappings wiki exports of ``../shared/data/dbpedia/mappings`` loaded into the mapping language.

Expected structures are read by hand from the mapping pages (quoted in each test); page counts are
taken from the raw XML with plain text search.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikikg.ontology import Mappings, Ontology, load_mappings
from wikikg.ontology.mapping_model import (
    CalculateMapping,
    CombineDateMapping,
    ConditionalMapping,
    ConstantMapping,
    DateIntervalMapping,
    GeocoordinatesMapping,
    IntermediateNodeMapping,
    PropertyMapping,
    TemplateMapping,
)
from wikikg.ontology.mappings_loader import parse_pages, template_name
from wikikg.ontology.namespaces import compact

DBO = "http://dbpedia.org/ontology/"


def _template(m: Mappings, name: str) -> TemplateMapping:
    found = m.get(name)
    assert isinstance(found, TemplateMapping), f"{name}: {found!r}"
    return found


@pytest.mark.parametrize("lang", ["en", "de", "fr", "it", "nl"])
def test_every_mapping_page_is_loaded_or_reported(dbpedia: Path, ontology: Ontology, lang: str) -> None:
    raw = (dbpedia / f"mappings/Mapping_{lang}.xml").read_text(encoding="utf-8")
    titles = re.findall(rf"<title>Mapping {lang}:([^<]*)</title>", raw)
    m = load_mappings(dbpedia / f"mappings/Mapping_{lang}.xml", lang, ontology)
    reported = {p.split(": ", 1)[0][len(f"Mapping {lang}:"):] for p in m.problems
                if "TemplateMapping not loaded" in p or "ConditionalMapping not loaded" in p
                or "TableMapping" in p or "unknown mapping element" in p or "duplicate" in p
                or "which has no mapping" in p or "no mapping on the page" in p}
    for title in titles:
        assert template_name(title) in m.templates or title in reported, title
    # nearly all load: at most a few pages per edition fail as a whole
    assert len(m) >= 0.97 * len(set(titles)) - 10


def test_military_conflict(mappings_en: Mappings) -> None:
    # Mapping en:Infobox military conflict: mapToClass = MilitaryConflict; 18 PropertyMappings
    # (partof → isPartOfMilitaryConflict … date → date) and a GeocoordinatesMapping latitude/longitude
    tm = _template(mappings_en, "Infobox military conflict")
    assert tm.map_to_class.iri == DBO + "MilitaryConflict"
    simple = [pm for pm in tm.mappings if isinstance(pm, PropertyMapping)]
    assert len(simple) == 18
    pairs = {(pm.template_property, compact(pm.ontology_property.iri)) for pm in simple}
    assert {("partof", "isPartOfMilitaryConflict"), ("commander1", "commander"), ("combatant2", "combatant"),
            ("casualties1", "causalties"), ("place", "place"), ("result", "result"), ("date", "date"),
            ("conflict", "foaf:name")} <= pairs
    geo = [pm for pm in tm.mappings if isinstance(pm, GeocoordinatesMapping)]
    assert len(geo) == 1 and (geo[0].latitude, geo[0].longitude, geo[0].ontology_property) == (
        "latitude", "longitude", None)


def test_conditional_mapping(mappings_en: Mappings) -> None:
    # Mapping en:Infobox military installation: cases contains Castle / castle → Castle,
    # contains base → Place, otherwise → MilitaryStructure; 12 defaultMappings (2 of them geo)
    cm = mappings_en.get("Infobox military installation")
    assert isinstance(cm, ConditionalMapping)
    assert [(c.operator, c.template_property, c.value, compact(c.mapping.map_to_class.iri)) for c in cm.cases] == [
        ("contains", "type", "Castle", "Castle"), ("contains", "type", "castle", "Castle"),
        ("contains", "type", "base", "Place"), ("otherwise", None, None, "MilitaryStructure")]
    assert len(cm.default_mappings) == 12
    geo = [pm for pm in cm.default_mappings if isinstance(pm, GeocoordinatesMapping)]
    assert [(g.coordinates, g.latitude, compact(g.ontology_property.iri)) for g in geo if g.ontology_property] == [
        (None, "latitude", "location"), ("coordinates", None, "location")]


def test_other_property_mapping_kinds(mappings_en: Mappings) -> None:
    # Infobox military person: {{DateIntervalMapping | templateProperty = serviceyears
    #   | startDateOntologyProperty = serviceStartYear | endDateOntologyProperty = serviceEndYear}}
    person = _template(mappings_en, "Infobox military person")
    (interval,) = [pm for pm in person.mappings if isinstance(pm, DateIntervalMapping)]
    assert (interval.template_property, interval.start_property.name, interval.end_property.name) == (
        "serviceyears", "serviceStartYear", "serviceEndYear")
    # Anglican-bishop-stub: {{ConstantMapping | ontologyProperty = religion | value = Anglicanism }}
    bishop = _template(mappings_en, "Anglican-bishop-stub")
    assert bishop.map_to_class.name == "ChristianBishop"
    (const,) = bishop.mappings
    assert isinstance(const, ConstantMapping) and (const.ontology_property.name, const.value) == (
        "religion", "Anglicanism")
    kinds = {type(pm) for t in mappings_en.templates.values() if isinstance(t, TemplateMapping) for pm in t.mappings}
    assert {CalculateMapping, CombineDateMapping, IntermediateNodeMapping} <= kinds


def test_calculate_and_combine_date(mappings_en: Mappings) -> None:
    calc = [pm for t in mappings_en.templates.values() if isinstance(t, TemplateMapping)
            for pm in t.mappings if isinstance(pm, CalculateMapping)]
    # {{CalculateMapping | operation = add | templateProperty1 = Height_ft | unit1 = foot
    #   | templateProperty2 = Height_in | unit2 = inch | ontologyProperty = height }}
    assert any((c.template_property1, c.unit1 and c.unit1.name, c.template_property2, c.unit2 and c.unit2.name,
                c.ontology_property.name) == ("Height_ft", "foot", "Height_in", "inch", "height") for c in calc)
    combine = [pm for t in mappings_en.templates.values() if isinstance(t, TemplateMapping)
               for pm in t.mappings if isinstance(pm, CombineDateMapping)]
    # {{CombineDateMapping | templateProperty1 = debutdate | unit1 = xsd:gMonthDay
    #   | templateProperty2 = debutyear | unit2 = xsd:gYear | ontologyProperty = activeYearsStartDate }}
    assert any([(p, u.name) for p, u in c.parts] == [("debutdate", "xsd:gMonthDay"), ("debutyear", "xsd:gYear")]
               and c.ontology_property.name == "activeYearsStartDate" for c in combine)


def test_a_redirected_mapping_page_maps_the_old_template_name(dbpedia: Path, ontology: Ontology) -> None:
    # Mapping nl:Infobox federaal minister België: #REDIRECT [[Mapping nl:Infobox minister België]]
    nl = load_mappings(dbpedia / "mappings/Mapping_nl.xml", "nl", ontology)
    assert nl.get("Infobox federaal minister België") is nl.get("Infobox minister België") is not None


def test_a_bad_property_mapping_is_reported_and_the_rest_kept(mappings_en: Mappings) -> None:
    # Mapping en:Infobox pandemic maps virus_strain to a property the ontology does not have
    assert any(p.startswith("Mapping en:Infobox pandemic: PropertyMapping not loaded: ontology property not found")
               for p in mappings_en.problems)
    assert _template(mappings_en, "Infobox pandemic").mappings


def test_other_editions_map_their_own_templates(dbpedia: Path, ontology: Ontology) -> None:
    it = load_mappings(dbpedia / "mappings/Mapping_it.xml", "it", ontology)
    # Mapping it:Bio: mapToClass = Person; Nome → foaf:name, AnnoNascita → birthYear
    bio = _template(it, "Bio")
    assert bio.map_to_class.name == "Person"
    assert ("AnnoNascita", "birthYear") in {(pm.template_property, pm.ontology_property.name)
                                            for pm in bio.mappings if isinstance(pm, PropertyMapping)}
    de = load_mappings(dbpedia / "mappings/Mapping_de.xml", "de", ontology)
    assert _template(de, "Infobox Ort in Polen").map_to_class.name == "Settlement"


def test_rules_the_mappings_wiki_enforces(ontology: Ontology) -> None:
    # A hand-written page: the real exports hold no example of these mistakes.
    text = """{{TemplateMapping | mapToClass = Person | mappings =
      {{PropertyMapping | templateProperty = h | ontologyProperty = height | unit = kilogram }}
      {{PropertyMapping | templateProperty = n | ontologyProperty = birthPlace | language = fr }}
      {{PropertyMapping | templateProperty = x | ontologyProperty = foaf:name | factor = 2 }}
      {{PropertyMapping | templateProperty = s | ontologyProperty = foaf:name | select = middle }}
      {{PropertyMapping | templateProperty = w | ontologyProperty = height | unit = centimetre }}
      {{PropertyMapping | templateProperty = f | ontologyProperty = foaf:name | language = fr }}
    }}"""
    m = parse_pages([("Mapping en:Infobox test", text)], "en", ontology)
    tm = _template(m, "Infobox test")
    assert [(pm.template_property, pm.language, pm.unit and pm.unit.name) for pm in tm.mappings
            if isinstance(pm, PropertyMapping)] == [("w", None, "centimetre"), ("f", "fr", None)]
    assert len(m.problems) == 4
    assert "does not conform to the dimension" in m.problems[0]
    assert "rdf:langString" in m.problems[1]
    assert "multiplication factor" in m.problems[2]
    assert "'first' or 'last'" in m.problems[3]


def test_first_mapping_of_a_template_wins(ontology: Ontology) -> None:
    pages = [("Mapping en:Infobox x", "{{TemplateMapping | mapToClass = Person}}"),
             ("Mapping en:Infobox_x", "{{TemplateMapping | mapToClass = Place}}"),
             ("Mapping en:Infobox y", "{{TemplateMapping | mapToClass = NoSuchClass}}")]
    m = parse_pages(pages, "en", ontology)
    assert _template(m, "Infobox x").map_to_class.name == "Person"
    assert m.get("Infobox y") is None
    assert [p.split(": ", 1)[1] for p in m.problems] == [
        "duplicate mapping for template 'Infobox x', ignored",
        "TemplateMapping not loaded: ontology class not found: NoSuchClass"]


def test_a_missing_file_means_no_mappings(tmp_path: Path, ontology: Ontology) -> None:
    m = load_mappings(tmp_path / "Mapping_xx.xml", "xx", ontology)
    assert len(m) == 0 and m.problems
