"""Fixtures of the server tests: ``wikikg serve`` on the shared real-data store, over real HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.store.graph import Graph

QUERY_TIMEOUT = 2.0
MAX_ROWS = 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    """Return once ``wikikg serve`` (``proc``, logging to ``log``) answers ``/health`` at ``url``;
    fail with its log when it exits or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("wikikg serve did not start: " + log.read_text())
        time.sleep(0.1)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    graph: Graph


@pytest.fixture(scope="session")
def server(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wikikg", "serve", "-s", str(graph.store), "--port", str(port),
             "--query-timeout", str(QUERY_TIMEOUT), "--max-rows", str(MAX_ROWS), "--query-workers", "2"],
            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(url, proc, log)
    yield Server(url, proc, graph)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture()
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as client:
        yield client
