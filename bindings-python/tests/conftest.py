import os
from pathlib import Path

import pytest

import f1core

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared real data: $F1CORE_DATA, else <repo>/../shared/data."""
    d = Path(os.environ.get("F1CORE_DATA") or REPO.parent / "shared" / "data")
    if not d.is_dir():
        pytest.skip(f"no data directory at {d}")
    return d


@pytest.fixture(scope="session")
def ds(data_dir) -> f1core.Dataset:
    return f1core.Dataset.load(data_dir)
