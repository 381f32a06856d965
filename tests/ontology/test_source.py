"""Downloading DBpedia's ontology and mappings once into the cache.

The production code runs unchanged against a local HTTP server (127.0.0.1, started here) that
serves ``../shared/data/dbpedia`` as it is; only the base URL differs.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wikikg.errors import ConfigError, InputError
from wikikg.ontology import fetch, for_edition, load_ontology, mappings_dir, ontology_sources


class _Server:
    def __init__(self, root: Path, fail: bool = False) -> None:
        self.requests: list[str] = []
        log = self.requests

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                log.append(self.path)
                if fail:
                    self.send_error(503, "unavailable")
                    return
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(dbpedia: Path) -> Iterator[_Server]:
    with _Server(dbpedia) as s:
        yield s


def test_download_once_into_the_cache_layout(server: _Server, dbpedia: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert fetch(server.url, cache, ["it", "de"]) == cache
    assert (cache / "mappings/Mapping_it.xml").read_bytes() == (dbpedia / "mappings/Mapping_it.xml").read_bytes()
    assert (cache / "mappings/Mapping_de.xml").read_bytes() == (dbpedia / "mappings/Mapping_de.xml").read_bytes()
    # DBpedia's layout (ontology.owl at the root) is tried first, then a mappings folder's layout
    assert server.requests[:2] == ["/ontology.owl", "/ontology/dbpedia-ontology.owl"]
    owl = cache / "ontology/dbpedia-ontology.owl"
    assert owl.read_bytes() == (dbpedia / "ontology/dbpedia-ontology.owl").read_bytes()
    assert load_ontology(cache / "ontology").find_class("MilitaryConflict") is not None
    # a second run asks for nothing
    before = len(server.requests)
    fetch(server.url, cache, ["it", "de"])
    assert len(server.requests) == before
    assert not list(cache.rglob("*.part")), "no temporary file is left behind"


def test_an_edition_without_mappings_is_asked_for_once(server: _Server, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fetch(server.url, cache, ["af"])  # ../shared/data/dbpedia has no Mapping_af.xml
    assert (cache / "mappings/Mapping_af.missing").exists()
    before = len(server.requests)
    fetch(server.url, cache, ["af"])
    assert len(server.requests) == before


def test_options_choose_url_and_cache_and_load_once(server: _Server, tmp_path: Path) -> None:
    options = {"mappings_url": server.url, "cache_dir": str(tmp_path / "c")}
    resources: dict[str, object] = {}
    ontology, mappings = for_edition(options, "it", resources)
    assert mappings.get("Bio") is not None
    again = for_edition(options, "it", resources)
    assert again[0] is ontology and again[1] is mappings


def test_the_ontology_alone_for_a_store(server: _Server, dbpedia: Path, tmp_path: Path) -> None:
    files = ontology_sources({"mappings_url": server.url, "cache_dir": str(tmp_path / "c")})
    assert [f.name for f in files] == ["dbpedia-ontology.owl"]
    assert not any("/mappings/" in r for r in server.requests), "no mappings file is fetched"
    assert ontology_sources({"mappings_dir": str(dbpedia)}) == [dbpedia / "ontology/dbpedia-ontology.ttl"]


def test_a_given_folder_is_used_as_it_is(dbpedia: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIKIKG_MAPPINGS_DIR", raising=False)
    assert mappings_dir({"mappings_dir": str(dbpedia)}, "en") == dbpedia
    with pytest.raises(InputError, match="mappings folder not found"):
        mappings_dir({"mappings_dir": str(tmp_path / "nope")}, "en")
    monkeypatch.setenv("WIKIKG_MAPPINGS_DIR", str(dbpedia))
    assert mappings_dir({}, "en") == dbpedia


def test_a_failing_server_is_one_clear_error(dbpedia: Path, tmp_path: Path) -> None:
    with _Server(dbpedia, fail=True) as bad, pytest.raises(ConfigError, match=r"HTTP 503.*--mappings DIR"):
        fetch(bad.url, tmp_path / "c", ["en"])
    with pytest.raises(ConfigError, match="cannot download"):
        fetch("http://127.0.0.1:9", tmp_path / "c2", ["en"], timeout=5)  # nothing listens on the discard port

