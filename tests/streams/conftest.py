"""Shared pieces of the stream tests: a generated data set, the engine, and (integration) the real stack."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from loadtest.generator import generate_authorisations, generate_declarations
from rules.engine import Engine
from rules.records import Authorisation, authorisation_from_dict

REPO = Path(__file__).resolve().parents[2]
SEED = 11



@pytest.fixture(scope="session")
def authorisations() -> list[Authorisation]:
    return [authorisation_from_dict(a) for a in generate_authorisations(SEED)]


@pytest.fixture(scope="session")
def engine(authorisations: list[Authorisation]) -> Engine:
    return Engine.build(None, authorisations)


@pytest.fixture(scope="session")
def small_events() -> list[bytes]:
    """6,000 lines of generated traffic (JSON records), amendments and redeliveries included."""
    return [orjson.dumps(e) for e in generate_declarations(6_000, seed=SEED)]

