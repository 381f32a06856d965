"""A small closed-loop HTTP/1.1 load generator for ``make bench-serve``.

``python -m wikikg.server.loadgen URL_FILE --host H --port P --connections 16 --seconds 20`` opens
``connections`` keep-alive connections to a loopback server and sends, on each, one request after
the other from the (path) list in ``URL_FILE``, cycling; it prints one JSON line with the latencies
(ms) it measured.  Written on raw asyncio streams, so that the client costs a few microseconds a
request and the figures are the server's, not an HTTP library's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path


async def _one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> tuple[int, bool]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode("latin-1"))
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("x-cache") == "hit"


async def _worker(host: str, port: int, paths: list[str], start: int, step: int, stop: float,
                  out: list[tuple[float, int, bool]]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += step
            t0 = time.perf_counter()
            status, hit = await _one(reader, writer, host, path)
            out.append(((time.perf_counter() - t0) * 1000, status, hit))
    finally:
        writer.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


async def run(host: str, port: int, paths: list[str], connections: int, seconds: float) -> dict[str, object]:
    stop = time.monotonic() + seconds
    samples: list[tuple[float, int, bool]] = []
    started = time.monotonic()
    await asyncio.gather(*(_worker(host, port, paths, i, connections, stop, samples) for i in range(connections)))
    elapsed = time.monotonic() - started
    ok = [ms for ms, status, _ in samples if status < 400]
    hits = [ms for ms, status, hit in samples if hit and status < 400]
    misses = [ms for ms, status, hit in samples if not hit and status < 400]
    return {
        "requests": len(samples), "errors": sum(1 for _, s, _ in samples if s >= 400),
        "rps": len(samples) / elapsed, "p50": percentile(ok, 50), "p90": percentile(ok, 90),
        "p99": percentile(ok, 99), "max": max(ok) if ok else float("nan"),
        "hit_ratio": len(hits) / len(ok) if ok else 0.0,
        "miss_p50": percentile(misses, 50), "miss_p99": percentile(misses, 99),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("paths", type=Path, help="file with one request path per line")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--seconds", type=float, default=20.0)
    args = p.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("loadgen: loopback only", file=sys.stderr)
        return 2
    paths = [line for line in args.paths.read_text(encoding="utf-8").splitlines() if line]
    result = asyncio.run(run(args.host, args.port, paths, args.connections, args.seconds))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
