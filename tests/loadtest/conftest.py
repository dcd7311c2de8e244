"""One generated data set per session: generation is deterministic, so every test can share it."""

from __future__ import annotations

from pathlib import Path

import pytest
from loadtest_data import Dataset

from loadtest.generator import DeclarationGenerator, generate_authorisations

REPO = Path(__file__).resolve().parents[2]
# Enough lines that every planted kind occurs at the default rates, small enough to stay well under a second.
LINES = 30_000
SEED = 7
NAMES = ("BANCO NACIONAL DE CUBA", "AEROCARIBBEAN AIRLINES", "KASKAR, Dawood Ibrahim")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    generator = DeclarationGenerator(LINES, SEED, sanctioned_names=NAMES)
    events = list(generator)
    return Dataset(generator, events, generate_authorisations(SEED))


