"""Running user SPARQL: read-only, within a time limit and a row limit, streamed.

pyoxigraph evaluates a query lazily but cannot be interrupted from Python while it computes
(an ``ORDER BY`` or ``COUNT`` over the whole graph blocks inside one call).  So user queries run
in separate worker processes (:mod:`wikikg.store.sparql_worker`), each with its own read-only
handle on the store; a query that outlives its time limit has its worker killed and replaced.
Between solutions the worker also checks the deadline itself and closes the document properly,
so a long-running stream ends as valid JSON/XML rather than cut off.

The protocol between the server and a worker is a stream of frames on the worker's stdin and
stdout: one request (JSON), then ``H`` (header: result kind, media type, variables), ``D`` (a chunk
of the serialized result) …, and ``E`` (end: rows, truncation) or ``X`` (error).

:func:`execute` is the same evaluation in-process (for ``wikikg query`` and the worker itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
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
    """The endpoint's limits: seconds per query, rows (or triples) per result."""

    timeout: float = 30.0
    max_rows: int = 10_000


@dataclass
class Outcome:
    """How an evaluation went: what it was, how much it wrote, whether it was cut short."""

    kind: str = ""  # "select", "ask" or "graph"
    media_type: str = ""
    variables: list[str] = field(default_factory=list)
    rows: int = 0
    truncated: str | None = None  # None, "rows" or "time"
    seconds: float = 0.0


def _limited(items: Iterator[Any], limits: Limits, deadline: float, outcome: Outcome) -> Iterator[Any]:
    """``items`` up to the row limit and the deadline; evaluation errors become :class:`QueryError`."""
    n = 0
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
        n += 1
        yield item


def execute(store: ox.Store, query: str, *, select_format: str = "json", graph_format: str = "ttl",
            limits: Limits = Limits(), emit: Callable[[bytes], object],
            on_header: Callable[[Outcome], None] | None = None) -> Outcome:
    """Evaluate ``query`` on ``store`` and write the result through ``emit``.

    Raises :class:`QueryError` for a malformed query and :class:`UpdateRefused` for an update.
    """
    start = time.monotonic()
    deadline = start + limits.timeout
    if is_update(query):
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
    try:
        result = store.query(query, prefixes=SPARQL_PREFIXES)
    except SyntaxError as exc:
        raise QueryError(syntax_message(str(exc.msg or exc), query)) from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the query cannot be evaluated: {exc}") from exc
    outcome = Outcome()
    if isinstance(result, ox.QuerySolutions):
        outcome.kind = "select"
        outcome.media_type = results.SELECT_FORMATS[select_format].media_type
        outcome.variables = [v.value for v in result.variables]
        if on_header:
            on_header(outcome)
        rows = (list(sol) for sol in _limited(iter(result), limits, deadline, outcome))
        outcome.rows = results.write_select(outcome.variables, rows, select_format, emit)
    elif isinstance(result, ox.QueryBoolean):
        outcome.kind = "ask"
        outcome.media_type = results.SELECT_FORMATS[select_format].media_type
        if on_header:
            on_header(outcome)
        results.write_boolean(bool(result), select_format, emit)
        outcome.rows = 1
    else:
        outcome.kind = "graph"
        outcome.media_type = results.GRAPH_FORMATS[graph_format].media_type
        if on_header:
            on_header(outcome)
        triples = _limited(iter(result), limits, deadline, outcome)
        outcome.rows = results.write_graph(triples, graph_format, emit, SPARQL_PREFIXES)
    outcome.seconds = time.monotonic() - start
    return outcome


# ---------------------------------------------------------------------------------------------
# Frames between the server and its workers

_HEAD = struct.Struct("!cI")
_STARTUP = 120.0  # seconds a worker may take to import and open the store


def encode_frame(kind: bytes, payload: bytes) -> bytes:
    return _HEAD.pack(kind, len(payload)) + payload


