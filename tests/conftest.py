"""Shared fixtures: where the real test data lives, and the served graph built once per run.

The data is never copied into the repository; it sits in ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.store.graph import Graph

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared" / "data").resolve()
DUMPS = SHARED / "dumps"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        raise RuntimeError(f"test data not found at {SHARED}: ../shared must sit beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def dumps(shared: Path) -> Path:
    return shared / "dumps"


@pytest.fixture(scope="session")
def test_output() -> Path:
    """A folder for artefacts a person may want to look at (screenshots, reports)."""
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    return out


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this whole test run: pytest's base temp folder, or under xdist its
    parent, which every worker's base temp folder (``popen-gwN``) shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def graph(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The real-data graph of :mod:`tests.store.graph`, extracted and loaded once per run: the
    first worker to ask builds it under a file lock, the others wait and reuse it."""
    from tests.store.graph import build  # the pipeline and the store, imported by the tests that need them

    return build(shared, run_folder(tmp_path_factory) / "wikikg-graph")


# Folders whose modules share one resource of the worker process (one Spark session, a JVM):
# they run in one worker, as their xdist_group marks ask (see pytest_xdist_make_scheduler).
ONE_WORKER = {"tests/spark/": "spark"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """``--dist loadgroup`` (``make test``, ``make quick``) deals out whole modules, not tests.

    xdist's own loadgroup scheduler deals the tests one by one, so a module's fixtures (a dump
    extracted, a server started) were built in both workers; and with pytest 9.2 it loses the
    ``xdist_group`` marks (it renames the tests, which pytest no longer lets it do: xdist issue
    #1386), so the Spark tests ran in both workers, each with its own JVM.  Here a test's scope
    is its group when the name still carries one, its folder's entry of :data:`ONE_WORKER`, or
    else its module.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):
                return nodeid.rsplit("@", 1)[1]
            path = nodeid.split("::", 1)[0]
            return next((group for folder, group in ONE_WORKER.items() if path.startswith(folder)), path)

    return ByModule(config, log)  # type: ignore[arg-type]
