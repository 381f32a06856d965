"""The ontology files of ``../shared/data/dbpedia/ontology`` read into classes, properties and datatypes.

Expected values are read by hand from ``dbpedia-ontology.ttl`` (line numbers given) or counted in
the file with plain text search.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikikg.errors import InputError
from wikikg.ontology import Ontology, load_ontology
from wikikg.ontology.namespaces import compact
from wikikg.ontology.units import dimension_of

DBO = "http://dbpedia.org/ontology/"
DBT = "http://dbpedia.org/datatype/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_every_class_of_the_file_is_loaded(ontology: Ontology, dbpedia: Path) -> None:
    ttl = (dbpedia / "ontology/dbpedia-ontology.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"^(?::|<http://dbpedia\.org/ontology/)([^\s>]+)>?\n    a owl:Class", ttl, re.M))
    assert len(declared) == ttl.count("a owl:Class") == 790
    assert {DBO + n for n in declared} <= set(ontology.classes)


def test_superclasses_and_equivalents_as_in_the_file(ontology: Ontology) -> None:
    # :MilitaryConflict rdfs:subClassOf :SocietalEvent; :SocietalEvent ⊑ :Event;
    # :Event ⊑ owl:Thing, owl:equivalentClass schema:Event, dul:Event, wikidata:Q1656682
    conflict = ontology.find_class("MilitaryConflict")
    assert conflict is not None
    related = [compact(c) for c in ontology.related_classes(conflict.iri)]
    assert related[0] == "MilitaryConflict"
    assert set(related) == {"MilitaryConflict", "SocietalEvent", "Event", "schema:Event", "dul:Event",
                            "wikidata:Q1656682", "owl:Thing"}
    # :Politician ⊑ :Person, ≡ wikidata:Q82955; :Company ⊑ :Organisation ⊑ :Agent
    politician = ontology.find_class("politician")  # wiki names ignore the first letter's case
    assert politician is not None
    assert ontology.is_subclass(politician.iri, DBO + "Person")
    assert "wikidata:Q82955" in {compact(c) for c in ontology.related_classes(politician.iri)}
    assert ontology.is_subclass(DBO + "Company", DBO + "Agent")
    assert not ontology.is_subclass(DBO + "Agent", DBO + "Company")


def test_disjointness(ontology: Ontology) -> None:
    # :Agent owl:disjointWith :Place; :Event owl:disjointWith :Person
    assert ontology.disjoint(DBO + "Company", DBO + "City")
    assert ontology.disjoint(DBO + "MilitaryConflict", DBO + "Politician")
    assert not ontology.disjoint(DBO + "Company", DBO + "Person")


def test_properties_with_domain_range_and_kind(ontology: Ontology) -> None:
    # :commander a owl:ObjectProperty; rdfs:range :Person (line 11443)
    commander = ontology.find_property("commander")
    assert commander is not None and commander.is_object and commander.range == DBO + "Person"
    # :causalties a owl:DatatypeProperty; rdfs:domain :MilitaryConflict; rdfs:range xsd:string (line 10489)
    casualties = ontology.find_property("dbo:causalties")
    assert casualties is not None and not casualties.is_object
    assert (casualties.domain, casualties.range) == (DBO + "MilitaryConflict", XSD + "string")
    # :isPartOfMilitaryConflict: domain and range :MilitaryConflict
    part_of = ontology.find_property("isPartOfMilitaryConflict")
    assert part_of is not None and part_of.is_object and part_of.range == DBO + "MilitaryConflict"
    # :acceleration a owl:FunctionalProperty
    acceleration = ontology.find_property("acceleration")
    assert acceleration is not None and acceleration.functional


def test_properties_the_mappings_use_from_other_vocabularies(ontology: Ontology) -> None:
    name = ontology.find_property("foaf:name")
    assert name is not None and name.range == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    homepage = ontology.find_property("foaf:homepage")
    assert homepage is not None and homepage.is_object
    lat = ontology.find_property("geo:lat")
    assert lat is not None and lat.range == XSD + "float"


def test_specific_properties(ontology: Ontology) -> None:
    # <http://dbpedia.org/ontology/Person/height> rdfs:domain :Person; rdfs:range dbt:centimetre (line 5482)
    assert ontology.specific_property(DBO + "Person", DBO + "height") == (DBO + "Person/height", DBT + "centimetre")
    assert ontology.specific_property(DBO + "Person", DBO + "weight") == (DBO + "Person/weight", DBT + "kilogram")
    assert ontology.specific_property(DBO + "Person", DBO + "areaTotal") is None


def test_dimension_ranges_are_restored(ontology: Ontology) -> None:
    # the export writes :height rdfs:range xsd:double with labels "height (μ)": a Length in the wiki
    height = ontology.find_property("height")
    assert height is not None and dimension_of(height.range) == "Length"
    # "area (m2)" → Area; "population density (/sqkm)" → PopulationDensity
    assert dimension_of(ontology.find_property("area").range) == "Area"  # type: ignore[union-attr]
    assert dimension_of(ontology.find_property("populationDensity").range) == "PopulationDensity"  # type: ignore[union-attr]
    # a plain number stays one
    total = ontology.find_property("populationTotal")
    assert total is not None and total.range == XSD + "nonNegativeInteger"


def test_owl_and_turtle_agree_on_the_terms_both_declare(dbpedia: Path, ontology: Ontology) -> None:
    owl = load_ontology(dbpedia / "ontology/dbpedia-ontology.owl")
    shared = set(owl.classes) & set(ontology.classes)
    assert len(shared) >= 790
    for iri in (DBO + "MilitaryConflict", DBO + "Politician", DBO + "Company"):
        assert set(owl.related_classes(iri)) == set(ontology.related_classes(iri))
    assert owl.find_property("commander") == ontology.find_property("commander")


def test_missing_and_bad_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ontology file or directory not found"):
        load_ontology(tmp_path / "nope")
    with pytest.raises(InputError, match="no ontology file"):
        load_ontology(tmp_path)
    bad = tmp_path / "broken.ttl"
    bad.write_text(":A a owl:Class .\n", encoding="utf-8")  # undeclared prefix
    with pytest.raises(InputError, match="not a valid ontology file"):
        load_ontology(bad)
