"""Integration: a short `grenswacht loadtest` against the shared stack, in a namespace of its own."""

from __future__ import annotations

from pathlib import Path

import orjson

from loadtest.run import Plan, run_loadtest


def test_short_loadtest_writes_its_report_and_measures_recall(bootstrap: str, tmp_path: Path) -> None:
    results, files = run_loadtest(Plan("burst", rate=400.0, duration=8.0, drain_timeout=90.0), tmp_path,
                                  say=lambda line: None)
    folder = files[0].parent
    assert {f.name for f in folder.iterdir()} >= {"report.md", "summary.json", "labels.jsonl", "latency.png",
                                                   "throughput.png", "lag.png", "resources.png"}
    summary = orjson.loads((folder / "summary.json").read_bytes())
    planted = summary["recall"]["expected"]
    assert sum(planted.values()) > 0 and summary["recall"]["overall"] is not None
    labels = (folder / "labels.jsonl").read_bytes().splitlines()
    assert len(labels) == sum(planted.values())
    assert summary["totals"]["lines screened"] == summary["totals"]["lines offered"]
    assert results.latency_ms["count"] > 0 and results.recall.overall == summary["recall"]["overall"]
