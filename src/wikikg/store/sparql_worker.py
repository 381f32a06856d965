"""A query worker process: ``python -m wikikg.store.sparql_worker OXIGRAPH_DIR [MEMORY_MB]``.

Reads requests (4-byte length + JSON) on stdin and answers with frames on stdout, as described
in :mod:`wikikg.store.sparql`.  Anything else the process might print goes to stderr.

With ``MEMORY_MB`` the process caps its data segment (``RLIMIT_DATA``: heap and private
mappings, not the store's files) before it opens the store: a query that needs more fails —
Python raises :class:`MemoryError`, which we answer as an ``X`` frame, while Oxigraph's Rust
code aborts the process with ``memory allocation of N bytes failed`` on stderr, which the pool
reads to tell the client why.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

from wikikg.errors import QueryError
from wikikg.store.sparql import (
    Limits,
    Outcome,
    QueryRefused,
    UpdateRefused,
    encode_end,
    encode_frame,
    execute,
)


def _read_request(stream: BinaryIO) -> dict[str, Any] | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack("!I", head)
    data = stream.read(size)
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def cap_memory(megabytes: int) -> None:
    """Let this process allocate about ``megabytes`` MB of data more than it has now."""
    if megabytes <= 0:
        return
    with open("/proc/self/statm") as f:  # pages: size resident shared text lib data dt
        data_now = int(f.read().split()[5]) * os.sysconf("SC_PAGE_SIZE")
    cap = data_now + megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


def serve(path: str, requests: BinaryIO, out: BinaryIO, memory_mb: int = 0) -> None:
    def send(kind: bytes, payload: bytes) -> None:
        out.write(encode_frame(kind, payload))
        out.flush()

    try:
        store = ox.Store.read_only(path)
    except OSError as exc:
        send(b"X", json.dumps({"kind": "open", "message": f"cannot open the store: {exc}"}).encode())
        return
    cap_memory(memory_mb)
    send(b"R", b"")  # ready: the server counts a query's time from here on

    pending: list[bytes] = []  # the last chunk, held back until the next one (or the end) exists

    def header(outcome: Outcome) -> None:
        send(b"H", json.dumps({"kind": outcome.kind, "media_type": outcome.media_type,
                               "variables": outcome.variables}).encode())

    def emit(chunk: bytes) -> None:
        if pending:
            send(b"D", pending.pop())
        pending.append(chunk)

    def fail(kind: str, message: str) -> None:
        if pending:
            send(b"D", pending.pop())
        send(b"X", json.dumps({"kind": kind, "message": message}).encode())

    while (req := _read_request(requests)) is not None:
        limits = Limits(float(req["timeout"]), int(req["max_rows"]), int(req["max_bytes"]))
        pending.clear()
        try:
            outcome = execute(store, str(req["query"]), select_format=str(req["select_format"]),
                              graph_format=str(req["graph_format"]), limits=limits, emit=emit, on_header=header)
        except UpdateRefused as exc:
            fail("update", str(exc))
            continue
        except QueryRefused as exc:
            fail("refused", str(exc))
            continue
        except QueryError as exc:
            fail("query", str(exc))
            continue
        except MemoryError:
            pending.clear()
            fail("memory", f"the query needed more than {memory_mb} MB of memory")
            continue
        send(b"E", encode_end(outcome, pending.pop() if pending else b""))


def main() -> int:
    # keep the frame channel clean: our stdout becomes a private pipe, fd 1 goes to stderr
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    memory_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    try:
        serve(sys.argv[1], sys.stdin.buffer, out, memory_mb)
    except (BrokenPipeError, KeyboardInterrupt):
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
