"""Stand-ins for Wikimedia's servers, on 127.0.0.1, serving real data from ``../shared/data``.

:class:`LocalServer` is a threaded ``http.server`` that records every request and answers through
an *app* (a callable from :class:`Request` to :class:`Reply`).  :class:`DumpMirror` is such an app
laid out like dumps.wikimedia.org (index page per wiki, a folder per run, ``sha1sums.txt``,
``md5sums.txt``, ``dumpstatus.json`` in the status API's real format) with HTTP ``Range`` support
and injectable faults: ``429``/``503`` answers and a connection dropped half-way through a body.
The Action API stand-in lives in :mod:`fake_mediawiki_api`.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # with the query string
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""

    @property
    def route(self) -> str:
        return urlsplit(self.path).path

    @property
    def params(self) -> dict[str, str]:
        """Query-string and form parameters together, as PHP's ``$_REQUEST`` sees them."""
        params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        if self.body and "form-urlencoded" in self.headers.get("content-type", ""):
            params.update(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))
        return params


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None  # send only this many body bytes, then drop the connection


App = Callable[[Request], Reply]


class LocalServer:
    """A threaded HTTP/1.1 server on a free port of 127.0.0.1 that records what it was asked."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def do_HEAD(self) -> None:
                self._handle()

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.requests.append(request)
                reply = server.app(request)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                if reply.cut_after is None:
                    self.wfile.write(reply.body)
                    return
                self.wfile.write(reply.body[: reply.cut_after])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def requests_to(self, suffix: str) -> list[Request]:
        return [r for r in self.requests if r.route.endswith(suffix)]


def ranged(request: Request, data: bytes, headers: dict[str, str] | None = None) -> Reply:
    """A static body, honouring ``Range: bytes=N-`` (and ``N-M``) as RFC 9110 §14 says."""
    headers = {"Accept-Ranges": "bytes", **(headers or {})}
    spec = request.headers.get("range")
    if not spec or not spec.startswith("bytes="):
        return Reply(200, data, headers)
    first, _, last = spec[len("bytes=") :].partition("-")
    start = int(first)
    end = int(last) if last else len(data) - 1
    if start >= len(data):
        return Reply(416, b"", {**headers, "Content-Range": f"bytes */{len(data)}"})
    end = min(end, len(data) - 1)
    return Reply(206, data[start : end + 1], {**headers, "Content-Range": f"bytes {start}-{end}/{len(data)}"})


@dataclass
class DumpMirror:
    """dumps.wikimedia.org's tree under ``prefix`` (a mirror's path), built from real files.

    ``faults[path]`` is a queue of what the next requests for ``path`` get instead of the file:
    ``"429"``/``"503"`` (with ``Retry-After: 0`` for 429), ``"drop"`` (half of the body, then
    the connection is cut); a fault named with a trailing ``*`` stays in force.
    ``corrupt[path]`` serves other bytes than the ones the checksums were computed from.
    """

    prefix: str = "/mirror/wikimedia.org/dumps"
    files: dict[str, bytes] = field(default_factory=dict)
    runs: dict[str, list[str]] = field(default_factory=dict)
    faults: dict[str, list[str]] = field(default_factory=dict)
    corrupt: dict[str, bytes] = field(default_factory=dict)
    sent: dict[str, list[int]] = field(default_factory=dict)  # body bytes actually sent, per request

    def path(self, wiki: str, date: str, name: str) -> str:
        return f"{self.prefix}/{wiki}/{date}/{name}"

    def add_run(
        self,
        wiki: str,
        date: str,
        files: Mapping[str, bytes],
        *,
        jobs: Mapping[str, str] | None = None,
        unfinished: tuple[str, ...] = (),
        sums: tuple[str, ...] = ("md5", "sha1"),
        dumpstatus: bool = True,
    ) -> None:
        """A run whose ``files`` are keyed by kind + extension (``pages-articles.xml.bz2``).

        ``jobs`` maps a kind to its job name in dumpstatus.json; kinds in ``unfinished`` are listed
        there as ``in-progress`` with no checksum, and left out of the checksum files — as on the
        real servers while a run is being written.
        """
        self.runs.setdefault(wiki, []).append(date)
        status: dict[str, dict[str, object]] = {}
        lines: dict[str, list[str]] = {alg: [] for alg in sums}
        for suffix, data in files.items():
            name = f"{wiki}-{date}-{suffix}"
            kind = suffix.split(".", 1)[0]
            job = (jobs or {}).get(kind, kind.replace("-", "") + "dump")
            done = kind not in unfinished
            meta: dict[str, object] = {"size": len(data), "url": f"/{wiki}/{date}/{name}"}
            if done:
                self.files[self.path(wiki, date, name)] = data
                meta["md5"] = hashlib.md5(data).hexdigest()
                meta["sha1"] = hashlib.sha1(data).hexdigest()
                for alg in sums:
                    lines[alg].append(f"{hashlib.new(alg, data).hexdigest()}  {name}")
            entry = status.setdefault(
                job, {"status": "done" if done else "in-progress", "updated": f"{date[:4]}-{date[4:6]}-02 10:00:00", "files": {}}
            )
            entry_files = entry["files"]
            assert isinstance(entry_files, dict)
            entry_files[name] = meta
        for alg, text in lines.items():
            self.files[self.path(wiki, date, f"{wiki}-{date}-{alg}sums.txt")] = ("\n".join(text) + "\n").encode()
        if dumpstatus:
            self.files[f"{self.prefix}/{wiki}/{date}/dumpstatus.json"] = json.dumps(
                {"jobs": status, "version": "0.8"}
            ).encode()

    def index(self, wiki: str) -> bytes:
        rows = "".join(f'<a href="{d}/">{d}/</a>                                          02-Jan-2024 10:00    -\n' for d in sorted(self.runs[wiki]))
        return (
            f"<html>\n<head><title>Index of /{wiki}/</title></head>\n<body>\n<h1>Index of /{wiki}/</h1><hr><pre>"
            f'<a href="../">../</a>\n{rows}<a href="latest/">latest/</a>\n</pre><hr></body>\n</html>\n'
        ).encode()

    def __call__(self, request: Request) -> Reply:
        route = request.route
        queue = self.faults.get(route)
        if queue:
            fault = queue[0]
            if not fault.endswith("*"):
                queue.pop(0)
            fault = fault.rstrip("*")
            if fault == "429":
                return Reply(429, b"Too many requests", {"Retry-After": "0"})
            if fault == "503":
                return Reply(503, b"Service Unavailable")
            if fault == "drop":
                reply = ranged(request, self.files[route])
                reply.cut_after = len(reply.body) // 2
                self.sent.setdefault(route, []).append(reply.cut_after)
                return reply
        if route.startswith(self.prefix + "/") and route.endswith("/"):
            wiki = route[len(self.prefix) + 1 : -1]
            if wiki in self.runs:
                return Reply(200, self.index(wiki), {"Content-Type": "text/html"})
        data = self.corrupt.get(route, self.files.get(route))
        if data is None:
            return Reply(404, b"<html>404 Not Found</html>", {"Content-Type": "text/html"})
        reply = ranged(request, data)
        self.sent.setdefault(route, []).append(len(reply.body))
        return reply
