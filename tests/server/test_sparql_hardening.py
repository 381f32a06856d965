"""``/sparql`` over real HTTP under hostile requests (issue 13: F2, F3, F8, F10, F11, F13).

Its own ``wikikg serve`` on the shared real-data graph, so that long queries here do not keep
the other tests' server busy.
"""

from __future__ import annotations

import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.server.conftest import wait_until_serving
from tests.store.graph import Graph

pytestmark = pytest.mark.slow  # a server of its own, long queries run to their limits: the whole suite runs it, `make quick` does not

MAX_ROWS = 200
TIMEOUT = 10.0
JSON = {"Accept": "application/sparql-results+json"}
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BOMB = "SELECT ?v24 WHERE { BIND(\"xxxxxxxxxx\" AS ?v0) " + " ".join(
    f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(24)) + " }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, port: int, process: subprocess.Popen[bytes]) -> None:
        self.port = port
        self.process = process
        self.url = f"http://127.0.0.1:{port}"


def _serve(graph: Graph, tmp_path_factory: pytest.TempPathFactory, *flags: str) -> Iterator[Served]:
    port = _free_port()
    log = tmp_path_factory.mktemp("serve-hardening") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wikikg", "serve", "-s", str(graph.store), "--port", str(port),
             "--query-timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--query-workers", "2", *flags],
            stdout=out, stderr=subprocess.STDOUT)
    served = Served(port, proc)
    wait_until_serving(served.url, proc, log)
    yield served
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def served(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _serve(graph, tmp_path_factory)


@pytest.fixture(scope="module")
def tight(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server started with small query limits on the command line."""
    yield from _serve(graph, tmp_path_factory, "--max-result-bytes", "4096", "--query-memory", "200",
                      "--queries-per-client", "1")


@pytest.fixture()
def http(served: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, timeout=60) as client:
        yield client


def test_service_gets_400_and_no_connection_is_made(http: httpx.Client) -> None:
    """F2: the worker used to POST to whatever SERVICE named — a port scanner."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                      "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"):
            r = http.get("/sparql", params={"query": query}, headers=JSON)
            assert r.status_code == 400, r.text
            assert "SERVICE (federated query) is not allowed" in r.text
        time.sleep(0.2)
        with pytest.raises(BlockingIOError):
            listener.accept()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o " + "FILTER NOT EXISTS { ?s ?p ?o " * 1000 + "}" * 1000 + "}",
    "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000,
])
def test_deep_nesting_gets_400(http: httpx.Client, query: str) -> None:
    """F8: these crashed the worker (stack overflow in the parser)."""
    r = http.post("/sparql", content=query.encode(), headers={**JSON, "Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert "more than 64 levels deep" in r.text


def _chunked_post(port: int, ctype: str, first: bytes, total: int) -> tuple[int, int]:
    """POST a chunked body of ``total`` bytes (``first``, then filler) as fast as the server
    takes it; stop when it answers.  Returns (status, bytes sent)."""
    conn = socket.create_connection(("127.0.0.1", port))
    conn.settimeout(3)
    conn.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\n"
                 "Accept: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
    sent = 0
    filler = b"x" * (64 * 1024)
    with conn:
        try:
            while sent < total:
                if select.select([conn], [], [], 0)[0]:
                    break  # the server has answered
                data = first if sent == 0 else filler[: total - sent]
                conn.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                sent += len(data)
            else:
                conn.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        conn.settimeout(10)
        answer = b""
        while b"\r\n" not in answer:
            part = conn.recv(4096)
            if not part:
                break
            answer += part
    return int(answer.split(b" ", 2)[1]), sent


@pytest.mark.parametrize("ctype, first", [
    ("application/x-www-form-urlencoded", b"query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%201%23"),
    ("application/sparql-query", b"SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 #"),
])
def test_chunked_bodies_are_capped_while_read(served: Served, ctype: str, first: bytes) -> None:
    """F11: the 256 KB cap looked at Content-Length only: a 900 KB chunked form was accepted and
    a huge chunked body was read whole before the 413."""
    status, _ = _chunked_post(served.port, ctype, first, 900 * 1024)
    assert status == 413
    total = 64 * 1024 * 1024
    status, sent = _chunked_post(served.port, ctype, first, total)
    assert status == 413
    assert sent < total // 4


def test_truncation_is_said(http: httpx.Client) -> None:
    """F13: a result cut at the row limit said so nowhere.  A small result is complete before
    the response starts: headers; a long one streams: a note in the document."""
    r = http.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"}, headers=JSON)
    assert r.status_code == 200
    assert r.headers["X-SPARQL-Truncated"] == "rows"
    assert r.headers["X-SPARQL-Result-Rows"] == str(MAX_ROWS)
    doc = r.json()
    assert len(doc["results"]["bindings"]) == MAX_ROWS and doc["truncated"] == "rows"
    # 684 abstracts of about 1,100 characters in the graph: 200 of them make a streamed result
    r = http.get("/sparql", params={"query": "SELECT ?a WHERE { ?s dbo:abstract ?a }"}, headers=JSON)
    assert r.status_code == 200 and len(r.content) > 128 * 1024
    doc = r.json()
    assert len(doc["results"]["bindings"]) == MAX_ROWS and doc["truncated"] == "rows"
    r = http.get("/sparql", params={"query": "SELECT ?a WHERE { ?s dbo:abstract ?a }", "format": "xml"})
    assert r.text.rstrip().endswith("<!-- truncated: rows -->\n</results></sparql>")
    r = http.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"}, headers=JSON)
    assert "X-SPARQL-Truncated" not in r.headers and "truncated" not in r.json()


def _peak(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


def test_memory_bomb_through_the_page_keeps_the_server_small(served: Served, http: httpx.Client) -> None:
    """F3: the nested-CONCAT query's 168 MB went through the HTML form into the server
    (1.54 GB).  Now the page's result is cut at its byte cap, or the query fails in its worker."""
    with open(f"/proc/{served.process.pid}/clear_refs", "w") as f:
        f.write("5")  # reset the server's peak resident set size
    before = _peak(served.process.pid)
    r = http.post("/sparql", data={"query": BOMB}, headers={"Accept": "text/html"})
    assert r.status_code in (200, 503)
    assert _peak(served.process.pid) - before < 64 * 1024 * 1024
    r = http.get("/sparql", params={"query": "ASK { dbr:Berlin a dbo:City }"}, headers=JSON)
    assert r.json()["boolean"] is True


def test_a_clients_third_concurrent_query_gets_429(served: Served, http: httpx.Client) -> None:
    """F10: two never-ending queries held both workers.  One client gets two at once; the third
    is answered 429 with Retry-After (as WDQS does)."""
    results: list[int] = []

    def long_query() -> None:
        with httpx.Client(base_url=served.url, timeout=TIMEOUT + 10) as client:
            results.append(client.get("/sparql", params={"query": HEAVY}, headers=JSON).status_code)

    threads = [threading.Thread(target=long_query) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    try:
        r = http.get("/sparql", params={"query": HEAVY}, headers=JSON)
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) >= 1
    finally:
        for t in threads:
            t.join()
    assert results == [503, 503]


def test_query_limits_are_taken_from_the_command_line(tight: Served) -> None:
    """``serve``'s --max-result-bytes, --query-memory and --queries-per-client reach the workers."""
    with httpx.Client(base_url=tight.url, timeout=60) as http:
        # 200 rows of labels are far more than 4096 bytes: the result is cut at the byte cap
        r = http.get("/sparql", params={"query": "SELECT ?s ?l WHERE { ?s rdfs:label ?l } LIMIT 200"}, headers=JSON)
        assert r.status_code == 200
        doc = r.json()
        assert doc.get("truncated") == "bytes" or r.headers.get("X-SPARQL-Truncated") == "bytes"
        assert 0 < len(doc["results"]["bindings"]) < 200
        # the CONCAT bomb needs far more than 200 MB
        r = http.get("/sparql", params={"query": BOMB}, headers=JSON)
        assert r.status_code == 503 and "200 MB" in r.text
        # one query at a time per client: a second concurrent one is refused while the first runs
        got: list[int] = []
        first = threading.Thread(target=lambda: got.append(
            httpx.get(tight.url + "/sparql", params={"query": HEAVY}, headers=JSON, timeout=60).status_code))
        first.start()
        deadline = time.monotonic() + 30
        second = 0
        while time.monotonic() < deadline and first.is_alive():
            second = http.get("/sparql", params={"query": "ASK {}"}, headers=JSON).status_code
            if second == 429:
                break
            time.sleep(0.2)
        first.join()
        assert second == 429


@pytest.mark.parametrize("flag", ["--query-memory=10", "--max-result-bytes=0", "--queries-per-client=0",
                                  "--client-budget=0"])
def test_bad_query_limits_are_refused_in_one_line(graph: Graph, flag: str) -> None:
    r = subprocess.run([sys.executable, "-m", "wikikg", "serve", "-s", str(graph.store), "--port", str(_free_port()),
                        flag], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
