"""The random sample: H1 lines only, reproducible from declaration key, item and profile id."""

from __future__ import annotations

import math

from rules.engine import Engine
from rules.records import declaration_from_dict as make


def _sampled(engine, events):
    return {(h.declaration_key, h.item_number) for e in events for h in engine.screen([e], "2026-11-24T12:00:00Z").hits
            if h.queue == "sample"}


def test_rate_one_takes_every_h1_line_and_nothing_else():
    engine = Engine.build(sample_rate=1.0)
    base = {"source": "DMS", "direction": "IMPORT", "version": 1, "event_time": "2026-03-02T10:00:00Z",
            "lines": [{"item_number": 1, "commodity_code": "6109100010"}, {"item_number": 2, "commodity_code": "640299"}]}
    events = [make({**base, "event_id": "a", "lrn": "A", "declaration_type": "H1"}),
              make({**base, "event_id": "b", "lrn": "B", "declaration_type": "H7"}),
              make({**base, "event_id": "c", "lrn": "C", "declaration_type": "B1", "direction": "EXPORT"})]
    hits = [h for h in engine.screen(events, "2026-11-24T12:00:00Z").hits if h.queue == "sample"]
    assert [(h.declaration_key, h.item_number, h.severity) for h in hits] == [("A", 1, "info"), ("A", 2, "info")]
    assert not _sampled(Engine.build(sample_rate=0.0), events)


def test_selection_is_reproducible_across_versions_events_and_runs(decl):
    engine = Engine.build(sample_rate=0.3)
    lines = [{"commodity_code": "6109100010"}] * 40
    first = [decl(lines, lrn=f"K{n}") for n in range(10)]
    again = [decl(lines, lrn=f"K{n}", version=3, event_time="2026-09-09T09:00:00Z") for n in range(10)]
    chosen = _sampled(engine, first)
    assert chosen == _sampled(engine, again) == _sampled(Engine.build(sample_rate=0.3), first)
    assert 0.2 < len(chosen) / 400 < 0.4


def test_default_rate_is_half_a_percent(decl, engine):
    lines = [{"commodity_code": "6109100010"}] * 100
    chosen = _sampled(engine, [decl(lines, lrn=f"S{n}") for n in range(200)])
    expected, sigma = 20_000 * 0.005, math.sqrt(20_000 * 0.005 * 0.995)
    assert abs(len(chosen) - expected) < 4 * sigma
