"""Shared fixtures: where the real test data lives.

The data is never copied into the repository; it sits in ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
