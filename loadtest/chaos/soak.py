"""Soak: steady traffic for a long time (the traffic file replayed in a loop: a replay adds no hit and
counts nothing twice), the worker's resident memory and the lag sampled throughout."""

from __future__ import annotations

import time
from pathlib import Path

from loadtest.chaos.run import Run
from loadtest.chaos.traffic import Publisher

WARM_UP = 120.0             # seconds: caches, arenas and the ledger settle
RSS_GROWTH_AT_MOST = 0.05
SAMPLE_EVERY = 5.0


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def soak(run: Run) -> None:
    worker = next(iter(run.cluster.alive()))
    assert worker.proc is not None
    duration = run.options.duration
    publisher = Publisher(run.stack.bootstrap, run.traffic.messages, run.options.rate,
                          until=time.monotonic() + duration).start()
    run.publisher = publisher
    run.begin()
    samples: list[tuple[float, int]] = []
    while not publisher.done:
        samples.append((time.monotonic() - publisher.started, rss_bytes(worker.proc.pid)))
        time.sleep(SAMPLE_EVERY)
    run.end()
    warm = min(WARM_UP, duration / 2)
    settled = [rss for t, rss in samples if t >= warm]
    if not settled:
        run.problems.append("the soak was too short to measure memory after the warm-up")
        return
    growth = max(settled) / settled[0] - 1
    lag_after = run.monitor.max_lag(since=publisher.started + warm) if run.monitor else 0
    lag_late = run.monitor.max_lag(since=publisher.started + duration * 0.75) if run.monitor else 0
    run.notes["lines sent"] = f"{publisher.lines:,} in {publisher.finished - publisher.started:.0f} s"
    run.notes["rss after warm-up"] = (f"{settled[0] / 2**20:.0f} MiB -> max {max(settled) / 2**20:.0f} MiB "
                                      f"({growth:+.1%})")
    # whether the size levels off or keeps climbing: the largest sample of each quarter after the warm-up
    quarters = [settled[len(settled) * q // 4:len(settled) * (q + 1) // 4] or settled[-1:] for q in range(4)]
    run.notes["rss by quarter"] = ", ".join(f"{max(part) / 2**20:.0f}" for part in quarters) + " MiB"
    run.notes["max lag after warm-up"] = f"{lag_after} messages (last quarter: {lag_late})"
    run.check(growth < RSS_GROWTH_AT_MOST, f"RSS grew {growth:.1%} after the warm-up")
    run.check(not publisher.failures, f"publishing failed: {publisher.failures[:1]}")
    # Bounded: the last quarter is no further behind than a few seconds of traffic.
    run.check(lag_late <= 5 * run.options.rate, f"lag {lag_late} in the last quarter: the worker falls behind")
