"""The datasets wikikg writes, named after DBpedia's published artifacts, each declared once here.

A dataset's file is ``<artifact>_lang=<lang>[_<variant>].nt.gz`` — e.g. ``page_lang=en_ids.nt.gz``
(DBpedia Databus, group ``generic``/``mappings``/``text``).  Extractors emit statements for the
:class:`Dataset` objects declared below (and list them in their ``datasets``); the sink turns a
dataset into a file name.  Every rule about a dataset is a field of it, read by the local engine,
the Spark engine and the loader alike — no other module keeps a list of dataset names; the store,
which knows only :mod:`wikikg.rdf`, finds a file's rules with :func:`of_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

COMPRESSIONS = {"gz": ".gz", "bz2": ".bz2", "none": ""}
#: the variant a file of the canonical view carries beside its dataset's own (``labels_lang=de_canonicalized``)
CANONICALIZED = "canonicalized"


class Lookup(Enum):
    """What a dataset gives the Lookup index (:mod:`wikikg.store.lookup`); the loader loads the
    datasets that give something first, and reads them while the rest is loading."""

    NONE = "none"
    LABELS = "labels"  #: the resources' names (``rdfs:label``)
    REDIRECTS = "redirects"  #: redirects: their labels name their targets
    CATEGORY_CONCEPTS = "category-concepts"  #: ``skos:Concept``: categories are not looked up
    TYPES = "types"  #: DBpedia classes of the resources
    SPECIFIC_TYPES = "specific-types"  #: the same, and these are each resource's most specific ones


@dataclass(frozen=True, slots=True)
class Dataset:
    """A dataset and every rule about it.

    ``unique`` asks the pipeline to write each triple once per file even when many pages state it
    (vocabulary declarations such as ``infobox-property-definitions``).

    ``redirected`` to replace, after the pass, each object that is a redirect page's resource by
    the resource at the end of its redirect chain, as DBpedia does for the links between things
    (its ``MapObjectUris`` over page links, article categories, disambiguations, infobox and
    mapping-based properties): ``[[Monty]]`` in an infobox means the page ``Monty`` redirects to.

    ``canonicalized``: whether the canonical view of a multilingual run rewrites the dataset of a
    non-canonical edition onto the canonical edition's IRIs (:mod:`wikikg.pipeline.canonical`);
    not the datasets about an edition's own pages (ids, revisions, length, out-degree, redirects)
    nor the interlanguage links, which are the mapping itself.

    ``lookup``: what the dataset feeds the Lookup index (:class:`Lookup`).

    ``default_graph_in_multilingual``: a hint for loading editions into named graphs — the
    datasets DBpedia's default graph takes from the other editions too (labels, long and short
    abstracts, interlanguage links and their sameAs).
    """

    artifact: str
    variant: str | None = None
    description: str = ""
    unique: bool = False
    redirected: bool = False
    canonicalized: bool = True
    lookup: Lookup = Lookup.NONE
    default_graph_in_multilingual: bool = False

    def __hash__(self) -> int:  # the key identifies a dataset: cheaper than hashing every field
        return hash((self.artifact, self.variant))

    @property
    def key(self) -> str:
        return f"{self.artifact}_{self.variant}" if self.variant else self.artifact

    def filename(self, lang: str, compress: str = "gz", extra_variant: str | None = None) -> str:
        """``labels_lang=en.nt.gz``; ``extra_variant`` appends e.g. ``canonicalized``."""
        variants = [v for v in (self.variant, extra_variant) if v]
        suffix = "".join(f"_{v}" for v in variants)
        return f"{self.artifact}_lang={lang}{suffix}.nt{COMPRESSIONS[compress]}"


_REGISTRY: dict[str, Dataset] = {}


def dataset(artifact: str, variant: str | None = None, description: str = "", *, unique: bool = False,
            redirected: bool = False, canonicalized: bool = True, lookup: Lookup = Lookup.NONE,
            default_graph_in_multilingual: bool = False) -> Dataset:
    """Declare a dataset and return it; a key declared twice is a programming error."""
    ds = Dataset(artifact, variant, description, unique, redirected, canonicalized, lookup,
                 default_graph_in_multilingual)
    if ds.key in _REGISTRY:
        raise ValueError(f"dataset {ds.key!r} declared twice")
    _REGISTRY[ds.key] = ds
    return ds


def get(key: str) -> Dataset | None:
    """The dataset declared under ``key`` (``page_ids``), ``None`` when there is none."""
    return _REGISTRY.get(key)


def all_datasets() -> dict[str, Dataset]:
    return dict(_REGISTRY)


def parse_filename(name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """Split a dataset file name into (artifact, lang, variants); ``None`` if it is not one.

    >>> parse_filename("page_lang=en_ids.nt.gz")
    ('page', 'en', ('ids',))
    >>> parse_filename("labels_lang=de_canonicalized.nt")
    ('labels', 'de', ('canonicalized',))
    """
    base = name.rsplit("/", 1)[-1]
    for ext in (".nt.gz", ".nt.bz2", ".nt"):
        if base.endswith(ext):
            base = base[: -len(ext)]
            break
    else:
        return None
    artifact, sep, rest = base.partition("_lang=")
    if not sep or not artifact or not rest:
        return None
    lang, *variants = rest.split("_")
    return artifact, lang, tuple(variants)


def of_file(name: str) -> Dataset | None:
    """The dataset a file of an extraction holds (canonicalized or not); ``None`` when the name is
    not a dataset file's or names no declared dataset.

    >>> of_file("page_lang=de_ids_canonicalized.nt.gz") is PAGE_IDS, of_file("nope_lang=en.nt") is None
    (True, True)
    """
    parsed = parse_filename(name)
    if parsed is None:
        return None
    artifact, _, variants = parsed
    plain = [v for v in variants if v != CANONICALIZED]
    return get("_".join([artifact, *plain]))


# --- generic ----------------------------------------------------------------------------------
# About an edition's own pages (ids, revisions, length, out-degree, redirects): not canonicalized.
LABELS = dataset("labels", None, "rdfs:label of every article", lookup=Lookup.LABELS,
                 default_graph_in_multilingual=True)
PAGE_IDS = dataset("page", "ids", "dbo:wikiPageID", canonicalized=False)
PAGE_LENGTH = dataset("page", "length", "dbo:wikiPageLength, characters of the source", canonicalized=False)
PAGE_OUTDEGREE = dataset("page", "outdegree", "dbo:wikiPageOutDegree", canonicalized=False)
REVISION_IDS = dataset("revisions", "ids", "dbo:wikiPageRevisionID", canonicalized=False)
REVISION_URIS = dataset("revisions", "uris", "prov:wasDerivedFrom the revision's URL", canonicalized=False)
WIKIPEDIA_LINKS = dataset("wikipedia-links", None, "foaf:isPrimaryTopicOf / foaf:primaryTopic")
WIKILINKS = dataset("wikilinks", None, "dbo:wikiPageWikiLink", redirected=True)
EXTERNAL_LINKS = dataset("external-links", None, "dbo:wikiPageExternalLink")
REDIRECTS = dataset("redirects", None, "dbo:wikiPageRedirects", canonicalized=False, lookup=Lookup.REDIRECTS)
REDIRECTS_TRANSITIVE = dataset("redirects", "transitive", "redirects resolved to their final target",
                               canonicalized=False, lookup=Lookup.REDIRECTS)
DISAMBIGUATIONS = dataset("disambiguations", None, "dbo:wikiPageDisambiguates", redirected=True)
CATEGORIES_ARTICLES = dataset("categories", "articles", "dct:subject", redirected=True)
CATEGORIES_LABELS = dataset("categories", "labels", "rdfs:label of categories")
CATEGORIES_SKOS = dataset("categories", "skos", "skos:Concept, prefLabel, broader",
                          lookup=Lookup.CATEGORY_CONCEPTS)
ARTICLE_TEMPLATES = dataset("article-templates", None, "dbp:wikiPageUsesTemplate")
ARTICLE_TEMPLATES_NESTED = dataset("article-templates", "nested", "templates used inside other templates")
GEO_COORDINATES = dataset("geo-coordinates", None, "geo:lat, geo:long, georss:point")
IMAGES = dataset("images", None, "foaf:depiction, dbo:thumbnail")
HOMEPAGES = dataset("homepages", None, "foaf:homepage")
# the links themselves are the canonical view's mapping: not canonicalized
INTERLANGUAGE_LINKS = dataset("interlanguage-links", None,
                              "dbo:wikiPageInterLanguageLink to the same page in another edition",
                              canonicalized=False, default_graph_in_multilingual=True)
INTERLANGUAGE_SAMEAS = dataset("interlanguage-links", "sameas",
                               "owl:sameAs between the editions' resources of an interlanguage link",
                               canonicalized=False, default_graph_in_multilingual=True)

# --- text ------------------------------------------------------------------------------------
LONG_ABSTRACTS = dataset("long-abstracts", None, "dbo:abstract: the lead section as plain text",
                         default_graph_in_multilingual=True)
SHORT_ABSTRACTS = dataset("short-abstracts", None, "rdfs:comment: the first sentences of the abstract",
                          default_graph_in_multilingual=True)

# --- infobox ---------------------------------------------------------------------------------
INFOBOX_PROPERTIES = dataset("infobox-properties", None, "dbp: properties of every infobox, typed values",
                             redirected=True)
INFOBOX_PROPERTY_DEFINITIONS = dataset("infobox-property-definitions", None, unique=True, description=
                                       "dbp: properties used by infoboxes: rdf:Property and rdfs:label")

# --- mappings --------------------------------------------------------------------------------
INSTANCE_TYPES = dataset("instance-types", None, "rdf:type: the most specific ontology class",
                         lookup=Lookup.SPECIFIC_TYPES)
INSTANCE_TYPES_TRANSITIVE = dataset("instance-types", "transitive",
                                    "rdf:type: superclasses and equivalent classes, owl:Thing excluded",
                                    lookup=Lookup.TYPES)
MAPPINGBASED_LITERALS = dataset("mappingbased-literals", None, "ontology properties with literal values")
MAPPINGBASED_OBJECTS = dataset("mappingbased-objects", None, "ontology properties with resource values",
                               redirected=True)
SPECIFIC_PROPERTIES = dataset("specific-mappingbased-properties", None,
                              "quantities in the unit the ontology gives the class (dbo:Person/height)")
GEO_MAPPINGBASED = dataset("geo-coordinates-mappingbased", None, "geo:lat, geo:long, georss:point from infoboxes")
# written after the pass, by the type-consistency check (see MappingExtractor.finish)
OBJECTS_DISJOINT_RANGE = dataset("mappingbased-objects", "disjointRange",
                                 "mapped objects whose type is disjoint with the property's range")
OBJECTS_DISJOINT_DOMAIN = dataset("mappingbased-objects", "disjointDomain",
                                  "mapped objects whose subject's type is disjoint with the property's domain")
