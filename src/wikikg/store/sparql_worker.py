"""A query worker process: ``python -m wikikg.store.sparql_worker OXIGRAPH_DIR``.

Reads requests (4-byte length + JSON) on stdin and answers with frames on stdout, as described
in :mod:`wikikg.store.sparql`.  Anything else the process might print goes to stderr.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

from wikikg.errors import QueryError
from wikikg.store.sparql import Limits, Outcome, UpdateRefused, encode_frame, execute


def _read_request(stream: BinaryIO) -> dict[str, Any] | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack("!I", head)
    data = stream.read(size)
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def serve(path: str, requests: BinaryIO, out: BinaryIO) -> None:
    def send(kind: bytes, payload: bytes) -> None:
        out.write(encode_frame(kind, payload))
        out.flush()

    try:
        store = ox.Store.read_only(path)
    except OSError as exc:
        send(b"X", json.dumps({"kind": "open", "message": f"cannot open the store: {exc}"}).encode())
        return
    send(b"R", b"")  # ready: the server counts a query's time from here on

    while (req := _read_request(requests)) is not None:
        limits = Limits(float(req["timeout"]), int(req["max_rows"]))

        def header(outcome: Outcome) -> None:
            send(b"H", json.dumps({"kind": outcome.kind, "media_type": outcome.media_type,
                                   "variables": outcome.variables}).encode())

        try:
            outcome = execute(store, str(req["query"]), select_format=str(req["select_format"]),
                              graph_format=str(req["graph_format"]), limits=limits,
                              emit=lambda chunk: send(b"D", chunk), on_header=header)
        except UpdateRefused as exc:
            send(b"X", json.dumps({"kind": "update", "message": str(exc)}).encode())
            continue
        except QueryError as exc:
            send(b"X", json.dumps({"kind": "query", "message": str(exc)}).encode())
            continue
        send(b"E", json.dumps({"rows": outcome.rows, "truncated": outcome.truncated,
                               "seconds": outcome.seconds}).encode())


def main() -> int:
    # keep the frame channel clean: our stdout becomes a private pipe, fd 1 goes to stderr
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        serve(sys.argv[1], sys.stdin.buffer, out)
    except (BrokenPipeError, KeyboardInterrupt):
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
