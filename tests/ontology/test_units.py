"""DBpedia's unit datatypes: every one the ontology declares is known, and conversions are right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wikikg.ontology.units import DIMENSIONS, STANDARD, UNITS, dimension_of, unit_of


def test_every_datatype_the_ontology_declares_is_a_unit_or_dimension(dbpedia: Path) -> None:
    ttl = (dbpedia / "ontology/dbpedia-ontology.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"^<http://dbpedia\.org/datatype/([^>]+)>\n    a rdfs:Datatype", ttl, re.M))
    enumerations = {"fuelType", "engineConfiguration", "valvetrain"}  # OntologyDatatypes' EnumerationDatatypes
    assert len(declared) > 300
    unknown = declared - set(UNITS) - DIMENSIONS - enumerations
    assert not unknown


@pytest.mark.parametrize(("unit", "value", "standard"), [
    ("kilometre", 1.5, 1500.0),          # Length in metres
    ("mile", 1.0, 1609.344),             # international mile, exactly
    ("foot", 1.0, 0.3048),
    ("acre", 1.0, 4046.8564224),         # Area in square metres
    ("squareKilometre", 2.0, 2_000_000.0),
    ("degreeCelsius", 0.0, 273.15),      # Temperature in kelvin
    ("degreeFahrenheit", 32.0, 273.15),
    ("kilogram", 70.0, 70_000.0),        # Mass in grams, as DBpedia keeps it
    ("hour", 2.0, 7200.0),               # Time in seconds
    ("inhabitantsPerSquareMile", 2.589988110336, 1.0),
    # where DBpedia's factors are wrong or rounded, the definitions (NIST SP 811, Appendix B)
    ("pound", 1.0, 453.59237),
    ("ounce", 16.0, 453.59237),
    ("nautialMile", 1.0, 1852.0),
    ("squareDecametre", 1.0, 100.0),
    ("cubicFoot", 1.0, 0.3048 ** 3),
    ("cubicInch", 1.0, 0.0254 ** 3),
    ("cubicYard", 1.0, 0.9144 ** 3),
    ("footPerSecond", 1.0, 0.3048 * 3.6),   # Speed in km/h
    ("milePerHour", 1.0, 1.609344),
    ("newtonCentimetre", 100.0, 1.0),       # Torque in N·m
    ("milligramForce", 1.0, 9.80665e-6),    # Force in N
])
def test_conversion_to_the_standard_unit(unit: str, value: float, standard: float) -> None:
    assert UNITS[unit].to_standard(value) == pytest.approx(standard, rel=1e-12)
    assert UNITS[unit].from_standard(standard) == pytest.approx(value, rel=1e-12)


def test_dimensions_and_their_standard_units() -> None:
    assert {d: STANDARD[d].name for d in ("Length", "Area", "Mass", "Time", "Temperature")} == {
        "Length": "metre", "Area": "squareMetre", "Mass": "gram", "Time": "second", "Temperature": "kelvin"}
    assert dimension_of("http://dbpedia.org/datatype/centimetre") == "Length"
    assert dimension_of("Length") == "Length"
    assert dimension_of("http://www.w3.org/2001/XMLSchema#double") is None


def test_currencies_do_not_convert() -> None:
    euro = unit_of("http://dbpedia.org/datatype/euro")
    assert euro is not None and euro.dimension == "Currency" and not euro.convertible
    with pytest.raises(ValueError, match="does not convert"):
        euro.to_standard(1.0)
