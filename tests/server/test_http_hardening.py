"""What a connection may cost the server, and what its HTML may link to (issue 13, F9 and F12).

Each test runs ``wikikg serve`` as a real process on 127.0.0.1 with small limits set by its
flags, and talks to it over raw sockets where a client misbehaves.  The store is a small
hand-written extraction: the real dumps hold no ``javascript:`` IRI, so its lines imitate an
``images`` output (``foaf:depiction``/``dbo:thumbnail``), an ``external-links`` output
(``dbo:wikiPageExternalLink``) and the page links (``foaf:isPrimaryTopicOf``) with such IRIs.
"""

from __future__ import annotations

import contextlib
import re
import resource
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import free_port, wait_until_serving
from tests.store.graph import Graph, seal
from wikikg.store import load

pytestmark = pytest.mark.slow  # servers of their own, waiting out timeouts: the whole suite runs it, `make quick` does not

R = "http://dbpedia.org/resource/"
FOAF = "http://xmlns.com/foaf/0.1/"
DBO = "http://dbpedia.org/ontology/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
UNSAFE = ["javascript:alert(1)", "JavaScript:alert(2)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==",
          "vbscript:msgbox(4)"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hardening") / "out"
    out.mkdir()
    evil, good = f"<{R}Evil_page>", f"<{R}Good_page>"
    labels = [f'{evil} <{RDFS}label> "Evil page"@en .\n', f'{good} <{RDFS}label> "Good page"@en .\n',
              f'<{UNSAFE[0]}> <{RDFS}label> "A javascript subject"@en .\n']
    images = [f"{evil} <{FOAF}depiction> <{UNSAFE[0]}> .\n", f"{evil} <{DBO}thumbnail> <{UNSAFE[1]}> .\n",
              f"{good} <{FOAF}depiction> <http://commons.wikimedia.org/wiki/Special:FilePath/Good.jpg> .\n"]
    links = [f"{evil} <{DBO}wikiPageExternalLink> <{iri}> .\n" for iri in UNSAFE]
    links += [f"{evil} <{DBO}wikiPageExternalLink> <https://example.org/fine> .\n",
              f"{evil} <{DBO}wikiPageExternalLink> <mailto:someone@example.org> .\n",
              f"{evil} <{FOAF}isPrimaryTopicOf> <{UNSAFE[0]}> .\n", f"{evil} <{DBO}wikiPageWikiLink> {good} .\n"]
    (out / "labels_lang=en.nt").write_text("".join(labels), encoding="utf-8")
    (out / "images_lang=en.nt").write_text("".join(images), encoding="utf-8")
    (out / "external-links_lang=en.nt").write_text("".join(links), encoding="utf-8")
    seal(out)
    path = out.parent / "store"
    load([out], path)
    return path


@dataclass
class Served:
    url: str
    port: int
    log: Path


@contextlib.contextmanager
def serve(store: Path, tmp_path: Path, *flags: str, nofile: int | None = None) -> Iterator[Served]:
    """``wikikg serve`` on ``store`` with ``flags``; ``nofile``: the hard open-file limit it
    starts under."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"

    def limit() -> None:
        if nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "wikikg", "serve", "-s", str(store), "--port", str(port),
                                 "--query-workers", "1", *flags], stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=limit)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, proc, log)
        yield Served(url, port, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes ``sock`` (EOF or reset) within ``within`` seconds, without
    having sent anything on it."""
    readable, _, _ = select.select([sock], [], [], within)
    if not readable:
        return False
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True


def get(sock: socket.socket, path: str = "/health", close: bool = False) -> tuple[int, bytes]:
    """One request on an open connection; its status and body (read by Content-Length)."""
    extra = "Connection: close\r\n" if close else ""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before a response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    assert m, head
    while len(body) < int(m.group(1)):
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head.split()[1]), body


# --- F9: slow and idle clients -------------------------------------------------------------

