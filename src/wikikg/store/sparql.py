"""Running user SPARQL: read-only, within limits of time, rows, bytes, memory and shape, streamed.

pyoxigraph evaluates a query lazily but cannot be interrupted from Python while it computes
(an ``ORDER BY`` or ``COUNT`` over the whole graph blocks inside one call).  So user queries run
in separate worker processes (:mod:`wikikg.store.sparql_worker`), each with its own read-only
handle on the store; a query that outlives its time limit has its worker killed and replaced.
Between solutions the worker also checks the deadline itself and closes the document properly,
so a long-running stream ends as valid JSON/XML rather than cut off.

The server never trusts a query (see :class:`Limits` for the numbers):

* **one worker, one request** — a worker is handed out as a :class:`_Lease`, ended exactly once:
  back to the pool when the worker finished the query cleanly, else killed and replaced;
* **no outbound calls** — ``SERVICE`` (federated query) is refused before evaluation
  (:func:`screen`), as pyoxigraph would otherwise fetch any URL the query names;
* **shape** — nesting of ``{ ( [`` deeper than ``max_depth`` and too many ``EXISTS`` or
  sub-``SELECT`` are refused before the parser sees them (Oxigraph's parser recurses and a deep
  query overflows its stack);
* **memory** — each worker runs under ``RLIMIT_DATA`` (``memory_mb``); a query that needs more
  fails with :class:`QueryTooLarge` and its worker is replaced;
* **result bytes** — a result is cut at about ``max_bytes``, as at the row limit and the time
  limit;
* **fair share** — at most ``per_client`` queries at once per client and ``budget`` seconds of
  query time per client in any minute (:class:`TooManyQueries`, answered 429 with
  ``Retry-After``, as the Wikidata Query Service does), and when every worker has been busy for
  ``surge_after`` seconds a waiting query gets an extra worker (at most ``surge`` of them,
  retired after their query).

A cut result says so: ``Outcome.truncated`` is ``"rows"``, ``"time"``, ``"bytes"`` (or
``"error"``/``"memory"`` when evaluation failed after the result began).  The documents carry
the note where their syntax allows one: SPARQL JSON results get a top-level member
``"truncated": "rows"`` after ``results`` (readers such as SPARQLWrapper and rdflib ignore
members they do not know), XML results, Turtle and N-Triples a comment (``<!-- truncated: rows
-->``, ``# truncated: rows``); CSV, TSV, JSON-LD and RDF/XML have no place for it.  A result
shorter than about two frames is complete before its first byte is sent, so the HTTP headers
can carry ``X-SPARQL-Truncated`` too.

The protocol between the server and a worker is a stream of frames on the worker's stdin and
stdout: one request (JSON), then ``H`` (header: result kind, media type, variables), ``D`` (a chunk
of the serialized result) …, and ``E`` (end: rows, truncation, then the last chunk) or ``X``
(error).  The worker holds each chunk back until the next one exists, so the last chunk always
travels in the ``E`` frame.

:func:`execute` is the same evaluation in-process (for ``wikikg query`` and the worker itself).
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import math
import os
import re
import struct
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from wikikg.errors import QueryError
from wikikg.store import results
from wikikg.store.prefixes import SPARQL_PREFIXES

log = logging.getLogger("wikikg")

_UPDATE_VERBS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n\s*|PREFIX\s+[^:\s]*:\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*", re.I)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


class QueryTimeout(QueryError):
    """The query did not produce a first result within the time limit."""


class UpdateRefused(QueryError):
    """The text is a SPARQL Update; this endpoint is read-only."""


class QueryRefused(QueryError):
    """The query asks for something this endpoint does not do (``SERVICE``) or is shaped to
    crash the parser (nesting, ``EXISTS`` counts)."""


class QueryTooLarge(QueryError):
    """Evaluating the query needed more memory than a worker may use."""


class TooManyQueries(QueryError):
    """The client already runs as many queries as it may at once."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class WorkerCrashed(Exception):
    """A worker died unexpectedly (our problem, not the caller's)."""


