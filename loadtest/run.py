"""`grenswacht loadtest`: shaped Dutch-mix traffic against workers on the running stack, with a report.

Each run has its own namespace (topics, consumer group, worker state), starts
its own workers, replays for the set duration, waits until the workers have
committed everything (or gives up after --drain-timeout), and writes the
results folder: report.md, summary.json and PNG plots.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from loadtest.dutch import DutchTraffic
from loadtest.observe import HitWatcher, Sampler, Sample
from loadtest.recall import recall
from loadtest.replay import Offered, replay_shaped
from loadtest.report import PERCENTILES, Results, write_report
from loadtest.shape import PROFILES, RateShape
from streams.admin import delete_topics, ensure_topics, internal_topics, stack_broker, worker_topics
from streams.commands.list_options import list_options
from streams.lists import resolve
from streams.drain import input_topics, wait_drained
from streams.errors import StreamError
from streams.naming import Names
from streams.process import WorkerProcess

LINES_METRIC = "grenswacht_lines_screened_total"


@dataclass(frozen=True)
class Plan:
    profile: str
    rate: float
    duration: float
    workers: int = 1
    seed: int = 7
    lists: tuple[Path, ...] = ()
    partitions: int = 6
    drain_timeout: float = 120.0
    keep_topics: bool = False


def percentiles(hist: Any) -> dict[str, float]:
    if not hist.get_total_count():
        return {}
    out = {f"p{p:g}": float(hist.get_value_at_percentile(p)) for p in PERCENTILES}
    return {**out, "max": float(hist.get_max_value()), "count": float(hist.get_total_count())}


def run_loadtest(plan: Plan, results_dir: Path, say: Any = click.echo) -> tuple[Results, list[Path]]:
    bootstrap = stack_broker()
    stamp = dt.datetime.now(dt.timezone.utc)
    names = Names(f"load-{stamp:%Y%m%d-%H%M%S}")
    folder = results_dir / names.namespace
    folder.mkdir(parents=True, exist_ok=True)
    ensure_topics(bootstrap, {**worker_topics(names), **internal_topics(names)}, plan.partitions)
    say(f"namespace {names.namespace}: building the traffic pool (seed {plan.seed})")
    traffic = DutchTraffic(plan.seed, sanctioned_names=_planted_names(plan))
    publish_generated_authorisations(names, bootstrap, plan.seed, stamp)
    workers = [WorkerProcess(names.namespace, folder / f"state-{i}", folder / f"worker-{i}.log",
                             lists=plan.lists, no_lists=not plan.lists, partitions=plan.partitions)
               for i in range(plan.workers)]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.wait_ready(timeout=240.0)
        say(f"{len(workers)} worker(s) ready; offering {plan.rate:,.0f} lines/s ({plan.profile}) "
            f"for {plan.duration:g} s")
        results = _measure(plan, names, bootstrap, traffic, workers, folder)
    finally:
        for w in workers:
            w.stop()
        if not plan.keep_topics:
            delete_topics(bootstrap, [*worker_topics(names), *internal_topics(names)])
    return results, write_report(folder, results)


def _planted_names(plan: Plan) -> list[str]:
    if not plan.lists:
        return []
    from loadtest.listnames import sanctioned_names

    return sanctioned_names(list(plan.lists), plan.seed)


def publish_generated_authorisations(names: Names, bootstrap: str, seed: int, stamp: dt.datetime) -> None:
    from loadtest.authorisations import generate_authorisations
    from rules.records import authorisation_from_dict
    from streams.authorisations import publish_authorisations

    start = stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
    publish_authorisations([authorisation_from_dict(a) for a in generate_authorisations(seed, start=start)],
                           names, bootstrap)


def _measure(plan: Plan, names: Names, bootstrap: str, traffic: DutchTraffic,
             workers: Sequence[WorkerProcess], folder: Path) -> Results:
    started = time.time()
    before = sum(w.metric(LINES_METRIC) for w in workers)
    watcher = HitWatcher(bootstrap, list(names.hit_topics.values()), started)
    sampler = Sampler(bootstrap, names.app_id, input_topics(names), [w.proc.pid for w in workers if w.proc],
                      started, screened=lambda: sum(w.metric(LINES_METRIC) for w in workers) - before)
    watcher.start()
    sampler.start()
    shape = RateShape(plan.profile, plan.rate, plan.duration)
    offered = _replay_with_progress(traffic, shape, names, bootstrap, folder, watcher)
    drained = True
    try:
        wait_drained(bootstrap, names, timeout=plan.drain_timeout, poll=0.5)
    except StreamError as exc:
        drained = False
        click.echo(f"not drained: {exc}", err=True)
    time.sleep(1.0)         # the last hits' messages reach the watcher
    watcher.stop()
    sampler.stop()
    watcher.join(10.0)
    sampler.join(10.0)
    if watcher.error is not None:
        raise StreamError(f"the hit watcher failed: {watcher.error!r}")
    return _results(plan, names, offered, watcher, sampler, drained, time.time() - started)


def _replay_with_progress(traffic: DutchTraffic, shape: RateShape, names: Names, bootstrap: str,
                          folder: Path, watcher: HitWatcher) -> Offered:
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[status]}"))
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task("replaying", total=shape.duration, status="")

        def tick(elapsed: float, offered: Offered) -> None:
            p99 = watcher.total.get_value_at_percentile(99) if watcher.total.get_total_count() else 0
            status = (f"{shape.at(elapsed):,.0f} lines/s offered, {offered.lines:,} lines, "
                      f"{len(watcher.found):,} hits, p99 {p99} ms")
            progress.update(task, completed=elapsed, status=status)

        offered = replay_shaped(traffic, shape, names, bootstrap, folder / "labels.jsonl", tick)
        progress.update(task, completed=shape.duration)
    return offered


def _achieved(samples: Sequence[Sample]) -> dict[int, float]:
    out: dict[int, float] = {}
    for a, b in zip(samples, samples[1:]):
        if b.second > a.second:
            out[int(b.second)] = max(0.0, (b.screened - a.screened) / (b.second - a.second))
    return out


def _results(plan: Plan, names: Names, offered: Offered, watcher: HitWatcher, sampler: Sampler,
             drained: bool, wall: float) -> Results:
    samples = sampler.samples
    screened = samples[-1].screened if samples else 0.0
    settings = {"profile": plan.profile, "rate (mean lines/s)": f"{plan.rate:,.0f}",
                "duration (s)": f"{plan.duration:g}", "workers": plan.workers, "seed": plan.seed,
                "sanctions lists": ", ".join(map(str, plan.lists)) or "none", "namespace": names.namespace,
                "drained": "yes" if drained else f"no (gave up after {plan.drain_timeout:g} s)"}
    totals = {"lines offered": float(offered.lines), "events offered": float(offered.events),
              "offered lines/s (mean)": offered.lines / offered.seconds if offered.seconds else 0.0,
              "lines screened": screened, "screened lines/s over the run": screened / wall if wall else 0.0,
              "duplicate hits dropped": float(watcher.duplicates),
              "worker peak RSS MiB": sampler.peak_rss_mib}
    hops = {"1: source -> hit produced (fetch, batch window, engine, ledger)": percentiles(watcher.produced),
            **{f"1 {queue}": percentiles(h) for queue, h in sorted(watcher.produced_by_queue.items())},
            "2: hit produced -> read by the load test": percentiles(watcher.delivery)}
    return Results(f"grenswacht load test: {plan.profile} at {plan.rate:,.0f} lines/s", settings,
                   offered.lines_per_second, _achieved(samples), list(watcher.windows.values()), samples,
                   percentiles(watcher.total), hops, recall(offered.expected, watcher.found), totals)


@click.command()
@click.option("--profile", type=click.Choice(PROFILES), default="flat", show_default=True,
              help="Traffic shape: flat, a compressed day (trough, peaks, bursts), or bursts.")
@click.option("--rate", type=click.FloatRange(min=1), default=3200.0, show_default=True, help="Mean lines/s.")
@click.option("--duration", type=click.FloatRange(min=1), default=60.0, show_default=True, help="Seconds.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--partitions", type=click.IntRange(1), default=6, show_default=True)
@list_options
@click.option("--results", type=click.Path(file_okay=False, path_type=Path), default=Path("out/loadtest"),
              show_default=True, help="Folder for the run's results folder.")
@click.option("--drain-timeout", type=click.FloatRange(min=1), default=120.0, show_default=True)
def loadtest(profile: str, rate: float, duration: float, workers: int, seed: int, partitions: int,
             lists: tuple[Path, ...], no_lists: bool, results: Path, drain_timeout: float) -> None:
    """Replay Dutch-mix traffic at a shaped rate against fresh workers and write a report."""
    chosen = resolve(lists, no_lists).paths
    plan = Plan(profile, rate, duration, workers, seed, chosen, partitions, drain_timeout)
    outcome, files = run_loadtest(plan, results)
    lat = outcome.latency_ms
    click.echo(f"event to hit: p50 {lat.get('p50', 0):.0f} ms, p99 {lat.get('p99', 0):.0f} ms, "
               f"p99.9 {lat.get('p99.9', 0):.0f} ms over {lat.get('count', 0):.0f} hits")
    for hop, v in outcome.hops_ms.items():
        click.echo(f"  hop {hop}: p50 {v.get('p50', 0):.0f} ms, p99 {v.get('p99', 0):.0f} ms")
    overall = outcome.recall.overall
    click.echo(f"recall of planted positives: {overall:.4f}" if overall is not None else "no planted positives")
    click.echo("wrote " + ", ".join(str(f) for f in files))
