"""Builders shared by the engine tests: declarations from a few overrides, and an offline run."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import msgspec
import pytest

from rules.engine import Engine
from rules.hits import Hit
from rules.offline import OfflineScreen
from rules.records import Declaration, authorisation_from_dict, declaration_from_dict

DETECTED = "2026-11-24T12:00:00Z"
_ids = itertools.count(1)


def _decl(lines: Sequence[dict[str, Any]], **header: Any) -> Declaration:
    """A valid declaration event: H1 import on 2 March 2026 unless overridden; items numbered 1.."""
    n = next(_ids)
    record: dict[str, Any] = {
        "event_id": f"evt-{n}", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT", "version": 1,
        "event_time": "2026-03-02T10:00:00Z", "lrn": f"LRN-{n}",
        "importer": {"name": "Acme B.V.", "eori": "NL000000001", "country": "NL"},
        "lines": [{"item_number": i + 1, **line} for i, line in enumerate(lines)],
    }
    record.update(header)
    return declaration_from_dict(record)


def _offline(engine: Engine, events: Sequence[Declaration]) -> list[Hit]:
    """Screen events in order the way `grenswacht screen` does (dict stores, one run)."""
    hits: list[Hit] = []
    run = OfflineScreen(engine, DETECTED, hits.append, lambda r: pytest.fail(f"unexpected reject {r}"), 50)
    for number, event in enumerate(events, start=1):
        run.feed(number, msgspec.json.encode(event))
    run.finish()
    return hits


def _auth(**fields: Any):
    record = {"reference": "IPO-NL-0001", "type": "IPO", "holder_eori": "NL000000001",
              "valid_from": "2026-01-01", "valid_to": "2026-06-30"}
    record.update(fields)
    return authorisation_from_dict(record)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.build()


@pytest.fixture(scope="session")
def decl():
    return _decl


@pytest.fixture(scope="session")
def offline():
    return _offline


@pytest.fixture(scope="session")
def auth():
    return _auth
