"""Rendered responses kept in memory, bounded by bytes, least recently used first out.

A generation of the store never changes, so a rendered page stays right for as long as that
generation is served.  Each served generation has a cache of its own (made with its
:class:`~wikikg.server.site.Site`, dropped with it when a load replaces the generation), so an
answer from an older generation is never served; every cached response carries an ``ETag``
(the generation and a hash of the body), and a matching ``If-None-Match`` gets
``304 Not Modified`` — an ETag from an older generation never matches.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response


@dataclass(frozen=True)
class Cached:
    status: int
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]
    etag: str

    def response(self, request: Request, hit: bool = True) -> Response:
        headers = dict(self.headers)
        headers["ETag"] = self.etag
        headers["X-Cache"] = "hit" if hit else "miss"
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        return Response(self.body, status_code=self.status, media_type=self.media_type, headers=headers)


class ResponseCache:
    """Shared by the threads that make pages (:func:`wikikg.server.app.timed`): one lock."""

    def __init__(self, max_bytes: int, generation: str) -> None:
        self._lock = threading.Lock()
        self.max_bytes = max_bytes
        self.generation = generation
        self._items: OrderedDict[Hashable, Cached] = OrderedDict()
        self._size = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: Hashable, body: bytes, media_type: str, headers: Mapping[str, str] | None = None,
            status: int = 200) -> Cached:
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        item = Cached(status, body, media_type, tuple((headers or {}).items()), f'"{self.generation}-{digest}"')
        if len(body) > self.max_bytes // 8:
            return item  # too big to keep
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._items[key] = item
            self._size += len(body)
            while self._size > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped.body)
        return item
