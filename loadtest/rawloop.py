"""The raw limit: a plain confluent-kafka loop that reads in batches, decodes every event with fastavro
and produces one small record per event. No rules: the most any Python reader of these events does here.
A batch is what has arrived (loadtest.ready): at a steady rate the loop waits for no company, so its
latency is the broker's floor."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import fastavro
import orjson
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from hdrh.histogram import HdrHistogram

from loadtest.ready import read_ready
from schemas.avsc import load_avsc
from streams.clock import epoch_of


@dataclass
class RawRun:
    events: int = 0
    lines: int = 0
    seconds: float = 0.0        # from the first batch read to the last record produced

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


def raw_loop(bootstrap: str, topics: Sequence[str], out_topic: str, *, events: int | None = None,
             stop: threading.Event | None = None, latency: HdrHistogram | None = None) -> RawRun:
    """Until `events` are handled or `stop` is set; `latency` records event_time to produced, in ms."""
    schema = fastavro.parse_schema(load_avsc("declaration"))
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "raw-loop", "enable.auto.commit": False,
                         "fetch.wait.max.ms": 5, "fetch.max.bytes": 52428800})
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 1, "queue.buffering.max.messages": 1000000})
    run, started = RawRun(), None
    try:
        metadata = consumer.list_topics(timeout=10.0).topics
        consumer.assign([TopicPartition(t, p, OFFSET_BEGINNING) for t in topics for p in metadata[t].partitions])
        while (events is None or run.events < events) and not (stop is not None and stop.is_set()):
            batch = read_ready(consumer, 2000, 0.05)
            if batch and started is None:
                started = time.perf_counter()
            for message in batch:
                if message.error() is None:
                    _handle(message.value(), schema, producer, out_topic, run, latency)
            producer.poll(0)
        producer.flush(30.0)
        run.seconds = time.perf_counter() - started if started is not None else 0.0
        return run
    finally:
        consumer.close()


def _handle(value: bytes, schema: object, producer: Producer, out_topic: str, run: RawRun,
            latency: HdrHistogram | None) -> None:
    event = fastavro.schemaless_reader(io.BytesIO(value[5:]), schema, None)
    lines = len(event["lines"])
    while True:
        try:
            producer.produce(out_topic, orjson.dumps({"event_id": event["event_id"], "lines": lines}))
            break
        except BufferError:
            producer.poll(0.01)
    run.events += 1
    run.lines += lines
    if latency is not None:
        sent = epoch_of(event["event_time"])
        if sent is not None:
            latency.record_value(max(1, min(3_600_000, round((time.time() - sent) * 1000))))
