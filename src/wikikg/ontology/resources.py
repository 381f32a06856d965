"""The ontology and mappings of a worker process, loaded once and shared by every extractor.

Loading takes a fraction of a second (the English mappings about one); every extractor of every
edition in a worker asks for them, so they are kept in the worker's ``resources`` dictionary
(:class:`~wikikg.extractors.base.ExtractionContext.resources`), keyed by folder and language.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wikikg.ontology.mapping_model import Mappings
from wikikg.ontology.mappings_loader import load_mappings, mapping_file
from wikikg.ontology.model import Ontology
from wikikg.ontology.reader import load_ontology
from wikikg.ontology.source import mappings_dir


def ontology_from(folder: Path, resources: dict[str, Any]) -> Ontology:
    """The ontology of ``folder/ontology``, loaded once per ``resources``."""
    key = f"ontology:{folder.resolve()}"
    found = resources.get(key)
    if not isinstance(found, Ontology):
        found = load_ontology(folder / "ontology" if (folder / "ontology").is_dir() else folder)
        resources[key] = found
    return found


def mappings_from(folder: Path, lang: str, resources: dict[str, Any]) -> Mappings:
    """The mappings of ``lang`` in ``folder``, loaded once per ``resources``."""
    key = f"mappings:{folder.resolve()}:{lang}"
    found = resources.get(key)
    if not isinstance(found, Mappings):
        found = load_mappings(mapping_file(folder, lang), lang, ontology_from(folder, resources))
        resources[key] = found
    return found


def for_edition(options: Mapping[str, Any], lang: str, resources: dict[str, Any]) -> tuple[Ontology, Mappings]:
    """The ontology and the mappings of edition ``lang`` under the run's options
    (see :func:`wikikg.ontology.source.mappings_dir`)."""
    folder = mappings_dir(options, lang)
    return ontology_from(folder, resources), mappings_from(folder, lang, resources)
