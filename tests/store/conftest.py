"""Fixtures of the store tests: the shared real-data graph (see :mod:`tests.store.graph`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.graph import Graph, build


@pytest.fixture(scope="session")
def graph(shared: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Graph:
    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent
    return build(shared, root / "wikikg-graph")
