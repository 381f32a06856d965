"""The DBpedia ontology and the mappings wiki: what makes wikikg's graph typed.

Public API
----------
* :func:`load_ontology` (a ``.ttl``/``.owl`` file or a folder) → :class:`Ontology` — classes with
  their superclasses and equivalents (:meth:`Ontology.related_classes`), properties with domain,
  range and functional flag, datatypes, specific properties (:meth:`Ontology.specific_property`).
* :func:`load_mappings` (``Mapping_<lang>.xml``) → :class:`Mappings` — template name → class
  mapping, in the records of :mod:`wikikg.ontology.mapping_model`.
* :func:`for_edition` — the ontology and mappings of an edition under the run's options,
  loaded once per worker (:mod:`.resources`), from ``--mappings DIR`` or DBpedia's published files
  downloaded once into the cache (:mod:`.source`); :func:`ontology_sources` — the ontology's
  files themselves, for loading into a store.
* :mod:`.units` — DBpedia's unit datatypes: dimension, conversion to the standard unit.
* :mod:`.namespaces` — prefixed names (``foaf:name``) ↔ IRIs.

The mappings are *run* by the extractor in :mod:`wikikg.extractors.mappings`.
"""

from wikikg.ontology.mapping_model import ClassMapping, Mappings, TemplateMapping
from wikikg.ontology.mappings_loader import load_mappings, mapping_file
from wikikg.ontology.model import Datatype, Ontology, OntologyClass, OntologyProperty
from wikikg.ontology.reader import load_ontology
from wikikg.ontology.resources import for_edition
from wikikg.ontology.source import DEFAULT_BASE_URL, default_cache_dir, fetch, mappings_dir, ontology_sources

__all__ = [
    "DEFAULT_BASE_URL",
    "ClassMapping",
    "Datatype",
    "Mappings",
    "Ontology",
    "OntologyClass",
    "OntologyProperty",
    "TemplateMapping",
    "default_cache_dir",
    "fetch",
    "for_edition",
    "load_mappings",
    "load_ontology",
    "mapping_file",
    "mappings_dir",
    "ontology_sources",
]
