"""One scenario run: traffic at a steady rate through the workers, a fault injected while it flows,
the wait until lag is zero, and the figures."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loadtest.chaos.cluster import Cluster, Collected
from loadtest.chaos.monitor import LagMonitor
from loadtest.chaos.stack import PrivateStack
from loadtest.chaos.traffic import Publisher, Traffic, build_traffic
from loadtest.chaos.verdict import Figures, first_copies, judge, max_event_to_hit


@dataclass
class Options:
    rate: float = 2_000.0           # goods lines per second
    duration: float = 60.0          # seconds of traffic
    seed: int = 1
    fault_seconds: float | None = None   # how long an outage lasts (None: the scenario's default)
    drain_timeout: float = 300.0
    restart_wait: bool = True            # sigkill: the next kill only once the restarted worker is ready
    # poison flood: how much slower per worker CPU second the poisoned backlogs may be; a few-second
    # backlog on a busy machine measures a few points of noise as well
    slower_at_most: float = 0.10

    @property
    def lines(self) -> int:
        return max(500, int(self.rate * self.duration))


@dataclass
class Run:
    """What a scenario's fault sees: the stack, the workers, the traffic in flight, and its own marks."""

    stack: PrivateStack
    cluster: Cluster
    traffic: Traffic
    options: Options
    publisher: Publisher | None = None
    monitor: LagMonitor | None = None
    rng: random.Random = field(default_factory=random.Random)
    fault_begin: float | None = None        # monotonic
    fault_end: float | None = None
    wall_begin: float | None = None         # the same moments on the wall clock, for hit latency
    wall_end: float | None = None
    notes: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def begin(self) -> None:
        if self.fault_begin is None:
            self.fault_begin, self.wall_begin = time.monotonic(), time.time()

    def end(self) -> None:
        self.fault_end, self.wall_end = time.monotonic(), time.time()

    def at_fraction(self, fraction: float) -> None:
        """Sleep until that fraction of the traffic's planned duration has passed."""
        assert self.publisher is not None
        wake = self.publisher.started + fraction * self.options.duration
        time.sleep(max(0.0, wake - time.monotonic()))

    def check(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)


@dataclass(frozen=True)
class Spec:
    name: str
    fault: Callable[[Run], None]
    workers: int = 1
    partitions: int = 6
    poison_fraction: float = 0.0
    poison_from: float = 0.0            # poison only in the traffic after this fraction
    ignore_rules: frozenset[str] = frozenset()
    prepare: Callable[[Path], dict] | None = None     # extra cluster arguments (e.g. a profile folder)
    drive: Callable[[Run], None] | None = None        # replaces the steady publisher (backlog phases)
    after: Callable[[Run, Collected], None] | None = None
    max_lines: int | None = None                      # a longer run replays the traffic in a loop


def execute(spec: Spec, stack: PrivateStack, workdir: Path, options: Options) -> Figures:
    extra = spec.prepare(workdir) if spec.prepare else {}
    cluster = Cluster(stack, workdir / "cluster", spec.partitions, spec.name, **extra)
    lines = min(options.lines, spec.max_lines or options.lines)
    traffic = build_traffic(workdir / "traffic", cluster.names, lines, options.seed,
                            poison_fraction=spec.poison_fraction, poison_from=spec.poison_from)
    run = Run(stack, cluster, traffic, options, rng=random.Random(options.seed))
    try:
        cluster.load_authorisations(traffic.authorisations)
        for slot in range(spec.workers):
            cluster.start(slot, wait=False)
        for worker in cluster.alive():
            worker.wait_ready(180.0)
        run.monitor = LagMonitor(stack.bootstrap, cluster.names).start()
        if spec.drive is not None:
            spec.drive(run)
        else:
            run.publisher = Publisher(stack.bootstrap, traffic.messages, options.rate).start()
            spec.fault(run)
            run.publisher.join()
            run.check(not run.publisher.failures, f"publishing failed: {run.publisher.failures[:1]}")
        drained = cluster.drain(options.drain_timeout)
        run.monitor.stop()
        collected = cluster.collect()
        if spec.after is not None:
            spec.after(run, collected)
        return _figures(spec, run, collected, drained)
    except Exception:
        print(cluster.log_tails(60))
        raise
    finally:
        if run.monitor is not None:
            run.monitor.stop()
        cluster.close()


def _figures(spec: Spec, run: Run, collected: Collected, drained: float) -> Figures:
    traffic = run.traffic
    figures = judge(spec.name, collected, traffic.expected_hits, traffic.expected_totals, traffic.poison,
                    set(run.cluster.names.sources.values()), ignore_rules=spec.ignore_rules)
    if run.fault_begin is not None and run.monitor is not None:
        end = run.fault_end if run.fault_end is not None else run.fault_begin
        recovered = run.monitor.recovered_at(run.fault_begin, end, drained)
        figures.recovery_s = recovered - run.fault_begin
        if run.publisher is not None and run.wall_begin is not None:
            wall_recovered = run.wall_begin + figures.recovery_s
            figures.max_event_to_hit_s = max_event_to_hit(first_copies(collected.copies),
                                                          run.publisher.sent_at, run.wall_begin, wall_recovered)
        figures.notes["max lag (messages)"] = run.monitor.max_lag()
    figures.notes = {"lines": traffic.lines, "poison": len(traffic.poison), **figures.notes, **run.notes}
    figures.problems += run.problems
    return figures
