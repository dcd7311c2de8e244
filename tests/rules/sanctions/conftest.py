"""Session fixtures: the real lists are read and indexed once for the whole sanctions test module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rules.sanctions import PartyScreener, SanctionsList, load_lists

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def sanctions_dir() -> Path:
    return Path(os.environ.get("GRENSWACHT_SANCTIONS_DIR", REPO.parent / "shared" / "data" / "sanctions"))


@pytest.fixture(scope="session")
def real_lists(sanctions_dir: Path) -> SanctionsList:
    return load_lists([sanctions_dir])


@pytest.fixture(scope="session")
def screener(real_lists: SanctionsList) -> PartyScreener:
    return PartyScreener.build(real_lists)
