"""Malformed declaration records for poison tests: each breaks the contract in exactly one way.

Every record starts as a valid generated event (from its own seeded stream,
so adding malformed records never changes the good ones) and then has one
thing broken, the way real producers break messages: cut-off JSON, a field
renamed or missing, a code or country in the wrong format, an empty list.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, NamedTuple

import orjson

from loadtest.generator import DeclarationGenerator


class Malformed(NamedTuple):
    kind: str
    raw: bytes          # one JSON Lines record, without the newline


def _truncated(event: dict[str, Any]) -> bytes:
    raw = orjson.dumps(event)
    return raw[: len(raw) * 2 // 3]


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], bytes]:
    def breaker(event: dict[str, Any]) -> bytes:
        target = event
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return orjson.dumps(event)
    return breaker


def _without(key: str) -> Callable[[dict[str, Any]], bytes]:
    def breaker(event: dict[str, Any]) -> bytes:
        del event[key]
        return orjson.dumps(event)
    return breaker


def _duplicate_item(event: dict[str, Any]) -> bytes:
    event["lines"].append(dict(event["lines"][0]))
    return orjson.dumps(event)


BREAKERS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "invalid_json": _truncated,
    "not_an_object": lambda event: orjson.dumps([event["event_id"], event["source"]]),
    "missing_event_id": _without("event_id"),
    "missing_lines": _without("lines"),
    "unknown_field": _set(("customs_office",), "NL000396"),
    "empty_lines": _set(("lines",), []),
    "bad_commodity_code": _set(("lines", 0, "commodity_code"), "87O3.23"),
    "bad_country": _set(("lines", 0, "origin_country"), "Russia"),
    "bad_source": _set(("source",), "SAP"),
    "bad_declaration_type": _set(("declaration_type",), "H9"),
    "bad_mrn": _set(("mrn",), "26nl-0001"),
    "bad_event_time": _set(("event_time",), "05-01-2026 08:00"),
    "negative_value": _set(("lines", 0, "value_eur"), -12.5),
    "negative_mass": _set(("lines", 0, "gross_mass_kg"), -3.2),
    "version_as_text": _set(("version",), "2"),
    "bad_procedure_code": _set(("lines", 0, "procedure_code"), "40"),
    "unknown_line_field": _set(("lines", 0, "hs_code"), "870323"),
    "duplicate_item_number": _duplicate_item,
}


def malformed_records(count: int, seed: int = 7) -> list[bytes]:
    """`count` malformed JSON Lines records (no newline), cycling through every kind in a seeded order."""
    return [case.raw for case in malformed_cases(count, seed)]


def malformed_cases(count: int, seed: int = 7) -> list[Malformed]:
    """The same records as `malformed_records`, each with the kind of breakage it carries."""
    if count <= 0:
        return []
    rng = random.Random(f"malformed:{seed}")
    kinds = list(BREAKERS)
    rng.shuffle(kinds)
    # Fresh events from a stream of their own; the breakers change them in place.
    events = iter(DeclarationGenerator(count * 3 + 10, seed=seed + 1_000_003))
    return [Malformed(kind, BREAKERS[kind](next(events))) for kind in (kinds[i % len(kinds)] for i in range(count))]
