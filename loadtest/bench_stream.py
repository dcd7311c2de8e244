"""`grenswacht bench stream`: the worker on the real broker against the broker's own limit, in one run.

A generated file is published to a fresh namespace first, so that every reader
faces the same backlog on the same partitions:

- raw Kafka: a confluent-kafka consumer reading every source message to the end,
  doing nothing with it (the most any Kafka client here can take);
- raw Kafka + decode: the same, plus Avro decoding and contract validation of
  each message (what any screening consumer must at least pay);
- grenswacht: N worker processes (Faust, one consumer group) screening the
  backlog, timed from the moment they are ready until every line is screened,
  and until every offset is committed.

The ratios say how much of the broker's reading speed the worker keeps.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

from loadtest.files import write_authorisations, write_declarations
from rules.records import authorisation_from_dict
from schemas import codec
from streams.admin import delete_topics, ensure_topics, internal_topics, worker_topics
from streams.authorisations import publish_authorisations
from streams.config import kafka_bootstrap
from rules.sanctions.snapshot import ListChoice
from streams.commands.list_options import list_options
from streams.lists import resolve
from streams.drain import wait_drained
from streams.naming import Names
from streams.process import WorkerProcess
from streams.publish import replay

LINES_METRIC = "grenswacht_lines_screened_total"


@dataclass(frozen=True)
class Reading:
    events: int
    seconds: float

    def per_second(self, count: int) -> float:
        return count / self.seconds if self.seconds else 0.0


def read_backlog(bootstrap: str, topics: Sequence[str], handle: Callable[[list[bytes]], object]) -> Reading:
    """Every message of `topics` from the beginning to the current end, without a consumer group."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-unused", "enable.auto.commit": False,
                         "fetch.max.bytes": 52428800, "max.partition.fetch.bytes": 10485760})
    try:
        metadata = consumer.list_topics(timeout=10.0).topics
        tps = [TopicPartition(t, p, OFFSET_BEGINNING) for t in topics for p in metadata[t].partitions]
        ends = {(tp.topic, tp.partition): consumer.get_watermark_offsets(tp, timeout=10.0)[1] for tp in tps}
        remaining = sum(ends.values())   # topics are fresh: low watermarks are 0
        consumer.assign(tps)
        events, started = 0, None
        while events < remaining:
            batch = [m for m in consumer.consume(10_000, timeout=0.05) if m.error() is None]
            if started is None and batch:     # timed like the workers: from the first fetch on
                started = time.perf_counter()
            handle([m.value() for m in batch])
            events += len(batch)
        return Reading(events, time.perf_counter() - (started or time.perf_counter()))
    finally:
        consumer.close()


def run_workers(names: Names, workdir: Path, count: int, lines: int, lists: ListChoice,
                say: Callable[[str], None]) -> tuple[Reading, Reading]:
    """(all lines screened, all offsets committed), both timed from the moment every worker is ready."""
    workers = [WorkerProcess(names.namespace, workdir / f"state-{i}", workdir / f"worker-{i}.log",
                             lists=lists.named, no_lists=not lists.enabled)
               for i in range(count)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.wait_ready(timeout=180.0)
        say(f"{count} worker(s) ready; screening the backlog")
        started = time.monotonic()
        # a worker may screen a little before the last one reports ready: time only what is left
        before = sum(w.metric(LINES_METRIC) for w in workers)
        while sum(w.metric(LINES_METRIC) for w in workers) < lines:
            if not all(w.alive for w in workers):
                raise click.ClickException("a worker died:\n" + next(w for w in workers if not w.alive).log_tail())
            time.sleep(0.1)
        share = (lines - before) / lines       # the times below are for the whole backlog at that pace
        screened = (time.monotonic() - started) / share
        committed = (wait_drained(kafka_bootstrap(), names, timeout=600.0, poll=0.2) - started) / share
        return Reading(lines, screened), Reading(lines, committed)
    finally:
        for worker in workers:
            worker.stop()


@click.command()
@click.option("--lines", type=click.IntRange(1000), default=100_000, show_default=True)
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes in one consumer group.")
@click.option("--partitions", type=click.IntRange(1), default=6, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@list_options
def stream(lines: int, workers: int, partitions: int, seed: int, lists: tuple[Path, ...], no_lists: bool) -> None:
    """Worker lines/s on a backlog against raw Kafka consumption of the same messages."""
    chosen = resolve(lists, no_lists)
    bootstrap, names = kafka_bootstrap(), Names(f"bench-{time.strftime('%Y%m%d-%H%M%S')}")
    with tempfile.TemporaryDirectory(prefix="grenswacht-bench-") as tmp:
        workdir = Path(tmp)
        written = write_declarations(workdir / "declarations.jsonl", lines, seed)
        auths = [authorisation_from_dict(a) for a in write_authorisations(workdir / "auth.jsonl", seed)]
        ensure_topics(bootstrap, {**worker_topics(names), **internal_topics(names)}, partitions)
        try:
            publish_authorisations(auths, names, bootstrap)
            sent = replay(workdir / "declarations.jsonl", names, bootstrap)
            click.echo(f"published {sent.events:,} events ({sent.lines:,} lines) in {sent.seconds:.1f} s "
                       f"to {partitions} partitions of {len(names.sources)} source topics")
            sources = list(names.sources.values())
            raw = read_backlog(bootstrap, sources, lambda values: None)
            decoded = read_backlog(bootstrap, sources, codec.decode_declarations)
            screened, committed = run_workers(names, workdir, workers, written.lines, chosen, click.echo)
        finally:
            delete_topics(bootstrap, [*worker_topics(names), *internal_topics(names)])
    click.echo(f"sanctions lists: {chosen.describe()}")
    _report(written.lines, sent.events, raw, decoded, screened, committed, workers)


def _report(lines: int, events: int, raw: Reading, decoded: Reading, screened: Reading,
            committed: Reading, workers: int) -> None:
    rows = [("raw Kafka consume", raw), ("raw Kafka + Avro decode + validate", decoded),
            (f"grenswacht, {workers} worker(s): all lines screened", screened),
            (f"grenswacht, {workers} worker(s): all offsets committed", committed)]
    click.echo(f"\n{'reader':<52}{'seconds':>9}{'events/s':>12}{'lines/s':>12}")
    for label, reading in rows:
        click.echo(f"{label:<52}{reading.seconds:>9.2f}{reading.per_second(events):>12,.0f}"
                   f"{reading.per_second(lines):>12,.0f}")
    click.echo(f"\nratio grenswacht / raw Kafka:          {raw.seconds / screened.seconds:.3f}")
    click.echo(f"ratio grenswacht / raw Kafka + decode: {decoded.seconds / screened.seconds:.3f}")
