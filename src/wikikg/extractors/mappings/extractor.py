"""The mapping-based extraction: infoboxes → typed resources and ontology properties.

For every article, the templates that the mappings wiki maps (``Mapping en:Infobox military
conflict`` …) make the page's resource an instance of an ontology class and turn the template's
parameters into ``dbo:`` (and ``foaf:``, ``geo:`` …) property values with the property's range.
The semantics are those of DBpedia's ``MappingExtractor`` (see :mod:`.mapping_runtime` and
:mod:`.mapping_properties`).

The ontology and the mappings come from ``--mappings DIR`` or DBpedia's published files
(:mod:`wikikg.ontology.source`), loaded once per worker process.  An edition without mappings
yields nothing; so does every edition when DBpedia's files cannot be downloaded (one warning).

Datasets (DBpedia's ``mappings`` group):

* ``instance-types`` — ``rdf:type`` the most specific class; ``instance-types_transitive`` — the
  other classes (superclasses and equivalent classes, ``owl:Thing`` excluded);
* ``mappingbased-literals`` and ``mappingbased-objects`` — property values, literals and resources;
* ``specific-mappingbased-properties`` — quantities again in the unit the ontology gives the
  class (``dbo:Person/height`` in centimetres);
* ``geo-coordinates-mappingbased`` — coordinates from the infobox;
* after the pass (:meth:`MappingExtractor.finish`), objects whose type is disjoint with the
  property's range or domain move to ``mappingbased-objects_disjointRange`` / ``_disjointDomain``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from wikikg.dump.namespaces import TEMPLATE
from wikikg.errors import ConfigError
from wikikg.extractors.base import BaseExtractor, ExtractionContext
from wikikg.extractors.mappings.runtime import PageRun
from wikikg.extractors.registry import register
from wikikg.ontology import Mappings, Ontology, for_edition
from wikikg.ontology.consistency import clean_object_files
from wikikg.ontology.mapping_model import ClassMapping
from wikikg.ontology.resources import ontology_from, parsed_cache
from wikikg.ontology.source import mappings_dir
from wikikg.rdf.datasets import (
    GEO_MAPPINGBASED,
    INSTANCE_TYPES,
    INSTANCE_TYPES_TRANSITIVE,
    MAPPINGBASED_LITERALS,
    MAPPINGBASED_OBJECTS,
    OBJECTS_DISJOINT_DOMAIN,
    OBJECTS_DISJOINT_RANGE,
    SPECIFIC_PROPERTIES,
)
from wikikg.rdf.terms import Statement
from wikikg.values import ValueParser
from wikikg.wikitext.local_names import LocalNamespaces
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Template

log = logging.getLogger("wikikg")



#: the ontologies the type check of :meth:`MappingExtractor.finish` reads, once per process and
#: folder (a run of many editions shares one; read again, it cost a fifth of a second per edition)
_FINISH_ONTOLOGIES: dict[str, Any] = {}


def _load(ctx: ExtractionContext) -> tuple[Ontology, Mappings] | None:
    """The edition's ontology and mappings; ``None`` when DBpedia's files cannot be downloaded.

    A folder given with ``--mappings`` must be usable (else :class:`InputError`); the default
    download failing (no network) costs only these datasets: one warning, and the run goes on.
    """
    failed = ctx.resources.get("mappings:unavailable")
    if failed is not None:
        return None
    try:
        return for_edition(ctx.options, ctx.lang, ctx.resources)
    except ConfigError as exc:
        log.warning("no mapping-based datasets: %s", exc)
        ctx.resources["mappings:unavailable"] = str(exc)
        ctx.metrics.count("mappings", "unavailable")
        return None


@register
class MappingExtractor(BaseExtractor, name="mappings", groups={"mappings"},
                       datasets=(INSTANCE_TYPES, INSTANCE_TYPES_TRANSITIVE, MAPPINGBASED_LITERALS,
                                 MAPPINGBASED_OBJECTS, SPECIFIC_PROPERTIES, GEO_MAPPINGBASED)):
    """Runs the edition's infobox mappings over each article."""

    def __init__(self, ctx: ExtractionContext) -> None:
        super().__init__(ctx)
        self.index: Mapping[str, ClassMapping] = {}
        loaded = _load(ctx)
        if loaded is None:
            return
        self.ontology, self.mappings = loaded
        self.index = self.mappings.templates
        self.namespaces = LocalNamespaces(ctx.lang, ctx.site)
        self.parser = ValueParser(ctx.lang, ctx.site, ctx.resource)
        self._by_raw_name: dict[str, ClassMapping | None] = {}  # a memo of _lookup, not page state

    def extract(self, page: ParsedPage) -> Iterator[Statement]:
        if not self.index or not page.is_article:
            return
        run: PageRun | None = None
        inside_until = -1
        for t in page.templates:
            if t.start < inside_until:
                continue  # nested in a template that was extracted
            mapping = self._mapping(page, t)
            if mapping is None:
                continue
            if run is None:
                run = PageRun(self.ctx, self.ontology, page, self.ctx.resource_of(page), parser=self.parser,
                              namespaces=self.namespaces)
            if run.run(mapping, t):
                inside_until = t.end
                self.ctx.metrics.count("mappings", "templates", t.name)
        if run is not None:
            yield from run.statements()

    @classmethod
    def preload(cls, options: Mapping[str, Any], lang: str, resources: dict[str, Any]) -> None:
        """Load the edition's ontology and mappings into ``resources`` before worker processes
        start, so that they inherit them instead of each parsing them again."""
        with contextlib.suppress(ConfigError):  # said once, by the first worker that needs them
            for_edition(options, lang, resources)

    @classmethod
    def finish(cls, partial: Path, lang: str, compress: str, options: Mapping[str, Any]) -> dict[str, int]:
        """After the pass over all pages: move objects whose type contradicts the property (the
        type-consistency check of :mod:`wikikg.ontology.consistency`) out of ``mappingbased-objects``.

        ``partial`` holds the edition's finished dataset files; returns triples per file written.
        """
        objects = partial / MAPPINGBASED_OBJECTS.filename(lang, compress)
        if not objects.exists():
            return {}
        try:
            ontology = ontology_from(mappings_dir(options, lang), _FINISH_ONTOLOGIES, parsed_cache(options))
        except ConfigError:
            return {}  # no ontology to check against (reported when the pass began)
        return clean_object_files(
            ontology, partial / INSTANCE_TYPES.filename(lang, compress),
            objects,
            partial / OBJECTS_DISJOINT_RANGE.filename(lang, compress),
            partial / OBJECTS_DISJOINT_DOMAIN.filename(lang, compress))

    def _mapping(self, page: ParsedPage, t: Template) -> ClassMapping | None:
        raw = t.raw_name
        if raw in self._by_raw_name:
            return self._by_raw_name[raw]
        found = self._lookup(page, t)
        if len(self._by_raw_name) > 100_000:
            self._by_raw_name.clear()
        self._by_raw_name[raw] = found
        return found

    def _lookup(self, page: ParsedPage, t: Template) -> ClassMapping | None:
        found = self.index.get(t.name)
        if found is None and ":" in t.raw_name:
            title = page.template_title(t)
            if title is not None and title.ns == TEMPLATE and title.interwiki is None:
                found = self.index.get(title.name)
        return found
