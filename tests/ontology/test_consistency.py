"""The type-consistency check of mapped objects, with the real ontology.

The triples imitate the mapping extractor's output: an infobox that links a commander's name to a
battle, and a person's infobox that claims to be part of a military conflict.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from wikikg.ontology import Ontology
from wikikg.ontology.consistency import clean_object_files

DBR = "http://dbpedia.org/resource/"
DBO = "http://dbpedia.org/ontology/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _write(path: Path, lines: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("".join(line + "\n" for line in lines))


def _read(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


def test_disjoint_objects_move_out(ontology: Ontology, tmp_path: Path) -> None:
    types = tmp_path / "instance-types_lang=en.nt.gz"
    _write(types, [f"<{DBR}Battle_of_Midway> <{TYPE}> <{DBO}MilitaryConflict> .",
                   f"<{DBR}Battle_of_Kursk> <{TYPE}> <{DBO}MilitaryConflict> .",
                   f"<{DBR}Georgy_Zhukov> <{TYPE}> <{DBO}MilitaryPerson> .",
                   f"<{DBR}Kursk> <{TYPE}> <{DBO}City> ."])
    ok = [f"<{DBR}Battle_of_Kursk> <{DBO}commander> <{DBR}Georgy_Zhukov> .",     # a person: fits
          f"<{DBR}Battle_of_Kursk> <{DBO}commander> <{DBR}Ivan_Konev> .",        # untyped: kept
          f"<{DBR}Battle_of_Kursk> <{DBO}place> <{DBR}Kursk> ."]                 # a city is a populated place
    # dbo:commander has range Person; Event (⊒ MilitaryConflict) owl:disjointWith Person
    wrong_range = f"<{DBR}Battle_of_Kursk> <{DBO}commander> <{DBR}Battle_of_Midway> ."
    # dbo:isPartOfMilitaryConflict has domain MilitaryConflict; a person is not an event
    wrong_domain = f"<{DBR}Georgy_Zhukov> <{DBO}isPartOfMilitaryConflict> <{DBR}Battle_of_Kursk> ."
    objects = tmp_path / "mappingbased-objects_lang=en.nt.gz"
    _write(objects, [*ok, wrong_range, wrong_domain])
    rng = tmp_path / "mappingbased-objects_lang=en_disjointRange.nt.gz"
    dom = tmp_path / "mappingbased-objects_lang=en_disjointDomain.nt.gz"
    counts = clean_object_files(ontology, types, objects, rng, dom)
    assert _read(objects) == ok
    assert _read(rng) == [wrong_range]
    assert _read(dom) == [wrong_domain]
    assert counts == {objects.name: 3, rng.name: 1, dom.name: 1}
    assert not list(tmp_path.glob(".*"))


def test_nothing_to_move(ontology: Ontology, tmp_path: Path) -> None:
    objects = tmp_path / "mappingbased-objects_lang=en.nt"
    objects.write_text(f"<{DBR}A> <{DBO}commander> <{DBR}B> .\n", encoding="utf-8")
    counts = clean_object_files(ontology, tmp_path / "missing.nt", objects, tmp_path / "r.nt", tmp_path / "d.nt")
    assert counts == {objects.name: 1}
    assert objects.read_text(encoding="utf-8") == f"<{DBR}A> <{DBO}commander> <{DBR}B> .\n"
    assert not (tmp_path / "r.nt").exists()
