"""The load test's report writer and recall matching, on made-up measurements."""

from __future__ import annotations

from pathlib import Path

from loadtest.observe import Found, Sample, Window
from loadtest.recall import recall
from loadtest.report import Results, write_report

PNG = b"\x89PNG\r\n\x1a\n"


def test_recall_matches_event_queue_and_item_and_parties_by_event() -> None:
    expected = {("e1", "embargo", 1): "embargo.ru_car", ("e2", "embargo", 2): "embargo.ru_steel",
                ("e3", "sanctions", None): "sanctions.party", ("e4", "sample", 1): "sample.h1"}
    hits = [Found("e1", "embargo", "embargo.ru.cars", 1), Found("e2", "embargo", "embargo.ru.iron_steel", 1),
            Found("e3", "sanctions", "sanctions.party", None), Found("e4", "cbam", "cbam.missing_status", 1)]
    r = recall(expected, hits)
    assert r.of("embargo.ru_car") == 1.0 and r.of("embargo.ru_steel") == 0.0     # wrong item
    assert r.of("sanctions.party") == 1.0 and r.of("sample.h1") == 0.0           # wrong queue
    assert r.overall == 0.5 and r.of("cbam.no_status") is None


def _results() -> Results:
    windows = []
    for second in range(5):
        w = Window(second)
        for ms in range(10, 10 + 20 * (second + 1)):
            w.hist.record_value(ms)
        windows.append(w)
    samples = [Sample(float(s), {"ns.decl.dms": 100 - 10 * s, "ns-contributions": s}, 80.0 + s, 300.0 + s, 1000.0 * s)
               for s in range(6)]
    r = recall({("e1", "embargo", 1): "embargo.ru_car", ("e2", "embargo", 1): "embargo.ru_car"},
               [Found("e1", "embargo", "embargo.ru.cars", 1)])
    return Results("load test", {"profile": "flat"}, {s: 1000 for s in range(5)}, {s: 990.0 for s in range(1, 6)},
                   windows, samples, {"p50": 30.0, "p99": 99.0, "p99.9": 109.0, "max": 109.0, "count": 300.0},
                   {"1: source -> hit group produced": {"p50": 20.0, "p99": 70.0}}, r,
                   {"lines offered": 5000.0, "offered lines/s (mean)": 833.25})


def test_report_writes_markdown_summary_and_four_png_plots(tmp_path: Path) -> None:
    files = write_report(tmp_path / "run", _results())
    names = sorted(f.name for f in files)
    assert names == ["lag.png", "latency.png", "report.md", "resources.png", "summary.json", "throughput.png"]
    for png in (f for f in files if f.suffix == ".png"):
        data = png.read_bytes()
        assert data.startswith(PNG) and len(data) > 5_000
    text = (tmp_path / "run" / "report.md").read_text()
    assert "| embargo.ru_car | 2 | 1 | 0.500 |" in text
    assert "| 30.0 | 99.0 | 109.0 | 109.0 | 300 |" in text
    assert "![latency](latency.png)" in text
    assert "- lines offered: 5,000\n" in text and "- offered lines/s (mean): 833.2\n" in text
