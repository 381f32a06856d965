"""Running the class mappings over one page: which templates, which resource, which types.

The semantics are DBpedia's ``MappingExtractor`` and ``TemplateMapping``:

* The page's templates are visited in document order.  A template with a class mapping is
  extracted; when that yields anything, the templates nested inside it are not visited (they
  belong to it); otherwise the walk goes on into them.
* The **first** mapped template makes the page's resource an instance of its ``mapToClass`` and
  of every related class (superclasses and equivalents): that class becomes the *page class*.
* A **later** mapped template describes the page's resource too, when its class is a subclass
  or superclass of the page class (or either is ``owl:Thing``), it is not a repeat of a template
  already seen (a repeat of a template mapped to ``owl:Thing`` — ``{{See also}}`` — is not taken
  for another thing: that is wikikg's one departure from DBpedia here), it does not ask for a ``correspondingClass`` the page is an instance of, and — for
  infoboxes — its ``name`` does not name another thing than the page.  Otherwise it describes a
  new resource ``<page>__<name>__<n>`` (a second car model on the same page, a spouse's box …),
  linked from the page by ``correspondingProperty`` when the mapping has one.  A more specific
  class refines the page class.
* At the end the page resource's ``rdf:type`` statements are split: the page class (the most
  specific) goes to ``instance-types``, every other to ``instance-types_transitive`` — without
  ``owl:Thing``, which every resource is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from wikikg.extractors.base import ExtractionContext
from wikikg.extractors.mappings.properties import Emitter, PropertyRunner, TemplateView
from wikikg.extractors.mappings.values import PageValues
from wikikg.ontology.mapping_model import ClassMapping, ConditionalMapping, TemplateMapping
from wikikg.ontology.model import Ontology
from wikikg.rdf import vocab
from wikikg.rdf.datasets import INSTANCE_TYPES, INSTANCE_TYPES_TRANSITIVE, MAPPINGBASED_OBJECTS
from wikikg.rdf.iri import escape_iri_part
from wikikg.rdf.terms import IRI, Statement
from wikikg.values import ValueParser
from wikikg.wikitext.local_names import LocalNamespaces
from wikikg.wikitext.parsed import ParsedPage
from wikikg.wikitext.scan import Template

OBJECTS = MAPPINGBASED_OBJECTS

_URI_JUNK = re.compile(r"[\"()\n\r\t\u0091\u0092]")
_TAGS = re.compile(r"<[^>]*>")
_QUOTES = re.compile(r"'{2,}")
_SPACES = re.compile(r"\s+")


@dataclass
class PageRun:
    """The state of one page's extraction: its resource, its class, the statements so far."""

    ctx: ExtractionContext
    ontology: Ontology
    page: ParsedPage
    subject: IRI
    emitter: Emitter = field(default_factory=Emitter)
    page_class: IRI | None = None
    seen_templates: set[str] = field(default_factory=set)
    counters: Counter[str] = field(default_factory=Counter)
    parser: ValueParser | None = None
    namespaces: LocalNamespaces | None = None

    def __post_init__(self) -> None:
        parser = self.parser or ValueParser(self.ctx.lang, self.ctx.site, self.ctx.resource)
        self.values = PageValues(self.ctx, self.page, parser, self.namespaces)
        self.properties = PropertyRunner(self.ctx, self.ontology, self.values, self.emitter, self.new_uri,
                                         self.release_uri)

    # --- one template -----------------------------------------------------------------------
    def run(self, mapping: ClassMapping, template: Template) -> bool:
        """Extract one mapped template; ``True`` if it yielded anything."""
        view = TemplateView.of(template)
        before = len(self.emitter)
        if isinstance(mapping, ConditionalMapping):
            for case in mapping.cases:
                if self.properties.condition_holds(case, view):
                    self.template_mapping(case.mapping, template, view)
                    subject = self.properties.instance_uri or self.subject
                    self.properties.run_all(mapping.default_mappings, view, subject)
                    break
        else:
            self.template_mapping(mapping, template, view)
        return len(self.emitter) > before

    def template_mapping(self, mapping: TemplateMapping, template: Template, view: TemplateView) -> None:
        cls = mapping.map_to_class.iri
        name = template.name
        if self.page_class is None:
            self._types(self.subject, cls)
            self.page_class = cls
            self.seen_templates.add(name)
            self.properties.template_class = cls
            self.properties.instance_uri = self.subject
            self.properties.run_all(mapping.mappings, view, self.subject)
            return

        page_related = self.ontology.ancestors(self.page_class)
        new_resource = (mapping.corresponding_class is not None and mapping.corresponding_property is not None
                        and mapping.corresponding_class.iri in page_related)
        # a repeat of a template describes another thing — unless its mapping says nothing about
        # what things (owl:Thing: {{See also}}, {{Distinguish}} …), where DBpedia's new resource
        # would only carry the page's own "see also" links
        repeated = name in self.seen_templates and cls != vocab.OWL_THING
        self.seen_templates.add(name)
        related = (self.ontology.is_subclass(cls, self.page_class) or cls in page_related
                   or cls == vocab.OWL_THING or self.page_class == vocab.OWL_THING)
        same_entity = not ("Infobox" in name and self._names_other_thing(view))
        if not new_resource and not repeated and related and same_entity:
            instance = self.subject
            for c in self.ontology.related_classes(cls):
                if c not in page_related:
                    self.emitter.add(INSTANCE_TYPES, instance, vocab.RDF_TYPE, c)
            if self.ontology.is_subclass(cls, self.page_class):
                self.page_class = cls
        else:
            instance = self.new_uri(self.subject, self.values.text(self._uri_name(view, name)))
            self._types(instance, cls)
        if new_resource and mapping.corresponding_property is not None:
            self.emitter.add(OBJECTS, instance, mapping.corresponding_property.iri, self.subject)
        self.properties.template_class = cls
        self.properties.instance_uri = instance
        self.properties.run_all(mapping.mappings, view, instance)

    def _types(self, instance: IRI, cls: IRI) -> None:
        for c in self.ontology.related_classes(cls):
            self.emitter.add(INSTANCE_TYPES if c == cls else INSTANCE_TYPES_TRANSITIVE, instance, vocab.RDF_TYPE, c)

    def _names_other_thing(self, view: TemplateView) -> bool:
        """An infobox whose ``name`` neither contains nor is contained in the page's title."""
        raw = view.first("name")
        if raw is None:
            return False
        name = self.values.text(raw).strip()
        title = self.page.title.name
        return bool(name) and name not in title and title not in name

    @staticmethod
    def _uri_name(view: TemplateView, template_name: str) -> str:
        """The value naming a new resource (as wikitext): the first parameter whose key contains
        ``name``, else the first parameter, else the template's name (``TemplateMapping.generateUri``)."""
        if not view.keys:
            return template_name
        for key in view.keys:
            if "name" in key.lower():
                return view.raw(key) or ""
        return view.raw(view.keys[0]) or ""

    # --- new resources ----------------------------------------------------------------------
    def new_uri(self, base: IRI, name: str) -> IRI:
        """``<base>__<name>__<n>`` as DBpedia's ``UriGenerator`` makes it: the name cleaned of
        markup, cut at 50 characters, its overlap with the end of ``base`` removed; ``n`` counts
        the resources made from the same base and name on this page."""
        text = name
        if text:
            text = _QUOTES.sub("", text).replace("&nbsp;", " ")
            text = _URI_JUNK.sub(" ", text)
            text = _TAGS.sub("", text)
            text = _SPACES.sub(" ", text).strip()[:50]
            text = escape_iri_part(text)
            i = max(base.rfind("_"), base.rfind("/")) + 1
            while i > 0 and len(base) - i < len(text):
                if base[i:].lower() == text[: len(base) - i].lower():
                    text = text[len(base) - i:]
                    break
                i -= 1
            if text.startswith("_"):
                text = text[1:]
        uri = f"{base}__{text}" if text else str(base)
        self.counters[uri] += 1
        return IRI(f"{uri}__{self.counters[uri]}")

    def release_uri(self, uri: IRI) -> None:
        """Give back the last number :meth:`new_uri` handed out for ``uri``'s base and name."""
        stem, _, number = uri.rpartition("__")
        if number.isdigit() and self.counters[stem] == int(number):
            self.counters[stem] -= 1

    # --- the page's statements --------------------------------------------------------------
    def statements(self) -> list[Statement]:
        """Everything extracted, types of the page resource split into direct and transitive."""
        out: list[Statement] = []
        for st in self.emitter.statements():
            if st.dataset in (INSTANCE_TYPES, INSTANCE_TYPES_TRANSITIVE):
                if st.object == vocab.OWL_THING and st.subject == self.subject and st.object != self.page_class:
                    continue
                if st.dataset == INSTANCE_TYPES_TRANSITIVE and st.object == vocab.OWL_THING:
                    continue
                if st.subject == self.subject:
                    direct = st.object == self.page_class
                    st = st._replace(dataset=INSTANCE_TYPES if direct else INSTANCE_TYPES_TRANSITIVE)
            out.append(st)
        return list(dict.fromkeys(out))
