"""Poison flood: the same worker screens clean backlogs and ones with 1 % malformed messages mixed in;
every malformed message must reach the dead letters and the good lines must go through as fast."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from loadtest.chaos.run import Run
from loadtest.chaos.traffic import Message, Publisher

AS_FAST_AS_POSSIBLE = 1e12


def poison_flood(run: Run) -> None:
    """Clean and poisoned backlogs in turn, twice each, the best of each kind compared. Throughput is good
    lines per CPU second of the worker: what it could carry alone, which a busy neighbour on a shared
    machine does not move; wall-clock lines/s are reported beside it."""
    messages, split = run.traffic.messages, run.traffic.clean_prefix
    clean_half, poisoned_half = split // 2, split + (len(messages) - split) // 2
    phases = [messages[:clean_half], messages[split:poisoned_half], messages[clean_half:split],
              messages[poisoned_half:]]
    rates: list[tuple[float, float]] = []
    for k, phase in enumerate(phases):
        if k == 1:
            run.begin()
        rates.append(_backlog(run, phase))
        run.cluster.drain(run.options.drain_timeout)
    run.end()
    clean, poisoned = max(rates[0][1], rates[2][1]), max(rates[1][1], rates[3][1])
    ratio = poisoned / clean if clean else 0.0
    run.notes["clean lines/s"] = f"{max(rates[0][0], rates[2][0]):,.0f} wall, {clean:,.0f} per worker CPU second"
    run.notes["poisoned lines/s"] = (f"{max(rates[1][0], rates[3][0]):,.0f} wall, {poisoned:,.0f} per worker CPU "
                                     f"second ({ratio:.1%} of clean)")
    kinds = sorted({kind for kind, _ in run.traffic.poison})
    run.notes["poison kinds"] = ", ".join(kinds)
    run.check(ratio >= 1 - run.options.slower_at_most, f"throughput with poison is {ratio:.1%} of the clean run's")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")      # utime + stime


def _backlog(run: Run, messages: Sequence[Message]) -> tuple[float, float]:
    """Publish a backlog as fast as possible; good lines per wall second and per worker CPU second, from
    the worker's first line of it to its last (read off its counter, so the drain's polling does not
    blur the figure)."""
    worker = next(iter(run.cluster.alive()))
    start = worker.metric("grenswacht_lines_screened_total")
    target = start + sum(m.lines for m in messages)
    publisher = Publisher(run.stack.bootstrap, messages, AS_FAST_AS_POSSIBLE).start()
    if run.publisher is None:
        run.publisher = publisher
    else:
        run.publisher.sent_at.update(publisher.sent_at)
    first = last = None
    deadline = time.monotonic() + run.options.drain_timeout
    while time.monotonic() < deadline:
        count = worker.metric("grenswacht_lines_screened_total")
        now = time.monotonic()
        if first is None and count > start:
            first, first_count, first_cpu = now, count, _cpu_seconds(worker.proc.pid)
        if count >= target:
            last, last_cpu = now, _cpu_seconds(worker.proc.pid)
            break
        time.sleep(0.05)
    publisher.join()
    run.publisher.sent_at.update(publisher.sent_at)
    run.check(not publisher.failures, f"publishing failed: {publisher.failures[:1]}")
    if first is None or last is None or last <= first:
        run.problems.append("the worker did not screen the backlog")
        return 0.0, 0.0
    lines = target - first_count
    return lines / (last - first), lines / max(last_cpu - first_cpu, 1e-3)
