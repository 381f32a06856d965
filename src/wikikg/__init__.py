"""wikikg: MediaWiki dumps in, a DBpedia-compatible knowledge graph out."""

__version__ = "0.1.0"
