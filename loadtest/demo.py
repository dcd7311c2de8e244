"""The main job: a generated sample with planted hits through a real worker on the local stack.

Generate -> load authorisations -> start a worker -> replay (event_time stamped
at sending, so that event-to-hit latency means something) -> wait until the
worker has committed everything -> export the hits -> summary. Each run has its
own namespace, so its topics, group and state never mix with another run's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hdrh.histogram import HdrHistogram

from loadtest.files import write_authorisations, write_declarations
from loadtest.listnames import sanctioned_names
from rules.hits import Hit, hit_to_json
from rules.sanctions.snapshot import ListChoice
from rules.records import authorisation_from_dict
from streams.admin import stack_broker
from streams.authorisations import publish_authorisations
from streams.clock import epoch_of
from streams.drain import wait_drained
from streams.export import export_hits
from streams.naming import Names
from streams.process import WorkerProcess
from streams.publish import replay


@dataclass
class DemoResult:
    namespace: str
    lines: int = 0
    events: int = 0
    replay_seconds: float = 0.0
    rate: float | None = None            # events/s offered; None: as fast as the producer goes
    end_to_end_seconds: float = 0.0
    hits: Counter = field(default_factory=Counter)       # queue -> hits
    warnings: Counter = field(default_factory=Counter)   # queue -> warnings
    duplicates: int = 0
    dead_letters: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    hits_path: Path | None = None
    lists: dict[str, Any] = field(default_factory=dict)     # the worker's /status account of its lists


def latency_percentiles(hits: list[Hit]) -> dict[str, float]:
    """p50/p99/max of detected_at - event_time, in milliseconds (HdrHistogram, 3 significant digits)."""
    histogram = HdrHistogram(1, 24 * 3600 * 1000, 3)
    for hit in hits:
        start, end = epoch_of(hit.event_time or ""), epoch_of(hit.detected_at)
        if start is not None and end is not None:
            histogram.record_value(max(1, round((end - start) * 1000)))
    if not histogram.get_total_count():
        return {}
    return {"p50": histogram.get_value_at_percentile(50), "p99": histogram.get_value_at_percentile(99),
            "max": histogram.get_max_value(), "count": histogram.get_total_count()}


def run_demo(lines: int, seed: int, lists: ListChoice, workdir: Path,
             say: Callable[[str], None], rate: float | None = None) -> DemoResult:
    bootstrap = stack_broker()      # BrokerUnreachable says how to start the stack
    stamp = dt.datetime.now(dt.timezone.utc)
    result = DemoResult(f"demo-{stamp:%Y%m%d-%H%M%S}", rate=rate)
    workdir = workdir / result.namespace
    workdir.mkdir(parents=True, exist_ok=True)
    sample = _prepare(result, bootstrap, lines, seed, lists, workdir, stamp, say)
    worker = WorkerProcess(result.namespace, workdir / "state", workdir / "worker.log", lists=lists.named,
                           no_lists=not lists.enabled)
    say(f"starting a worker (namespace {result.namespace}, web port {worker.web_port}, log {worker.log_path})")
    worker.start()
    try:
        worker.wait_ready(timeout=180.0)
        result.lists = worker.status()["lists"]
        _stream(result, bootstrap, sample, say)
        result.dead_letters = worker.metric("grenswacht_dead_letters_total")
        _collect(result, bootstrap, workdir / "hits.jsonl")
    finally:
        worker.stop()
    return result


def _prepare(result: DemoResult, bootstrap: str, lines: int, seed: int, lists: ListChoice, workdir: Path,
             stamp: dt.datetime, say: Callable[[str], None]) -> Path:
    """The sample (event times from now on) and its authorisations, published; returns the sample's path."""
    start = stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
    say(f"generating {lines:,} lines (seed {seed}) with planted hits into {workdir}")
    sample, auth_path = workdir / "declarations.jsonl", workdir / "authorisations.jsonl"
    planted_names = sanctioned_names(list(lists.paths), seed) if lists.enabled else []
    written = write_declarations(sample, lines, seed, sanctioned_names=planted_names, start=start)
    auths = [authorisation_from_dict(a) for a in write_authorisations(auth_path, seed, start=start)]
    result.events, result.lines = written.events, written.lines
    names = Names(result.namespace)
    publish_authorisations(auths, names, bootstrap)
    say(f"published {len(auths)} authorisations to {names.authorisations}")
    return sample


def _stream(result: DemoResult, bootstrap: str, sample: Path, say: Callable[[str], None]) -> None:
    """Replay the sample and wait until the worker has committed all of it."""
    names = Names(result.namespace)
    say("worker ready; replaying")
    began = time.monotonic()
    replayed = replay(sample, names, bootstrap, restamp=True, rate=result.rate)
    result.replay_seconds = replayed.seconds
    say(f"replayed {replayed.events:,} events in {replayed.seconds:.1f} s "
        f"({replayed.events_per_second:,.0f} events/s); waiting for the worker to catch up")
    result.end_to_end_seconds = wait_drained(bootstrap, names, timeout=900.0) - began


def _collect(result: DemoResult, bootstrap: str, hits_path: Path) -> None:
    """Export the queues to `hits_path` and count them."""
    exported: list[Hit] = []
    with open(hits_path, "wb") as out:
        def keep(hit: Hit) -> None:
            exported.append(hit)
            out.write(hit_to_json(hit) + b"\n")
        summary = export_hits(bootstrap, Names(result.namespace).hit_topics.values(), keep, idle_timeout=2.0)
    result.hits_path, result.duplicates = hits_path, summary.duplicates
    for hit in exported:
        (result.warnings if hit.severity == "warning" else result.hits)[hit.queue] += 1
    result.latency_ms = latency_percentiles(exported)