async def _read_frame(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readexactly(_HEAD.size)
    kind, size = _HEAD.unpack(head)
    return kind, await reader.readexactly(size)


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None

    async def send(self, request: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        payload = json.dumps(request).encode()
        self.proc.stdin.write(struct.pack("!I", len(payload)) + payload)
        await self.proc.stdin.drain()

    async def frame(self) -> tuple[bytes, bytes]:
        assert self.proc.stdout is not None
        return await _read_frame(self.proc.stdout)

    async def kill(self) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        with contextlib.suppress(Exception):
            await self.proc.wait()


@dataclass
class Running:
    """A query under way: its header is known, its body is :meth:`chunks`."""

    outcome: Outcome
    first: bytes
    _pool: WorkerPool
    _worker: _Worker
    _deadline: float
    _done: bool = False

    async def chunks(self) -> AsyncIterator[bytes]:
        """The rest of the serialized result; the outcome is complete when this ends."""
        try:
            if self.first:
                yield self.first
            while not self._done:
                kind, payload = await self._pool._next(self._worker, self._deadline)
                if kind == b"D":
                    yield payload
                elif kind == b"E":
                    _finish(self.outcome, payload)
                    self._done = True
                elif kind == b"X":
                    # evaluation failed after the result had begun: the document stays cut
                    log.warning("query failed mid-result: %s", payload.decode(errors="replace"))
                    self.outcome.truncated = "error"
                    self._done = True
                else:
                    raise WorkerCrashed(f"unexpected frame {kind!r}")
        except QueryTimeout:
            self.outcome.truncated = "time"
        finally:
            if self._done:
                self._pool._release(self._worker)
            else:
                # the client went away, or time ran out mid-stream: this worker is busy with a
                # result nobody reads — replace it
                await self._pool._replace(self._worker)

    async def read_all(self) -> bytes:
        return b"".join([c async for c in self.chunks()])


def _finish(outcome: Outcome, payload: bytes) -> None:
    end = json.loads(payload)
    outcome.rows = end["rows"]
    outcome.truncated = end["truncated"]
    outcome.seconds = end["seconds"]


class WorkerPool:
    """A fixed number of query worker processes over one store, used one query at a time each."""

    def __init__(self, oxigraph_path: Path, size: int = 2, limits: Limits = Limits(), grace: float = 1.0) -> None:
        self.path = oxigraph_path
        self.size = max(1, size)
        self.limits = limits
        self.grace = grace
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
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

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "wikikg.store.sparql_worker", str(self.path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        worker = _Worker(proc)
        self._all.add(worker)
        try:
            kind, payload = await asyncio.wait_for(worker.frame(), _STARTUP)
        except (TimeoutError, asyncio.IncompleteReadError) as exc:
            await worker.kill()
            self._all.discard(worker)
            raise WorkerCrashed("a query worker did not start") from exc
        if kind != b"R":
            await worker.kill()
            self._all.discard(worker)
            raise WorkerCrashed(payload.decode(errors="replace"))
        return worker

    def _release(self, worker: _Worker) -> None:
        if self._closed or not worker.alive:
            self._all.discard(worker)
            return
        self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now; start its successor in the background."""
        self._all.discard(worker)
        await worker.kill()
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._respawn())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        try:
            fresh = await self._spawn()
        except WorkerCrashed:
            log.exception("could not replace a query worker")
            return
        if self._closed:
            await fresh.kill()
        else:
            self._idle.put_nowait(fresh)

    async def _next(self, worker: _Worker, deadline: float) -> tuple[bytes, bytes]:
        remaining = deadline - time.monotonic()
        try:
            return await asyncio.wait_for(worker.frame(), max(remaining, 0.001))
        except TimeoutError as exc:
            raise QueryTimeout(f"the query ran longer than the time limit of {self.limits.timeout:g} s") from exc
        except asyncio.IncompleteReadError as exc:
            raise WorkerCrashed("a query worker stopped unexpectedly") from exc

    async def run(self, query: str, *, select_format: str = "json", graph_format: str = "ttl",
                  max_rows: int | None = None) -> Running:
        """Start ``query``; return once its first chunk (or its end) is there.

        Raises :class:`QueryError` (bad query), :class:`UpdateRefused`, or :class:`QueryTimeout`
        when nothing came back within the time limit (the status line is not sent yet then, so
        the caller can still answer with an error).
        """
        if is_update(query):
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        start = time.monotonic()
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.limits.timeout)
        except TimeoutError as exc:
            raise QueryTimeout("every query worker stayed busy for the whole time limit; try again") from exc
        # the worker checks the deadline itself between solutions; we kill it a little later
        deadline = start + self.limits.timeout + self.grace
        try:
            await worker.send({"query": query, "select_format": select_format, "graph_format": graph_format,
                               "timeout": self.limits.timeout - (time.monotonic() - start),
                               "max_rows": min(max_rows or self.limits.max_rows, self.limits.max_rows)})
            kind, payload = await self._next(worker, deadline)
            if kind == b"X":
                self._release(worker)
                err = json.loads(payload)
                cls = UpdateRefused if err.get("kind") == "update" else QueryError
                raise cls(err["message"])
            if kind != b"H":
                raise WorkerCrashed(f"unexpected frame {kind!r}")
            head = json.loads(payload)
            outcome = Outcome(head["kind"], head["media_type"], head["variables"])
            running = Running(outcome, b"", self, worker, deadline)
            kind, payload = await self._next(worker, deadline)
            if kind == b"D":
                running.first = payload
            elif kind == b"E":
                _finish(outcome, payload)
                running._done = True
                self._release(worker)
            elif kind == b"X":
                self._release(worker)
                raise QueryError(json.loads(payload)["message"])
            return running
        except (QueryTimeout, WorkerCrashed, asyncio.CancelledError):
            await self._replace(worker)
            raise