@pytest.fixture(scope="module")
def quick(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server with one-second header and keep-alive timeouts."""
    with serve(store, tmp_path_factory.mktemp("quick"), "--header-timeout", "1", "--keepalive-timeout", "1") as s:
        yield s


def test_a_trickled_request_head_is_cut_off(quick: Served) -> None:
    trickle = b"X-Slow: " + b"a" * 60 + b"\r\n\r\n"
    with connect(quick.port) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sent = 0
        closed = False
        for byte in trickle:  # one byte every 0.2 s: 14 s for all of them
            if closed_by_server(sock, 0.2):
                closed = True
                break
            try:
                sock.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            sent += 1
        assert closed, f"the server took all {sent} trickled bytes and kept the connection"
        assert sent < len(trickle)


def test_a_trickled_request_body_is_cut_off(quick: Served) -> None:
    body = b"query=" + b"+" * 60
    with connect(quick.port) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body))
        for byte in body:  # one byte every 0.2 s: 13 s for all of them
            if closed_by_server(sock, 0.2):
                break
            try:
                sock.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
        else:
            pytest.fail(f"the server took all {len(body)} trickled bytes of the body")
    assert "Traceback" not in quick.log.read_text()


def test_a_connection_that_sends_nothing_is_closed(quick: Served) -> None:
    with connect(quick.port) as sock:
        assert closed_by_server(sock, 10)


def test_an_idle_keepalive_connection_is_closed(quick: Served) -> None:
    with connect(quick.port) as sock:
        assert get(sock)[0] == 200
        assert closed_by_server(sock, 10)


def test_a_stalled_second_request_is_closed(quick: Served) -> None:
    """One byte of a next request stops uvicorn's keep-alive timer; the head deadline takes over."""
    with connect(quick.port) as sock:
        assert get(sock)[0] == 200
        sock.sendall(b"G")
        assert closed_by_server(sock, 10)


def test_the_connection_limit_answers_503_and_recovers(store: Path, tmp_path: Path) -> None:
    with serve(store, tmp_path, "--max-connections", "5", "--header-timeout", "60",
               "--keepalive-timeout", "60") as s:
        held: list[socket.socket] = []
        try:
            for _ in range(50):  # the start-up probe's connection may still be counted for a moment
                sock = connect(s.port)
                status, _ = get(sock)
                if status == 200:
                    held.append(sock)
                    if len(held) == 5:
                        break
                else:
                    sock.close()
                    time.sleep(0.05)
            assert len(held) == 5
            with connect(s.port) as sixth:
                status, body = get(sixth)
                assert status == 503, body
                assert b"too many connections" in body
                assert closed_by_server(sixth, 10)  # Connection: close
            assert get(held[0])[0] == 200  # those within the limit are still served
            held.pop().close()
            for _ in range(100):
                with connect(s.port) as again:
                    if get(again, close=True)[0] == 200:
                        break
                time.sleep(0.05)
            else:
                pytest.fail("the server did not answer after a connection closed")
        finally:
            for sock in held:
                sock.close()


def test_more_connections_than_descriptors_are_refused_quietly(store: Path, tmp_path: Path) -> None:
    """Under a hard limit of 1,000 descriptors, 1,200 connections: no accept fails, nothing floods the log."""
    with serve(store, tmp_path, "--header-timeout", "60", nofile=1000) as s:
        socks = []
        try:
            for _ in range(1200):
                socks.append(connect(s.port))
            time.sleep(1.5)  # asyncio retries a failed accept after 1 s: let it fail again if it would
        finally:
            for sock in socks:
                sock.close()
        for _ in range(100):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(s.url + "/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("the server stopped answering")
        text = s.log.read_text()
        assert "Too many open files" not in text, text[:2000]
        assert "out of system resource" not in text
        assert len(text.splitlines()) < 20, text[:2000]


def test_a_page_that_takes_too_long_is_answered_503(graph: Graph, tmp_path: Path) -> None:
    """Berlin's page (hundreds of links on the shared graph) takes far longer than 5 ms to make."""
    with serve(graph.store, tmp_path, "--request-timeout", "0.005") as s:
        r = httpx.get(s.url + "/page/Berlin", headers={"Accept": "text/plain"}, timeout=30)
        assert r.status_code == 503
        assert r.text.startswith("503 Unavailable: This took longer than 0.005 s")
        assert r.headers["retry-after"] == "5"
        assert httpx.get(s.url + "/health", timeout=30).status_code == 200  # the server is still there


# --- F12: links only where safe; secure headers on every response ---------------------------

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
LIVE_UNSAFE = re.compile(r"(?i)\b(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):")
JS_BIND = 'SELECT ?x WHERE { BIND(IRI("javascript:alert(1)") AS ?x) }'


@pytest.fixture(scope="module")
def plain(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(store, tmp_path_factory.mktemp("plain")) as s:
        yield s


@pytest.fixture()
def client(plain: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=plain.url, timeout=30, headers=BROWSER) as c:
        yield c


def test_unsafe_iris_on_a_page_are_text(client: httpx.Client) -> None:
    r = client.get("/page/Evil_page")
    assert r.status_code == 200
    assert not LIVE_UNSAFE.search(r.text), LIVE_UNSAFE.search(r.text)
    assert "<img" not in r.text  # both its images are javascript: IRIs
    assert "Wikipedia article" not in r.text  # its foaf:isPrimaryTopicOf is one too
    for iri in ("javascript:alert(1)", "JavaScript:alert(2)", "vbscript:msgbox(4)"):
        assert f'<span class="iri">{iri}</span>' in r.text  # still shown, as text
    # safe ones stay links
    assert 'href="https://example.org/fine"' in r.text
    assert 'href="mailto:someone@example.org"' in r.text


def test_an_http_depiction_is_still_an_image(client: httpx.Client) -> None:
    r = client.get("/page/Good_page")
    assert '<img src="http://commons.wikimedia.org/wiki/Special:FilePath/Good.jpg"' in r.text


def test_a_javascript_subject_is_not_linked_on_its_own_page(client: httpx.Client) -> None:
    r = client.get("/describe", params={"uri": UNSAFE[0]})
    assert r.status_code == 200
    assert "A javascript subject" in r.text
    assert not LIVE_UNSAFE.search(r.text), LIVE_UNSAFE.search(r.text)


def test_a_javascript_iri_in_sparql_results_is_text(client: httpx.Client) -> None:
    for r in (client.get("/sparql", params={"query": JS_BIND}), client.post("/sparql", data={"query": JS_BIND})):
        assert r.status_code == 200
        table = r.text[r.text.index('<table class="results-table">'):]
        assert '<span class="iri">javascript:alert(1)</span>' in table
        assert not LIVE_UNSAFE.search(table), LIVE_UNSAFE.search(table)


@pytest.mark.parametrize(("path", "accept", "status"), [
    ("/", BROWSER["Accept"], 200),
    ("/page/Evil_page", BROWSER["Accept"], 200),
    ("/page/No_such_page", BROWSER["Accept"], 404),
    ("/page/No_such_page", "text/plain", 404),
    ("/no/such/route", "*/*", 404),
    ("/static/style.css", "*/*", 200),
    ("/static/app.js", "*/*", 200),
    ("/data/Evil_page.ttl", "*/*", 200),
    ("/sparql", BROWSER["Accept"], 200),
    ("/sparql?query=" + JS_BIND, "application/sparql-results+json", 200),
    ("/sparql?query=SELEC", "*/*", 400),
    ("/lookup/search?query=evil", BROWSER["Accept"], 200),
    ("/lookup/prefix?query=ev&format=json", "*/*", 200),
])
def test_every_response_has_the_secure_headers(plain: Served, path: str, accept: str, status: int) -> None:
    r = httpx.get(plain.url + path, headers={"Accept": accept}, timeout=30)
    assert r.status_code == status
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    if r.headers["content-type"].startswith("text/html"):
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp
        # and the page needs nothing the policy forbids: no inline script, handler or style
        assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
        assert not re.search(r"(?i)<[^>]+\son[a-z]+\s*=", r.text)
        assert not re.search(r"(?i)<style|\sstyle\s*=", r.text)
    else:
        assert csp.startswith("default-src 'none'")


def test_a_malformed_request_gets_nosniff_too(plain: Served) -> None:
    """uvicorn answers a request it cannot parse itself, before the application sees it."""
    with connect(plain.port) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    assert head.startswith(b"http/1.1 400")
    assert b"\r\nx-content-type-options: nosniff" in head


def test_a_repeated_message_is_logged_once_per_interval() -> None:
    """The backstop for a flood: Python 3.11's asyncio logs a failed accept once per connection
    waiting (230,567 lines in 3 s for 1,200 connections under a 1,000-descriptor limit, before
    the descriptor budget)."""
    import logging

    from wikikg.server.guard import Once

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("wikikg.test-once")
    logger.propagate = False
    logger.addHandler(Keep())
    once = Once(interval=3600)
    logger.addFilter(once)
    try:
        for _ in range(10_000):
            logger.error("socket.accept() out of system resource")
        logger.error("another message %s", 1)
    finally:
        logger.removeFilter(once)
    assert [r.getMessage() for r in records] == ["socket.accept() out of system resource", "another message 1"]
