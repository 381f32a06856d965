"""``scripts/run.sh`` (what ``make run`` calls), end to end: fetch → extract → load → serve → the URL.

The default path fetches from the local Action API stand-in (only ``API_URL`` changed); the
``DUMP=`` path reads a real minidump with the network untouched.  Each run serves on a free
port; the test opens the printed URL, then stops the script and checks the server went with it.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.fetch.fake_mediawiki_api import FakeApi
from tests.fetch.fake_wikimedia import LocalServer

# each test runs `make run` end to end (fetch, extract, load, serve): 34 s each
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@contextmanager
def running(env: dict[str, str], log: Path, timeout: float = 300) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start run.sh; yield the URL it prints once it serves; stop it (Ctrl-C) afterwards."""
    with log.open("w") as err:
        proc = subprocess.Popen(
            ["bash", str(SCRIPT)], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=err,
            text=True, start_new_session=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        try:
            url = None
            while url is None:
                line = lines.get(timeout=timeout)
                if line is None:
                    raise AssertionError(f"run.sh ended ({proc.wait()}) without a URL:\n{log.read_text()}")
                if m := re.match(r"^\s*open: (\S+)$", line):
                    url = m.group(1)
            yield url, proc
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)  # our own process group only
                    proc.wait()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        body: str = response.read().decode("utf-8")
        return body


def test_make_run_fetches_a_topic_and_serves_its_page(api: tuple[LocalServer, FakeApi], tmp_path: Path) -> None:
    server, _ = api
    port = free_port()
    env = {
        "API_URL": server.url + "/{lang}/w/api.php",
        "TOPIC": "Berlin",
        "LANGUAGES": "de,ja",
        "DEPTH": "0",
        "WORK": str(tmp_path / "run"),
        "PORT": str(port),
    }
    with running(env, tmp_path / "run.log") as (url, proc):
        assert url == f"http://127.0.0.1:{port}/page/Berlin"
        page = get(url)
        assert "<title>About: Berlin</title>" in page
        assert "ベルリン" in page  # the Japanese edition's label, joined through the langlinks table
        fetched = sorted(p.name.split("-")[0] for p in (tmp_path / "run" / "fetch").glob("*-export.xml.bz2"))
        assert fetched == ["dewiki", "enwiki", "jawiki"]
    assert proc.returncode == 130  # stopped by Ctrl-C …
    assert port_is_free(port)  # … and the server stopped with it
    assert any("/de/w/api.php" in r.path for r in server.requests)


def test_make_run_with_a_local_dump_needs_no_network(shared: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {
        "DUMP": f"{shared / 'dumps/minidumps/enwiki.xml.bz2'} {shared / 'dumps/minidumps/dewiki.xml.bz2'}",
        "LANGLINKS": str(shared / "sql/enwiki-Berlin-langlinks.sql.gz"),
        "API_URL": "http://127.0.0.1:9/{lang}/w/api.php",  # the discard port: any use of it would fail
        "WORK": str(tmp_path / "run"),
        "PORT": str(port),
    }
    with running(env, tmp_path / "run.log") as (url, _):
        assert url == f"http://127.0.0.1:{port}/"
        page = get(f"http://127.0.0.1:{port}/page/Berlin")
        assert "<title>About: Berlin</title>" in page and "<title>" in get(url)
        german = get(f"http://127.0.0.1:{port}/page/Berlin?lang=de")  # dewiki's abstract, joined through the langlinks
        assert "Hauptstadt" in german
    assert not (tmp_path / "run" / "fetch").exists()
    assert "fetching" not in (tmp_path / "run.log").read_text()
    assert port_is_free(port)
