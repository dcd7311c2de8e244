"""Session fixtures: the real lists are read and indexed once for the whole sanctions test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.sanctions import PartyScreener, SanctionsList, load_lists




@pytest.fixture(scope="session")
def real_lists(sanctions_dir: Path) -> SanctionsList:
    return load_lists([sanctions_dir])


@pytest.fixture(scope="session")
def screener(real_lists: SanctionsList) -> PartyScreener:
    return PartyScreener.build(real_lists)
