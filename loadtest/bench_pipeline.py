"""`grenswacht bench pipeline`: grenswacht against the raw limit and a naive peer, one run, one stack.

Every reader faces the same backlog (Dutch-mix traffic published once to a
fresh namespace), one after the other:

1. raw limit: confluent-kafka in batches, fastavro, one small record out per event;
2. naive peer: a Faust app, one event at a time, the shipped profiles and the lists in plain Python;
3. grenswacht: one worker with its shipped profiles and the lists;
4. latency: grenswacht at a steady rate for a minute (a load test), and the raw loop at the same rate.

Then the worker's peak RSS with all lists and 10,000 generated profiles. It
ends with one `NAME VALUE` line per figure.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import click
import orjson
import psutil
import yaml
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from hdrh.histogram import HdrHistogram

from loadtest.bench import generated_profiles
from loadtest.bench_stream import run_workers
from loadtest.dutch import YEAR_LINES, DutchTraffic
from loadtest.naive_peer import peer_out
from loadtest.rawloop import RawRun, raw_loop
from loadtest.replay import low_latency_producer, replay_shaped
from loadtest.run import Plan, percentiles, run_loadtest, publish_generated_authorisations
from loadtest.shape import RateShape
from streams.admin import delete_topics, ensure_topics, internal_topics, stack_broker, worker_topics
from streams.clock import now_iso
from streams.commands.list_options import list_options
from streams.lists import resolve
from streams.naming import Names
from streams.topics import TopicSpec
from streams.process import WorkerProcess

LINES_METRIC = "grenswacht_lines_screened_total"


def publish_backlog(traffic: DutchTraffic, names: Names, bootstrap: str, lines: int) -> tuple[int, int]:
    """(events, lines) published as fast as the producer goes."""
    out, events, sent = low_latency_producer(bootstrap), 0, 0
    for message in traffic.messages():
        if sent >= lines:
            break
        while True:
            try:
                out.produce(names.sources[message.system], message.value(now_iso()), key=message.key)
                break
            except BufferError:
                out.poll(0.05)
        events, sent = events + 1, sent + message.lines
    out.flush(60.0)
    return events, sent


def _topics(names: Names) -> dict[str, TopicSpec]:
    """The worker's topics and the two the references write: the peer's hits and the raw loop's records."""
    outputs = {peer_out(names): TopicSpec(peer_out(names), "internal", "JSON hits of the naive peer", "event id"),
               names.prefixed("raw-out"): TopicSpec("raw-out", "internal", "one small record per event", "event id")}
    return {**worker_topics(names), **internal_topics(names), **outputs}


def run_peer(names: Names, workdir: Path, events: int, lists: list[Path], bootstrap: str,
             limit: float) -> RawRun:
    """The naive peer on the backlog; timed by the broker's timestamps of its output (first to last)."""
    args = [sys.executable, "-m", "loadtest.naive_peer", names.namespace, "--datadir", str(workdir / "peer")]
    for path in lists:
        args += ["--lists", str(path)]
    with open(workdir / "peer.log", "ab") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            return _read_peer_output(bootstrap, peer_out(names), events, limit, proc)
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _read_peer_output(bootstrap: str, topic: str, events: int, limit: float, proc: subprocess.Popen) -> RawRun:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "peer-reader", "enable.auto.commit": False})
    run, first, last, deadline = RawRun(), None, None, time.monotonic() + limit + 180.0
    try:
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING)
                         for p in consumer.list_topics(topic, timeout=10.0).topics[topic].partitions])
        while run.events < events and time.monotonic() < deadline and proc.poll() is None:
            for message in consumer.consume(1000, timeout=0.2):
                if message.error() is not None:
                    continue
                stamp = message.timestamp()[1] / 1000.0
                first = stamp if first is None else first
                last = stamp
                run.events += 1
                run.lines += orjson.loads(message.value())["lines"]
            if first is not None and last is not None and last - first > limit:
                break       # enough to know its pace
    finally:
        consumer.close()
    run.seconds = (last - first) if first is not None and last is not None else 0.0
    return run


def raw_floor(bootstrap: str, rate: float, seconds: float, seed: int, workdir: Path) -> dict[str, float]:
    """The raw loop fed live at `rate`: event_time to its record produced."""
    names = Names(f"floor-{time.strftime('%Y%m%d-%H%M%S')}")
    ensure_topics(bootstrap, _topics(names), 6)
    hist, stop = HdrHistogram(1, 3_600_000, 3), threading.Event()
    loop = threading.Thread(target=raw_loop, args=(bootstrap, list(names.sources.values()),
                                                   names.prefixed("raw-out")),
                            kwargs={"stop": stop, "latency": hist}, daemon=True)
    try:
        loop.start()
        time.sleep(2.0)
        replay_shaped(DutchTraffic(seed), RateShape("flat", rate, seconds), names, bootstrap,
                      workdir / "floor-labels.jsonl")
        time.sleep(1.0)
        stop.set()
        loop.join(30.0)
    finally:
        delete_topics(bootstrap, list(_topics(names)))
    return percentiles(hist)


