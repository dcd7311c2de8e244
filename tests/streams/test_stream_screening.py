"""A batch of raw source messages: dead letters for what cannot be screened, the rest screened as offline."""

from __future__ import annotations

from collections.abc import Sequence

import orjson

from loadtest.malformed import malformed_records
from rules.engine import Engine, Screened
from rules.records import Declaration, decode_declaration
from schemas import codec
from streams.screening import screen_batch, screen_isolating

AT = "2026-03-02T10:00:05Z"


def _avro(raw_json: bytes) -> bytes:
    return codec.encode_declaration(decode_declaration(raw_json))


class PoisonedEngine:
    """The real engine, except that it raises on a batch holding a poisoned event."""

    def __init__(self, engine: Engine, poisoned: set[str]) -> None:
        self.engine, self.poisoned, self.calls = engine, poisoned, 0
        self.profile_set = engine.profile_set

    def screen(self, events: Sequence[Declaration], detected_at: str) -> Screened:
        self.calls += 1
        if any(e.event_id in self.poisoned for e in events):
            raise ZeroDivisionError("kernel fell over")
        return self.engine.screen(events, detected_at)


def test_undecodable_and_invalid_records_become_failures_with_reasons(engine: Engine,
                                                                      small_events: list[bytes]) -> None:
    good = [_avro(raw) for raw in small_events[:50]]
    not_avro = malformed_records(5, seed=3)          # JSON bytes, not the wire format
    data = orjson.loads(small_events[50])
    data["lines"][0]["origin_country"] = "XX"                          # well-formed, but no such country
    unknown_country = codec.encode("declaration", data)
    batch = good[:10] + not_avro + [unknown_country] + good[10:]
    outcome = screen_batch(engine, batch, AT)
    assert [f.index for f in outcome.failures] == [10, 11, 12, 13, 14, 15]
    assert {f.stage for f in outcome.failures[:5]} == {"decode"}
    assert all(f.reason for f in outcome.failures)
    last = outcome.failures[-1]
    assert (last.stage, last.field) == ("validate", "lines[0].origin_country")
    assert outcome.events == 50
    reference = engine.screen([decode_declaration(r) for r in small_events[:50]], AT)
    assert sorted(h.hit_id for g in outcome.groups for h in g.hits) == sorted({h.hit_id for h in reference.hits})
    assert outcome.contributions == reference.contributions


def test_an_engine_crash_costs_only_the_failing_events(engine: Engine, small_events: list[bytes]) -> None:
    events = [decode_declaration(raw) for raw in small_events[:300]]
    poisoned = {events[7].event_id, events[211].event_id}
    screened, failed = screen_isolating(PoisonedEngine(engine, poisoned), events, AT)
    assert sorted(i for i, _ in failed) == [7, 211]
    assert all(isinstance(exc, ZeroDivisionError) for _, exc in failed)
    rest = [e for e in events if e.event_id not in poisoned]
    reference = engine.screen(rest, AT)
    assert sorted(h.hit_id for h in screened.hits) == sorted(h.hit_id for h in reference.hits)
    assert screened.contributions == reference.contributions


def test_a_crash_becomes_an_engine_dead_letter_and_the_batch_goes_on(engine: Engine,
                                                                     small_events: list[bytes]) -> None:
    raws = [_avro(raw) for raw in small_events[:40]]
    victim = decode_declaration(small_events[25]).event_id
    outcome = screen_batch(PoisonedEngine(engine, {victim}), raws, AT)   # type: ignore[arg-type]
    assert [(f.index, f.stage) for f in outcome.failures] == [(25, "engine")]
    assert "ZeroDivisionError" in outcome.failures[0].reason
    assert outcome.events == 39
