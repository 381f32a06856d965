"""The mapping-based extractor and its runtime: DBpedia's infobox mappings run over each article.

:mod:`.extractor` is the extractor (registered as ``mappings``); :mod:`.runtime` runs one page's
templates through their class mappings, :mod:`.properties` the property mappings, :mod:`.parsers`
and :mod:`.values` turn infobox values into typed ones.  Importing the package registers the
extractor, so the registry's discovery of :mod:`wikikg.extractors` finds it like any other.
"""

from wikikg.extractors.mappings.extractor import MappingExtractor

__all__ = ["MappingExtractor"]
