"""The real DBpedia ontology and mappings of ``../shared/data/dbpedia``, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikikg.ontology import Mappings, Ontology, load_mappings, load_ontology


@pytest.fixture(scope="session")
def dbpedia(shared: Path) -> Path:
    return shared / "dbpedia"


@pytest.fixture(scope="session")
def ontology(dbpedia: Path) -> Ontology:
    return load_ontology(dbpedia / "ontology")


@pytest.fixture(scope="session")
def mappings_en(dbpedia: Path, ontology: Ontology) -> Mappings:
    return load_mappings(dbpedia / "mappings" / "Mapping_en.xml", "en", ontology)