def peak_rss(lists: list[Path], workdir: Path, profiles: int, seed: int, bootstrap: str) -> float:
    """MiB: the worker's high-water RSS with the lists and `profiles` generated profiles after a backlog."""
    folder = workdir / "profiles"
    folder.mkdir(exist_ok=True)
    codes = ["7208390000", "8471300000", "6109100010", "8703231900", "2523290000", "8542310000"]
    (folder / "generated.yaml").write_text(yaml.safe_dump({"profiles": generated_profiles(profiles, seed, codes)}))
    names = Names(f"rss-{time.strftime('%Y%m%d-%H%M%S')}")
    ensure_topics(bootstrap, _topics(names), 6)
    worker = WorkerProcess(names.namespace, workdir / "rss-state", workdir / "rss-worker.log", lists=lists,
                           no_lists=not lists, profiles=folder)
    try:
        worker.start()
        worker.wait_ready(timeout=600.0)
        _, lines = publish_backlog(DutchTraffic(seed), names, bootstrap, 20_000)
        deadline = time.monotonic() + 300.0
        while worker.metric(LINES_METRIC) < lines and time.monotonic() < deadline:
            time.sleep(0.5)
        return _vm_hwm_mib(worker.proc.pid) if worker.proc else 0.0
    finally:
        worker.stop()
        delete_topics(bootstrap, list(_topics(names)))


def _vm_hwm_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return psutil.Process(pid).memory_info().rss / 2**20


@click.command()
@click.option("--lines", type=click.IntRange(1000), default=300_000, show_default=True,
              help="Backlog for 1-3: long enough that the steady rate, not the first fetches, sets the figure.")
@click.option("--rate", type=click.FloatRange(min=1), default=3200.0, show_default=True, help="Lines/s for 4.")
@click.option("--latency-seconds", type=click.FloatRange(min=5), default=60.0, show_default=True)
@click.option("--peer-seconds", type=click.FloatRange(min=5), default=60.0, show_default=True,
              help="The naive peer is timed over at most this long of its output.")
@click.option("--profiles", "n_profiles", type=click.IntRange(1), default=10_000, show_default=True,
              help="Generated profiles for the peak RSS figure.")
@click.option("--seed", type=int, default=7, show_default=True)
@list_options
def pipeline(lines: int, rate: float, latency_seconds: float, peer_seconds: float, n_profiles: int, seed: int,
             lists: tuple[Path, ...], no_lists: bool) -> None:
    """Raw limit, naive peer and grenswacht on one backlog; latency at a steady rate; P1-P7."""
    choice = resolve(lists, no_lists)
    chosen = list(choice.paths)
    bootstrap, cores = stack_broker(), os.cpu_count() or 1
    names = Names(f"pipe-{time.strftime('%Y%m%d-%H%M%S')}")
    with tempfile.TemporaryDirectory(prefix="grenswacht-pipeline-") as tmp:
        workdir = Path(tmp)
        ensure_topics(bootstrap, _topics(names), 6)
        try:
            publish_generated_authorisations(names, bootstrap, seed, dt.datetime.now(dt.timezone.utc))
            events, sent = publish_backlog(DutchTraffic(seed, sanctioned_names=_names(chosen, seed)), names,
                                           bootstrap, lines)
            click.echo(f"backlog: {events:,} events, {sent:,} lines in {names.namespace}")
            raw = raw_loop(bootstrap, list(names.sources.values()), names.prefixed("raw-out"), events=events)
            click.echo(f"1 raw limit:   {raw.lines_per_second:,.0f} lines/s")
            peer = run_peer(names, workdir, events, chosen, bootstrap, peer_seconds)
            click.echo(f"2 naive peer:  {peer.lines_per_second:,.0f} lines/s ({peer.lines:,} lines timed)")
            screened, _ = run_workers(names, workdir, 1, sent, choice, click.echo)
            ours = sent / screened.seconds
            click.echo(f"3 grenswacht:  {ours:,.0f} lines/s")
        finally:
            delete_topics(bootstrap, list(_topics(names)))
        outcome, _files = run_loadtest(Plan("flat", rate, latency_seconds, 1, seed, tuple(chosen)),
                                       workdir / "latency", say=lambda s: None)
        lat = outcome.latency_ms
        click.echo(f"4 grenswacht at {rate:,.0f} lines/s: p50 {lat.get('p50', 0):.0f} ms, "
                   f"p99 {lat.get('p99', 0):.0f} ms, p99.9 {lat.get('p99.9', 0):.0f} ms")
        floor = raw_floor(bootstrap, rate, latency_seconds, seed, workdir)
        click.echo(f"4 raw loop at {rate:,.0f} lines/s: p50 {floor.get('p50', 0):.0f} ms, "
                   f"p99 {floor.get('p99', 0):.0f} ms, p99.9 {floor.get('p99.9', 0):.0f} ms")
        rss = peak_rss(chosen, workdir, n_profiles, seed, bootstrap)
    click.echo(f"machine: {cores} cores, load average {os.getloadavg()[0]:.1f} at the end")
    click.echo(f"P1 {ours / raw.lines_per_second:.3f}")
    click.echo(f"P2 {ours / peer.lines_per_second:.2f}" if peer.lines_per_second else "P2 nan")
    click.echo(f"P3 {lat.get('p99', float('nan')):.0f}")
    click.echo(f"P3_floor {floor.get('p99', float('nan')):.0f}")
    click.echo(f"P6 {YEAR_LINES / (ours * cores) / 3600:.2f}")
    click.echo(f"P7 {rss:.0f}")


def _names(lists: list[Path], seed: int) -> list[str]:
    from loadtest.listnames import sanctioned_names

    return sanctioned_names(lists, seed) if lists else []
