"""Following ``wikikg load``: the server switches to a new generation of its store without a restart.

A load publishes a new generation by replacing ``STORE/CURRENT`` (:mod:`wikikg.store.layout`).
A background task of the server looks at that file once every ``config.reload_interval``
seconds — one ``stat``; requests never touch it — and when it has changed, opens the generation
it names *beside* the served one, off the event loop: the RDF store, the Lookup index, the
manifest, a new :class:`~wikikg.server.site.Site` (URL builder and prefixes for its editions, a
response cache of its own, whose ETags carry its generation) and, when the server runs query
workers, a new pool of SPARQL worker processes opened on it.  Only when all of that is ready does
it become the Site new requests get.

Each request takes the Site once, when it arrives (:class:`Generations`), and keeps it to its
last byte: a page being rendered or a SPARQL result being streamed finishes on the generation it
started on.  The old Site is retired when its last request has finished: its workers are
stopped, its Lookup index closed, its lease on the generation released, and its folder removed —
unless another reader (a second server, ``wikikg query``) still holds it; then the last of them,
or the next load, removes it.  A generation that cannot be opened is logged and the served one
kept; the next change of ``CURRENT`` is tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from wikikg.server.config import ServerConfig
from wikikg.server.site import Site
from wikikg.store import open_store
from wikikg.store.layout import CURRENT, StoreDir
from wikikg.store.sparql import Limits, WorkerPool

log = logging.getLogger("wikikg")

SCOPE_KEY = "wikikg.site"  # where a request's Site is kept in its ASGI scope
_DRAIN_POLL = 0.05  # seconds between looks at a retired Site's requests in flight

Stamp = tuple[int, int, int] | None


def stamp(path: os.PathLike[str] | str) -> Stamp:
    """What identifies one version of ``CURRENT``: inode, modification time, size (a load
    replaces the file, so every publish gives it a new inode); ``None`` when it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def open_site(config: ServerConfig) -> Site:
    """The Site of the store's current generation (blocking: opens the store)."""
    store = open_store(config.store)
    try:
        return Site.create(config, store)
    except BaseException:
        store.close()
        raise


class Live:
    """The Site being served, switched when a load publishes a new generation."""

    def __init__(self, config: ServerConfig, site: Site, *, query_workers: bool = True,
                 on_switch: Callable[[Site], None] | None = None) -> None:
        self.config = config
        self.site = site
        self.query_workers = query_workers
        self._on_switch = on_switch
        self._current = StoreDir(config.store).path / CURRENT
        self._seen = stamp(self._current)
        self._watcher: asyncio.Task[None] | None = None
        self._retiring: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start the served Site's query workers and the watcher."""
        if self.query_workers and self.site.pool is None:
            self.site.pool = await self._pool(self.site)
        self._watcher = asyncio.get_running_loop().create_task(self._watch(), name="wikikg-generations")

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        for task in list(self._retiring):
            task.cancel()
        await asyncio.gather(*self._retiring, return_exceptions=True)
        await self._let_go(self.site, remove=False)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.config.reload_interval)
            now = stamp(self._current)
            if now == self._seen or now is None:
                continue
            self._seen = now
            try:
                await self.switch()
            except Exception:
                log.exception("%s: cannot serve the new generation; still serving %s", self.config.store,
                              self.site.store.generation.name)

    async def switch(self) -> bool:
        """Serve the generation ``CURRENT`` names now, if it is not the served one; ``True`` when
        the served Site changed."""
        site = await asyncio.to_thread(open_site, self.config)
        if site.store.generation.name == self.site.store.generation.name:
            site.store.close()
            return False
        try:
            if self.query_workers:
                site.pool = await self._pool(site)
        except BaseException:
            site.store.close()
            raise
        old, self.site = self.site, site
        if self._on_switch is not None:
            self._on_switch(site)
        log.info("%s: now serving %s (%s triples); %s retires when its requests finish", self.config.store,
                 site.store.generation.name, f"{site.store.manifest.triples:,}", old.store.generation.name)
        task = asyncio.get_running_loop().create_task(self._retire(old), name=f"wikikg-retire-{old.store.generation.name}")
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)
        return True

    async def _pool(self, site: Site) -> WorkerPool:
        cfg = self.config
        pool = WorkerPool(site.store.generation.oxigraph, cfg.query_workers,
                          Limits(cfg.query_timeout, cfg.max_rows, max_bytes=cfg.max_result_bytes,
                                 memory_mb=cfg.query_memory_mb),
                          per_client=cfg.queries_per_client, budget=cfg.client_budget)
        try:
            await pool.start()
        except BaseException:
            await pool.close()
            raise
        return pool

    async def _retire(self, old: Site) -> None:
        try:
            while old.active:
                await asyncio.sleep(_DRAIN_POLL)
        finally:
            await self._let_go(old, remove=True)

    @staticmethod
    async def _let_go(site: Site, *, remove: bool) -> None:
        if site.pool is not None:
            await site.pool.close()
            site.pool = None
        site.store.close()
        if remove:
            sdir, gen = StoreDir(site.store.path), site.store.generation
            # an older generation only: the load that replaced it may have left it for us
            if await asyncio.to_thread(sdir.remove_unused, gen):
                log.info("%s: removed %s", sdir.path, gen.name)


class Generations:
    """ASGI middleware: each HTTP request gets the Site served when it arrives and keeps it;
    the Site counts its requests in flight, so that it is retired only after the last one."""

    def __init__(self, app: ASGIApp, live: Live) -> None:
        self.app = app
        self.live = live

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        site = self.live.site
        scope[SCOPE_KEY] = site
        site.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            site.active -= 1


def site_of(request: Request) -> Site:
    """The Site that answers ``request``: the one served when it arrived."""
    site: Site | None = request.scope.get(SCOPE_KEY)
    if site is None:
        live: Live = request.app.state.live
        site = live.site
    return site
