"""The embedded store: loading extractions into pyoxigraph, the Lookup index, named queries.

``load(folders, store_path)`` builds or extends a store (atomically, see :mod:`.layout`);
``open_store(path)`` opens its served generation read-only.  This package knows :mod:`wikikg.rdf`
and nothing of the extractors.
"""

from wikikg.store.handle import KGStore, open_store
from wikikg.store.loader import LoadReport, load

__all__ = ["KGStore", "LoadReport", "load", "open_store"]
