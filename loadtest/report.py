"""The load test's results folder: report.md, summary.json and PNG plots (matplotlib, no display)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import orjson  # noqa: E402

from loadtest.observe import Sample, Window  # noqa: E402
from loadtest.recall import Recall  # noqa: E402

PERCENTILES = (50.0, 99.0, 99.9)


@dataclass
class Results:
    title: str
    settings: dict[str, Any]
    offered_per_second: dict[int, int]
    achieved_per_second: dict[int, float]
    windows: list[Window]
    samples: list[Sample]
    latency_ms: dict[str, float]                 # p50, p99, p99.9, max, count
    hops_ms: dict[str, dict[str, float]]         # hop -> p50/p99
    recall: Recall
    totals: dict[str, float] = field(default_factory=dict)


def write_report(folder: Path, results: Results) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    plots = [_latency_plot(folder / "latency.png", results), _throughput_plot(folder / "throughput.png", results),
             _lag_plot(folder / "lag.png", results), _resources_plot(folder / "resources.png", results)]
    summary = {"title": results.title, "settings": results.settings, "latency_ms": results.latency_ms,
               "hops_ms": results.hops_ms, "totals": results.totals,
               "recall": {"expected": dict(results.recall.expected), "found": dict(results.recall.found),
                          "overall": results.recall.overall}}
    (folder / "summary.json").write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    (folder / "report.md").write_text(_markdown(results, plots))
    return [folder / "report.md", folder / "summary.json", *plots]


def _markdown(r: Results, plots: list[Path]) -> str:
    lat = r.latency_ms
    out = [f"# {r.title}", "", "| setting | value |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in r.settings.items()]
    out += ["", "## Event to hit", "", "| p50 ms | p99 ms | p99.9 ms | max ms | hits |", "| --- | --- | --- | --- | --- |",
            f"| {lat.get('p50', '-')} | {lat.get('p99', '-')} | {lat.get('p99.9', '-')} | {lat.get('max', '-')} "
            f"| {lat.get('count', 0):.0f} |", "", "Where the time goes (broker timestamps):", "",
            "| hop | p50 ms | p99 ms |", "| --- | --- | --- |"]
    out += [f"| {hop} | {v.get('p50', '-')} | {v.get('p99', '-')} |" for hop, v in r.hops_ms.items()]
    out += ["", "## Throughput", ""] + [f"- {k}: {_figure_text(v)}" for k, v in r.totals.items()]
    out += ["", "## Recall of planted positives", "", "| planted kind | planted | found | recall |",
            "| --- | --- | --- | --- |"]
    for kind in sorted(r.recall.expected):
        share = r.recall.of(kind)
        out.append(f"| {kind} | {r.recall.expected[kind]} | {r.recall.found.get(kind, 0)} | "
                   f"{share:.3f} |" if share is not None else f"| {kind} | 0 | 0 | - |")
    overall = r.recall.overall
    out += ["", f"Overall recall: {overall:.4f}" if overall is not None else "Overall recall: no planted labels", ""]
    out += [f"![{p.stem}]({p.name})" for p in plots]
    return "\n".join(out) + "\n"


def _figure_text(value: float) -> str:
    """Counts without a decimal, rates and sizes with one."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _figure(title: str, ylabel: str) -> tuple[Any, Any]:
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=80)
    ax.set_title(title)
    ax.set_xlabel("seconds into the run")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return fig, ax


def _save(fig: Any, ax: Any, path: Path) -> Path:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _latency_plot(path: Path, r: Results) -> Path:
    fig, ax = _figure("Event to hit latency (HdrHistogram per second)", "ms")
    windows = sorted(r.windows, key=lambda w: w.second)
    for pct in PERCENTILES:
        ax.plot([w.second for w in windows], [w.hist.get_value_at_percentile(pct) for w in windows],
                label=f"p{pct:g}")
    ax.set_yscale("log")
    return _save(fig, ax, path)


def _throughput_plot(path: Path, r: Results) -> Path:
    fig, ax = _figure("Throughput", "lines/s")
    offered = sorted(r.offered_per_second.items())
    achieved = sorted(r.achieved_per_second.items())
    ax.plot([s for s, _ in offered], [v for _, v in offered], label="offered")
    ax.plot([s for s, _ in achieved], [v for _, v in achieved], label="screened")
    return _save(fig, ax, path)


def _lag_plot(path: Path, r: Results) -> Path:
    fig, ax = _figure("Consumer lag per topic", "messages")
    topics = sorted({t for s in r.samples for t in s.lag})
    for topic in topics:
        points = [(s.second, s.lag[topic]) for s in r.samples if topic in s.lag]
        ax.plot([p[0] for p in points], [p[1] for p in points], label=topic)
    return _save(fig, ax, path)


def _resources_plot(path: Path, r: Results) -> Path:
    fig, ax = _figure("Workers: CPU and RSS", "CPU % of one core")
    seconds = [s.second for s in r.samples]
    ax.plot(seconds, [s.cpu for s in r.samples], label="CPU %", color="tab:blue")
    rss = ax.twinx()
    rss.plot(seconds, [s.rss_mib for s in r.samples], label="RSS MiB", color="tab:orange")
    rss.set_ylabel("RSS MiB")
    return _save(fig, ax, path)