def is_update(text: str) -> bool:
    """``True`` when ``text`` is a SPARQL 1.1 Update rather than a query.

    >>> is_update("PREFIX dbo: <http://dbpedia.org/ontology/>\\nINSERT DATA { <a> <b> <c> }")
    True
    >>> is_update("# a comment\\nSELECT * WHERE { ?s ?p ?o }")
    False
    >>> is_update("DROP ALL")
    True
    """
    m = _PROLOGUE.match(text)
    rest = text[m.end():] if m else text
    word = _FIRST_WORD.match(rest)
    return bool(word) and word.group(0).upper() in _UPDATE_VERBS  # type: ignore[union-attr]


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def syntax_message(message: str, query: str) -> str:
    r"""Oxigraph's syntax error in one readable line: where, what was expected, what was there.

    >>> syntax_message('error at 1:21: expected one of "!", "$", [\'0\' ..= \'9\'], [_]', "SELECT ?x WHERE { ?x")
    'SPARQL syntax error at line 1, column 21 (near "WHERE { ?x"): expected one of "!", "$"'
    """
    m = _ERROR_AT.match(message)
    if not m:
        return "SPARQL syntax error: " + " ".join(message.split())[:300]
    line, column, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = query.split("\n")
    near = ""
    if 1 <= line <= len(lines):
        text = lines[line - 1]
        near = " ".join(text[max(0, column - 12): column + 12].split())
    if rest.startswith("expected one of"):
        tokens = _QUOTED.findall(rest)
        what = ("expected one of " + ", ".join(tokens[:10]) + (" …" if len(tokens) > 10 else "") if tokens
                else " ".join(rest.split("[")[0].split()).rstrip(", "))
    else:
        what = " ".join(rest.split())[:200]
    where = f"line {line}, column {column}" + (f' (near "{near}")' if near else "")
    return f"SPARQL syntax error at {where}: {what}"


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits.

    ``timeout``: seconds per query (WDQS and Fuseki: 60 s; dbpedia.org's Virtuoso: 120 s);
    ``max_rows``: rows (or triples) per result (Virtuoso on dbpedia.org: 10,000);
    ``max_bytes``: about this many bytes of serialized result, then the result is cut;
    ``memory_mb``: memory one worker may allocate (0: no cap);
    ``max_depth``, ``max_exists``, ``max_selects``: the shape :func:`screen` lets through —
    far beyond any real query, far below what overflows Oxigraph's recursive parser.
    """

    timeout: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 32 * 1024 * 1024
    memory_mb: int = 1024
    max_depth: int = 64
    max_exists: int = 128
    max_selects: int = 64


# --- the shape of a query, read without parsing it ------------------------------------------

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEX = re.compile(r'''
    (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<word>(?:[^\s{}()\[\]<>"'#,;\\]|\\.)+)
  | (?P<other>.)
''', re.X | re.S)


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def screen(query: str, limits: Limits = Limits()) -> None:
    """Refuse, with :class:`QueryRefused`, a query that calls out (``SERVICE``) or is shaped to
    crash the parser.  One linear pass over the tokens outside strings, IRIs and comments
    (after SPARQL's ``\\u`` escapes, which the grammar allows anywhere).

    >>> screen("SELECT * WHERE { ?s rdfs:label 'SERVICE <x>' } # SERVICE")
    >>> screen("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    wikikg.store.sparql.QueryRefused: SERVICE (federated query) is not allowed on this endpoint (line 1, column 18): it would make the server connect to other addresses
    >>> screen("SELECT * WHERE " + "{" * 100 + "}" * 100)
    Traceback (most recent call last):
    ...
    wikikg.store.sparql.QueryRefused: the query nests { ( [ more than 64 levels deep (line 1, column 80); this endpoint refuses such queries
    """
    text = _CODEPOINT.sub(_unescape, query) if "\\" in query else query
    depth = exists = selects = 0
    for m in _LEX.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > limits.max_depth:
                raise QueryRefused(f"the query nests {{ ( [ more than {limits.max_depth} levels deep "
                                   f"({_where(text, m.start())}); this endpoint refuses such queries")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word":
            word = m.group().upper()
            if word == "SERVICE":
                raise QueryRefused(f"SERVICE (federated query) is not allowed on this endpoint "
                                   f"({_where(text, m.start())}): it would make the server connect to other addresses")
            if word == "EXISTS":
                exists += 1
                if exists > limits.max_exists:
                    raise QueryRefused(f"the query has more than {limits.max_exists} EXISTS / NOT EXISTS "
                                       "filters; this endpoint refuses such queries")
            elif word == "SELECT":
                selects += 1
                if selects > limits.max_selects:
                    raise QueryRefused(f"the query has more than {limits.max_selects} (sub)queries; "
                                       "this endpoint refuses such queries")


@dataclass
class Outcome:
    """How an evaluation went: what it was, how much it wrote, whether it was cut short."""

    kind: str = ""  # "select", "ask" or "graph"
    media_type: str = ""
    variables: list[str] = field(default_factory=list)
    rows: int = 0
    truncated: str | None = None  # None, "rows", "time", "bytes"; "error"/"memory" mid-result
    seconds: float = 0.0
    bytes: int = 0


def _term_size(term: Any) -> int:
    if isinstance(term, ox.Triple):
        return _term_size(term.subject) + _term_size(term.predicate) + _term_size(term.object)
    return len(term.value) if term is not None else 0


def _limited(items: Iterator[Any], limits: Limits, deadline: float, outcome: Outcome) -> Iterator[Any]:
    """``items`` up to the row limit, the byte cap and the deadline; evaluation errors become
    :class:`QueryError`.  An item that would take the output past the byte cap is not written.

    The cap is checked against the size of the terms passed on so far — not against the bytes
    already emitted, which the writers buffer in batches far larger than a small cap."""
    n = 0
    size = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except (OSError, ValueError, SyntaxError) as exc:
            # evaluation errors surface while iterating (e.g. a type error in a function call)
            raise QueryError(f"the query failed: {exc}") from exc
        if n >= limits.max_rows:
            outcome.truncated = "rows"
            return
        if n % 64 == 0 and time.monotonic() > deadline:
            outcome.truncated = "time"
            return
        terms = (item,) if isinstance(item, ox.Triple) else item
        size += sum(_term_size(t) for t in terms)
        if size > limits.max_bytes:
            outcome.truncated = "bytes"
            return
        n += 1
        yield item


def execute(store: ox.Store, query: str, *, select_format: str = "json", graph_format: str = "ttl",
            limits: Limits = Limits(), emit: Callable[[bytes], object],
            on_header: Callable[[Outcome], None] | None = None) -> Outcome:
    """Evaluate ``query`` on ``store`` and write the result through ``emit``.

    Raises :class:`QueryError` for a malformed query, :class:`QueryRefused` for one
    :func:`screen` refuses and :class:`UpdateRefused` for an update.
    """
    start = time.monotonic()
    deadline = start + limits.timeout
    if is_update(query):
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
    screen(query, limits)
    try:
        result = store.query(query, prefixes=SPARQL_PREFIXES)
    except SyntaxError as exc:
        raise QueryError(syntax_message(str(exc.msg or exc), query)) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query cannot be evaluated: {exc}") from exc
    outcome = Outcome()

    def counted(chunk: bytes) -> None:
        outcome.bytes += len(chunk)
        emit(chunk)

    def note() -> str | None:
        return outcome.truncated

    if isinstance(result, ox.QuerySolutions):
        outcome.kind = "select"
        outcome.media_type = results.SELECT_FORMATS[select_format].media_type
        outcome.variables = [v.value for v in result.variables]
        if on_header:
            on_header(outcome)
        rows = (list(sol) for sol in _limited(iter(result), limits, deadline, outcome))
        outcome.rows = results.write_select(outcome.variables, rows, select_format, counted, note=note)
    elif isinstance(result, ox.QueryBoolean):
        outcome.kind = "ask"
        outcome.media_type = results.SELECT_FORMATS[select_format].media_type
        if on_header:
            on_header(outcome)
        results.write_boolean(bool(result), select_format, counted)
        outcome.rows = 1
    else:
        outcome.kind = "graph"
        outcome.media_type = results.GRAPH_FORMATS[graph_format].media_type
        if on_header:
            on_header(outcome)
        triples = _limited(iter(result), limits, deadline, outcome)
        outcome.rows = results.write_graph(triples, graph_format, counted, SPARQL_PREFIXES, note=note)
    outcome.seconds = time.monotonic() - start
    return outcome


# ---------------------------------------------------------------------------------------------
# Frames between the server and its workers

_HEAD = struct.Struct("!cI")
_LEN = struct.Struct("!I")
_STARTUP = 120.0  # seconds a worker may take to import and open the store
BUDGET_WINDOW = 60.0  # seconds over which a client's query time is counted (WDQS: one minute)


def encode_frame(kind: bytes, payload: bytes) -> bytes:
    return _HEAD.pack(kind, len(payload)) + payload


def encode_end(outcome: Outcome, last: bytes) -> bytes:
    """The ``E`` frame's payload: the outcome as JSON, then the result's last chunk."""
    end = json.dumps({"rows": outcome.rows, "truncated": outcome.truncated, "seconds": outcome.seconds}).encode()
    return _LEN.pack(len(end)) + end + last


def _finish(outcome: Outcome, payload: bytes) -> bytes:
    (size,) = _LEN.unpack_from(payload)
    end = json.loads(payload[_LEN.size:_LEN.size + size])
    outcome.rows = end["rows"]
    outcome.truncated = end["truncated"]
    outcome.seconds = end["seconds"]
    return payload[_LEN.size + size:]


async def _read_frame(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readexactly(_HEAD.size)
    kind, size = _HEAD.unpack(head)
    return kind, await reader.readexactly(size)


class _Worker:
    """One worker process; its stderr is passed on to our log and watched to tell
    whether it died failing to allocate."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.failed_to_allocate = False
        self._stderr = asyncio.get_running_loop().create_task(self._read_stderr())

    async def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            text = line.decode(errors="replace").rstrip()
            if "memory allocation of" in text or "MemoryError" in text:
                self.failed_to_allocate = True
            log.warning("query worker %d: %s", self.proc.pid, text)

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None

    async def send(self, request: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        payload = json.dumps(request).encode()
        try:
            self.proc.stdin.write(_LEN.pack(len(payload)) + payload)
            await self.proc.stdin.drain()
        except (ConnectionResetError, BrokenPipeError) as exc:
            raise WorkerCrashed("a query worker had stopped") from exc

    async def frame(self) -> tuple[bytes, bytes]:
        assert self.proc.stdout is not None
        return await _read_frame(self.proc.stdout)

    async def out_of_memory(self) -> bool:
        """After the worker's output ended: did it die failing to allocate?"""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.proc.wait(), 2.0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._stderr), 1.0)
        return self.failed_to_allocate

    def kill_now(self) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()

    async def kill(self) -> None:
        self.kill_now()
        with contextlib.suppress(Exception):
            await self.proc.wait()


class _Lease:
    """A worker handed to one request for one query.  :meth:`end` is idempotent: the first call
    gives the worker back (``clean``: it finished the query and waits for the next) or kills and
    replaces it; every later call does nothing.  No other path returns a worker to the pool."""

    def __init__(self, pool: WorkerPool, worker: _Worker, client: str | None) -> None:
        self.pool = pool
        self.worker = worker
        self.client = client
        self.since = time.monotonic()
        self.ended = False

    async def end(self, *, clean: bool) -> None:
        if self.ended:
            return
        self.ended = True
        await self.pool._end(self, clean)

    def abandon(self) -> None:
        """End without awaiting (a result dropped unread): kill the worker, replace it later."""
        if not self.ended:
            self.ended = True
            self.pool._end_now(self)


@dataclass
class Running:
    """A query under way: its header is known, its body is :meth:`chunks`."""

    outcome: Outcome
    first: bytes
    _lease: _Lease
    _deadline: float
    _done: bool = False

    @property
    def done(self) -> bool:
        """The whole result is here already (and ``outcome`` complete)."""
        return self._done

    async def chunks(self) -> AsyncIterator[bytes]:
        """The rest of the serialized result; the outcome is complete when this ends."""
        pool, worker = self._lease.pool, self._lease.worker
        try:
            if self.first:
                yield self.first
            while not self._done:
                kind, payload = await pool._next(worker, self._deadline)
                if kind == b"D":
                    yield payload
                elif kind == b"E":
                    last = _finish(self.outcome, payload)
                    self._done = True
                    if last:
                        yield last
                elif kind == b"X":
                    # evaluation failed after the result had begun: the document stays cut
                    err = json.loads(payload)
                    log.warning("query failed mid-result: %s", err["message"])
                    self.outcome.truncated = "memory" if err.get("kind") == "memory" else "error"
                    self._done = True
                else:
                    raise WorkerCrashed(f"unexpected frame {kind!r}")
        except QueryTimeout:
            self.outcome.truncated = "time"
        finally:
            # not done: the client went away, or time ran out mid-stream, or the worker died —
            # it is busy with a result nobody reads: replace it
            await self._lease.end(clean=self._done)

    async def read_all(self) -> bytes:
        return b"".join([c async for c in self.chunks()])

    async def close(self) -> None:
        """Give the worker up without reading the rest."""
        await self._lease.end(clean=self._done)

    def __del__(self) -> None:
        # a response dropped before its body was iterated must not keep its worker
        lease = self.__dict__.get("_lease")
        if lease is not None and not lease.ended:
            lease.abandon()


class WorkerPool:
    """Query worker processes over one store, each leased to one query at a time.

    ``size`` workers always; at most ``per_client`` queries at once and ``budget`` seconds of
    query time per :data:`BUDGET_WINDOW` from one client (the ``client`` given to :meth:`run`,
    e.g. its address; ``None``: unlimited); when a query waits while every worker has been busy
    for ``surge_after`` seconds, up to ``surge`` extra workers start, and retire after their
    query.
    """

    def __init__(self, oxigraph_path: Path, size: int = 2, limits: Limits = Limits(), grace: float = 1.0, *,
                 per_client: int = 2, budget: float = 60.0, surge: int = 2, surge_after: float = 1.0) -> None:
        self.path = oxigraph_path
        self.size = max(1, size)
        self.limits = limits
        self.grace = grace
        self.per_client = max(1, per_client)
        self.budget = budget
        self._spent: dict[str, collections.deque[tuple[float, float]]] = {}  # client: (ended, seconds)
        self.surge = max(0, surge)
        self.surge_after = surge_after
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._leases: dict[_Worker, _Lease] = {}
        self._clients: collections.Counter[str] = collections.Counter()
        self._spawning = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for w in workers:
            self._idle.put_nowait(w)

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            with contextlib.suppress(Exception):
                await task
        for w in list(self._all):
            await w.kill()
        self._all.clear()

    def pids(self, client: str | None = None) -> list[int]:
        """Process ids of the workers alive (of those leased to ``client``, if given)."""
        if client is None:
            return sorted(w.proc.pid for w in self._all)
        return sorted(w.proc.pid for w, lease in self._leases.items() if lease.client == client)

    def stats(self) -> dict[str, int]:
        """Workers alive, idle, leased, starting: for tests and logs."""
        return {"workers": len(self._all), "idle": self._idle.qsize(), "leased": len(self._leases),
                "starting": self._spawning}

    async def _spawn(self) -> _Worker:
        self._spawning += 1
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "wikikg.store.sparql_worker", str(self.path), str(self.limits.memory_mb),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "RUST_BACKTRACE": "0"},
            )
            worker = _Worker(proc)
            try:
                kind, payload = await asyncio.wait_for(worker.frame(), _STARTUP)
            except (TimeoutError, asyncio.IncompleteReadError) as exc:
                await worker.kill()
                raise WorkerCrashed("a query worker did not start") from exc
            if kind != b"R":
                await worker.kill()
                raise WorkerCrashed(payload.decode(errors="replace"))
            self._all.add(worker)
            return worker
        finally:
            self._spawning -= 1

    def _background(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _settle(self, lease: _Lease) -> None:
        """A lease's bookkeeping, exactly once per lease."""
        assert self._leases.get(lease.worker) is lease, "a worker was leased twice"
        del self._leases[lease.worker]
        self._uncount(lease.client)
        if lease.client is not None:
            now = time.monotonic()
            self._spent.setdefault(lease.client, collections.deque()).append((now, now - lease.since))

    def _uncount(self, client: str | None) -> None:
        if client is not None:
            self._clients[client] -= 1
            if self._clients[client] <= 0:
                del self._clients[client]

    async def _end(self, lease: _Lease, clean: bool) -> None:
        self._settle(lease)
        worker = lease.worker
        if clean and worker.alive and not self._closed and len(self._all) <= self.size:
            self._idle.put_nowait(worker)
            return
        self._all.discard(worker)
        worker.kill_now()
        # before any await: a cancelled request must not leave the pool a worker short
        self._respawn_later()
        await worker.kill()

    def _end_now(self, lease: _Lease) -> None:
        self._settle(lease)
        self._all.discard(lease.worker)
        lease.worker.kill_now()
        loop = self._loop
        if loop is not None and not self._closed and not loop.is_closed():
            loop.call_soon_threadsafe(self._respawn_later)

    def _respawn_later(self) -> None:
        if not self._closed and len(self._all) + self._spawning < self.size:
            self._background(self._respawn())

    async def _respawn(self) -> None:
        try:
            fresh = await self._spawn()
        except WorkerCrashed:
            log.exception("could not start a query worker")
            return
        if self._closed:
            self._all.discard(fresh)
            await fresh.kill()
        else:
            self._idle.put_nowait(fresh)

    def _maybe_surge(self) -> None:
        """Start an extra worker when every worker has been busy for ``surge_after`` seconds."""
        if self._closed or len(self._all) + self._spawning >= self.size + self.surge:
            return
        now = time.monotonic()
        if self._idle.qsize() or self._spawning or any(now - lease.since < self.surge_after
                                                       for lease in self._leases.values()):
            return
        log.info("every query worker has been busy for %g s: starting an extra one", self.surge_after)
        self._background(self._respawn())

    def _check_budget(self, client: str) -> None:
        """Refuse ``client`` when its queries took ``budget`` seconds in the last window."""
        now = time.monotonic()
        spent = self._spent.get(client)
        while spent and spent[0][0] < now - BUDGET_WINDOW:
            spent.popleft()
        if not spent:
            self._spent.pop(client, None)
            return
        used = sum(seconds for _, seconds in spent)
        used += sum(now - lease.since for lease in self._leases.values() if lease.client == client)
        if used < self.budget:
            return
        # wait until enough of the oldest queries leave the window
        excess, wait = used - self.budget, 0.0
        for ended, seconds in spent:
            excess -= seconds
            wait = ended + BUDGET_WINDOW - now
            if excess < 0:
                break
        raise TooManyQueries(f"your queries took {used:.0f} s in the last {BUDGET_WINDOW:g} s, more than the "
                             f"{self.budget:g} s each client may use; try again later",
                             retry_after=max(1, math.ceil(wait)))

    async def _lease(self, client: str | None, deadline: float) -> _Lease:
        """A worker for ``client``'s query (``None``: no per-client limit), waiting until
        ``deadline`` at most."""
        if client is not None:
            if self._clients[client] >= self.per_client:
                raise TooManyQueries(f"you already run {self.per_client} queries at once; wait for one to finish",
                                     retry_after=max(1, round(self.limits.timeout / 4)))
            self._check_budget(client)
            self._clients[client] += 1
        try:
            while True:
                if self._idle.empty():
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise QueryTimeout("every query worker stayed busy for the whole time limit; try again")
                    try:
                        worker = await asyncio.wait_for(self._idle.get(), min(remaining, self.surge_after))
                    except TimeoutError:
                        self._maybe_surge()
                        continue
                else:
                    worker = self._idle.get_nowait()
                if not worker.alive:  # died while idle
                    self._all.discard(worker)
                    self._respawn_later()
                    continue
                assert worker not in self._leases, "an idle worker was also leased"
                lease = _Lease(self, worker, client)
                self._leases[worker] = lease
                return lease
        except BaseException:
            self._uncount(client)
            raise

    async def _next(self, worker: _Worker, deadline: float) -> tuple[bytes, bytes]:
        remaining = deadline - time.monotonic()
        try:
            return await asyncio.wait_for(worker.frame(), max(remaining, 0.001))
        except TimeoutError as exc:
            raise QueryTimeout(f"the query ran longer than the time limit of {self.limits.timeout:g} s") from exc
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
            if self.limits.memory_mb and await worker.out_of_memory():
                raise QueryTooLarge(f"the query needed more than {self.limits.memory_mb} MB of memory") from exc
            raise WorkerCrashed("a query worker stopped unexpectedly") from exc

    async def run(self, query: str, *, select_format: str = "json", graph_format: str = "ttl",
                  max_rows: int | None = None, max_bytes: int | None = None, client: str | None = None) -> Running:
        """Start ``query`` for ``client``; return once its first chunk (or its end) is there.

        Raises :class:`QueryError` (bad query), :class:`QueryRefused`, :class:`UpdateRefused`,
        :class:`TooManyQueries`, :class:`QueryTooLarge`, or :class:`QueryTimeout` when nothing
        came back within the time limit (the status line is not sent yet then, so the caller can
        still answer with an error).
        """
        if is_update(query):
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        screen(query, self.limits)
        start = time.monotonic()
        # the worker checks the deadline itself between solutions; we kill it a little later
        deadline = start + self.limits.timeout + self.grace
        request = {"query": query, "select_format": select_format, "graph_format": graph_format,
                   "max_rows": min(max_rows or self.limits.max_rows, self.limits.max_rows),
                   "max_bytes": min(max_bytes or self.limits.max_bytes, self.limits.max_bytes)}
        for attempt in range(2):
            lease = await self._lease(client, start + self.limits.timeout)
            worker = lease.worker
            try:
                await worker.send({**request, "timeout": self.limits.timeout - (time.monotonic() - start)})
                break
            except WorkerCrashed:
                # a worker that died idle cannot take the request: the query never ran, so one
                # other worker may try it
                await lease.end(clean=False)
                if attempt:
                    raise
            except BaseException:
                await lease.end(clean=False)
                raise
        clean = False
        try:
            kind, payload = await self._next(worker, deadline)
            if kind == b"X":
                clean = True
                raise _error(payload)
            if kind != b"H":
                raise WorkerCrashed(f"unexpected frame {kind!r}")
            head = json.loads(payload)
            outcome = Outcome(head["kind"], head["media_type"], head["variables"])
            kind, payload = await self._next(worker, deadline)
            if kind == b"D":
                return Running(outcome, payload, lease, deadline)
            if kind == b"E":
                clean = True
                running = Running(outcome, _finish(outcome, payload), lease, deadline, _done=True)
                await lease.end(clean=True)
                return running
            if kind == b"X":
                clean = True
                raise _error(payload)
            raise WorkerCrashed(f"unexpected frame {kind!r}")
        except BaseException:
            await lease.end(clean=clean)
            raise


def _error(payload: bytes) -> QueryError:
    err = json.loads(payload)
    kind = err.get("kind")
    cls = {"update": UpdateRefused, "refused": QueryRefused, "memory": QueryTooLarge}.get(kind, QueryError)
    return cls(err["message"])
