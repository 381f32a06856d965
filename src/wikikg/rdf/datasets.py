"""The datasets wikikg writes, named after DBpedia's published artifacts.

A dataset's file is ``<artifact>_lang=<lang>[_<variant>].nt.gz`` — e.g. ``page_lang=en_ids.nt.gz``
(DBpedia Databus, group ``generic``/``mappings``/``text``).  Extractors name the datasets they emit
by ``key``; the sink turns the key into a file name.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPRESSIONS = {"gz": ".gz", "bz2": ".bz2", "none": ""}


@dataclass(frozen=True, slots=True)
class Dataset:
    """A dataset; ``unique`` asks the pipeline to write each triple once per file even when many
    pages state it (vocabulary declarations such as ``infobox-property-definitions``);
    ``redirected`` to replace, after the pass, each object that is a redirect page's resource by the
    resource at the end of its redirect chain, as DBpedia does for the links between things (its
    ``MapObjectUris`` over page links, article categories, disambiguations, infobox and mapping-based
    properties): ``[[Monty]]`` in an infobox means the page ``Monty`` redirects to."""

    artifact: str
    variant: str | None = None
    description: str = ""
    unique: bool = False
    redirected: bool = False

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
            redirected: bool = False) -> Dataset:
    """Declare a dataset (idempotent) and return it."""
    ds = Dataset(artifact, variant, description, unique, redirected)
    existing = _REGISTRY.setdefault(ds.key, ds)
    return existing


def get(key: str) -> Dataset:
    return _REGISTRY[key]


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


# The generic datasets (issue: extraction pipeline).
LABELS = dataset("labels", None, "rdfs:label of every article")
PAGE_IDS = dataset("page", "ids", "dbo:wikiPageID")
PAGE_LENGTH = dataset("page", "length", "dbo:wikiPageLength, characters of the source")
PAGE_OUTDEGREE = dataset("page", "outdegree", "dbo:wikiPageOutDegree")
REVISION_IDS = dataset("revisions", "ids", "dbo:wikiPageRevisionID")
REVISION_URIS = dataset("revisions", "uris", "prov:wasDerivedFrom the revision's URL")
WIKIPEDIA_LINKS = dataset("wikipedia-links", None, "foaf:isPrimaryTopicOf / foaf:primaryTopic")
WIKILINKS = dataset("wikilinks", None, "dbo:wikiPageWikiLink", redirected=True)
EXTERNAL_LINKS = dataset("external-links", None, "dbo:wikiPageExternalLink")
REDIRECTS = dataset("redirects", None, "dbo:wikiPageRedirects")
REDIRECTS_TRANSITIVE = dataset("redirects", "transitive", "redirects resolved to their final target")
DISAMBIGUATIONS = dataset("disambiguations", None, "dbo:wikiPageDisambiguates", redirected=True)
CATEGORIES_ARTICLES = dataset("categories", "articles", "dct:subject", redirected=True)
CATEGORIES_LABELS = dataset("categories", "labels", "rdfs:label of categories")
CATEGORIES_SKOS = dataset("categories", "skos", "skos:Concept, prefLabel, broader")
ARTICLE_TEMPLATES = dataset("article-templates", None, "dbp:wikiPageUsesTemplate")
GEO_COORDINATES = dataset("geo-coordinates", None, "geo:lat, geo:long, georss:point")
IMAGES = dataset("images", None, "foaf:depiction, dbo:thumbnail")
HOMEPAGES = dataset("homepages", None, "foaf:homepage")
