"""An opened store: the served generation's RDF store, Lookup index and manifest, read-only.

Opening leases the generation (:mod:`wikikg.store.layout`): no load removes it until
:meth:`KGStore.close` (or until the handle is garbage-collected).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from wikikg.errors import StoreError
from wikikg.store.layout import Generation, Lease, StoreDir
from wikikg.store.lookup import LookupIndex
from wikikg.store.manifest import StoreManifest

log = logging.getLogger("wikikg")


@dataclass
class KGStore:
    """What ``query`` and ``serve`` work with.

    ``warning`` is set when the folder shows an unfinished load (the complete generation is
    still served).
    """

    path: Path
    generation: Generation
    manifest: StoreManifest
    rdf: ox.Store
    lookup: LookupIndex
    warning: str | None = None
    lease: Lease | None = None

    @property
    def primary_lang(self) -> str:
        return str(self.manifest.stats.get("primary_lang", "en"))

    def close(self) -> None:
        """Close the Lookup index and let go of the generation.  The RDF store closes when the
        last reference to ``rdf`` goes; nothing may query it after this."""
        self.lookup.close()
        if self.lease is not None:
            self.lease.release()


def locate(path: Path | str) -> tuple[StoreDir, Generation, Lease, str | None]:
    """The served generation of the store at ``path``, leased; :class:`StoreError` when there is none."""
    sdir = StoreDir(path)
    if not sdir.path.exists():
        raise StoreError(f"{sdir.path}: no such store (create it with `wikikg load OUT -s {sdir.path}`)")
    if not sdir.path.is_dir():
        raise StoreError(f"{sdir.path}: not a store folder")
    leased = sdir.lease_current()
    if leased is None:
        if sdir.generations():
            if sdir.is_locked():
                raise StoreError(f"{sdir.path}: the first load into this store is still running")
            raise StoreError(f"{sdir.path}: incomplete store — a load was interrupted before it finished; "
                             "run `wikikg load` again")
        raise StoreError(f"{sdir.path}: not a wikikg store (create it with `wikikg load OUT -s {sdir.path}`)")
    current, lease = leased
    return sdir, current, lease, sdir.describe_problem()


def open_store(path: Path | str) -> KGStore:
    """Open the store at ``path`` read-only."""
    sdir, gen, lease, warning = locate(path)
    if warning:
        log.warning("%s", warning)
    try:
        manifest = StoreManifest.read(gen.manifest)
        try:
            rdf = ox.Store.read_only(str(gen.oxigraph))
        except OSError as exc:
            raise StoreError(f"{gen.oxigraph}: cannot open the RDF store ({exc})") from exc
        lookup = LookupIndex(gen.lookup)
    except BaseException:
        lease.release()
        raise
    return KGStore(sdir.path, gen, manifest, rdf, lookup, warning, lease)
