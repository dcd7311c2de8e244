"""Declaration events from outside, fuzzed: as JSON Lines for `grenswacht screen`, and as Avro bytes for
the stream's decode path. Nothing crashes or hangs; whatever is refused is a RecordError with a reason."""

from __future__ import annotations

from typing import Any

import json

import orjson
import pytest
from fuzz_support import JSON_VALUES, byte_mutation, field_mutation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loadtest.generator import DeclarationGenerator, generate_authorisations
from rules.engine import Engine
from rules.offline import OfflineScreen
from rules.records import authorisation_from_dict
from schemas import codec
from streams.screening import screen_batch

# no deadline: the first example waits for numba to compile the kernels, and on a shared machine a
# deadline times the neighbours; a hang still ends the run at CI's limit
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID: list[dict[str, Any]] = list(DeclarationGenerator(60, seed=5))


def dumps(value: Any) -> bytes:
    """Any JSON value, out-of-range numbers and NaN included (invalid JSON is a fine input too)."""
    return json.dumps(value, default=str).encode()



@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.build(None, [authorisation_from_dict(a) for a in generate_authorisations(5)])


valid_records = st.integers(0, len(VALID) - 1).map(lambda i: VALID[i])
json_lines = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(dumps),
    valid_records.flatmap(lambda r: byte_mutation(orjson.dumps(r))),
    valid_records.flatmap(lambda r: field_mutation(r)).map(dumps),
)


@EXAMPLES
@given(st.lists(json_lines, min_size=1, max_size=6), st.lists(valid_records, max_size=3))
def test_screen_refuses_each_bad_line_with_its_reason(engine: Engine, bad: list[bytes],
                                                      good: list[dict[str, Any]]) -> None:
    rejects: list[dict[str, Any]] = []
    run = OfflineScreen(engine, "2026-01-01T00:00:00Z", lambda h: None, rejects.append)
    lines = [raw.replace(b"\n", b" ") for raw in bad] + [orjson.dumps(r) for r in good]
    for number, raw in enumerate(lines, start=1):
        run.feed(number, raw)
    summary = run.finish()
    assert summary.declarations + summary.rejects == summary.lines
    assert summary.declarations >= len(good)
    assert all(isinstance(r["reason"], str) and r["reason"] and r["line"] >= 1 for r in rejects)


avro_values = st.one_of(
    st.binary(max_size=200),
    st.binary(max_size=120).map(lambda body: b"\x00\x00\x00\x00\x01" + body),     # the right header
    valid_records.map(lambda r: codec.encode("declaration", r)).flatmap(byte_mutation),
)


@EXAMPLES
@given(st.lists(avro_values, min_size=1, max_size=6), st.lists(valid_records, max_size=3))
def test_the_stream_dead_letters_each_bad_message_with_its_reason(engine: Engine, bad: list[bytes],
                                                                  good: list[dict[str, Any]]) -> None:
    raws = bad + [codec.encode("declaration", r) for r in good]
    outcome = screen_batch(engine, raws, "2026-01-01T00:00:00Z")
    assert outcome.events + len(outcome.failures) == len(raws)
    assert outcome.events >= len(good)
    assert all(f.reason and f.stage in ("decode", "validate") for f in outcome.failures)
