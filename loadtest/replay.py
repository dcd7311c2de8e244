"""The load test's replay: Dutch-mix traffic at a shaped rate, paced by a token bucket, labels beside it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from confluent_kafka import Producer

from loadtest.bucket import TokenBucket
from loadtest.dutch import DutchTraffic
from loadtest.shape import RateShape
from streams.clock import now_iso
from streams.naming import Names

Label = tuple[str, str, int | None]     # (event_id, queue, item)


@dataclass
class Offered:
    lines_per_second: dict[int, int] = field(default_factory=dict)
    events: int = 0
    lines: int = 0
    seconds: float = 0.0
    expected: dict[Label, str] = field(default_factory=dict)     # label -> planted kind


def low_latency_producer(bootstrap: str) -> Producer:
    return Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 1,
                     "batch.num.messages": 10000, "queue.buffering.max.messages": 500000})


def replay_shaped(traffic: DutchTraffic, shape: RateShape, names: Names, bootstrap: str, labels_path: Path,
                  tick: Callable[[float, Offered], None] = lambda elapsed, offered: None) -> Offered:
    """Send until `shape.duration` has passed; `tick` is called about ten times a second."""
    out, topics, offered = low_latency_producer(bootstrap), names.sources, Offered()
    bucket = TokenBucket(shape.at(0.0))
    started = time.perf_counter()
    next_tick = 0.0
    with labels_path.open("wb") as labels:
        for message in traffic.messages():
            elapsed = time.perf_counter() - started
            if elapsed >= shape.duration:
                break
            if elapsed >= next_tick:
                bucket.set_rate(shape.at(elapsed))
                out.poll(0)
                tick(elapsed, offered)
                next_tick = elapsed + 0.1
            delay = bucket.take(message.lines)
            if delay > 0:
                time.sleep(delay)
            _send(out, topics[message.system], message.key, message.value(now_iso()))
            second = int(time.perf_counter() - started)
            offered.lines_per_second[second] = offered.lines_per_second.get(second, 0) + message.lines
            offered.events += 1
            offered.lines += message.lines
            for kind, item in message.labels:
                offered.expected[(message.event_id, kind.split(".")[0], item)] = kind
                labels.write(orjson.dumps({"event_id": message.event_id, "key": message.key.decode(),
                                           "kind": kind, "item_number": item}) + b"\n")
    out.flush(60.0)
    offered.seconds = time.perf_counter() - started
    return offered


def _send(out: Producer, topic: str, key: bytes, value: bytes) -> None:
    while True:
        try:
            out.produce(topic, value, key=key)
            return
        except BufferError:     # the local queue is full: let deliveries drain it
            out.poll(0.01)
