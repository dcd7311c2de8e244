"""Wall-clock helpers and the demo's latency summary."""

from __future__ import annotations

import datetime as dt
import re

from rules.hits import Hit
from streams.clock import epoch_of, now_iso, seconds_since
from loadtest.demo import latency_percentiles
from streams.metrics import Metrics


def _hit(event_time: str, detected_at: str) -> Hit:
    return Hit(hit_id="h", event_id="e", declaration_key="k", declaration_version=1, queue="sample", rule_id="r",
               rule_version="v", score=1.0, reason=".", detected_at=detected_at, event_time=event_time)


def test_stamps_are_utc_with_milliseconds() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", now_iso())
    assert epoch_of("2026-03-02T10:00:00Z") == dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc).timestamp()
    assert epoch_of("2026-03-02T11:00:00+01:00") == epoch_of("2026-03-02T10:00:00Z")
    assert epoch_of("yesterday") is None and seconds_since(None) is None
    assert 0 <= (seconds_since(now_iso()) or 0) < 1


def test_latency_percentiles_in_milliseconds() -> None:
    hits = [_hit("2026-03-02T10:00:00.000Z", f"2026-03-02T10:00:00.{ms:03d}Z") for ms in range(10, 110)]
    lat = latency_percentiles(hits)
    assert lat["count"] == 100
    assert 58 <= lat["p50"] <= 60 and 107 <= lat["p99"] <= 109 and lat["max"] == 109
    assert latency_percentiles([]) == {}


def test_metrics_render_in_the_prometheus_text_format() -> None:
    metrics = Metrics()
    metrics.lines.labels("DMS").inc(7)
    metrics.set_engine("abc", None)
    text = metrics.render().decode()
    assert 'grenswacht_lines_screened_total{source="DMS"} 7.0' in text
    assert 'grenswacht_engine_info{list_version="none",profile_version="abc"} 1.0' in text
