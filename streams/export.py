"""Reading every hit topic from the start (`grenswacht hits export`), and other whole-topic reads.

Partitions are assigned by hand and nothing is committed: an export never moves a
consumer group, and two exports read the same thing. Hits are de-duplicated by
hit_id (redelivery and replay produce the same ids by design).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Message, TopicPartition

from rules.hits import Hit
from schemas import codec
from streams.admin import probe
from streams.errors import BrokerUnreachable, StreamError


def reader(bootstrap: str) -> Consumer:
    return Consumer({"bootstrap.servers": bootstrap, "group.id": f"grenswacht-reader-{uuid.uuid4().hex[:8]}",
                     "enable.auto.commit": False, "enable.auto.offset.store": False,
                     "auto.offset.reset": "earliest", "enable.partition.eof": False,
                     "socket.connection.setup.timeout.ms": 5000})


def read_topics(bootstrap: str, topics: Iterable[str], idle_timeout: float,
                poll: float = 0.2) -> Iterator[Message]:
    """Every message of the topics from the beginning, until `idle_timeout` s pass without one."""
    probe(bootstrap, timeout=5.0)
    consumer = reader(bootstrap)
    try:
        metadata = consumer.list_topics(timeout=10.0).topics
        partitions = [TopicPartition(t, p, OFFSET_BEGINNING)
                      for t in topics if t in metadata for p in sorted(metadata[t].partitions)]
        if not partitions:
            return
        consumer.assign(partitions)
        last = time.monotonic()
        while time.monotonic() - last < idle_timeout:
            batch = consumer.consume(num_messages=2000, timeout=poll)
            for message in batch:
                error = message.error()
                if error is not None:
                    if error.code() in (KafkaError._PARTITION_EOF, KafkaError.UNKNOWN_TOPIC_OR_PART):
                        continue
                    raise StreamError(f"reading {message.topic()}: {error.str()}")
                yield message
            if batch:
                last = time.monotonic()
    finally:
        consumer.close()


@dataclass
class Exported:
    hits: int = 0
    duplicates: int = 0
    topics: int = 0


def export_hits(bootstrap: str, topics: Iterable[str], write: Callable[[Hit], None], idle_timeout: float,
                seen: set[str] | None = None) -> Exported:
    """Write each hit once; a hit_id already seen counts as a duplicate dropped."""
    topics = list(topics)
    seen = set() if seen is None else seen
    result = Exported(topics=len(topics))
    try:
        for message in read_topics(bootstrap, topics, idle_timeout):
            hit = codec.decode_hit(message.value())
            if hit.hit_id in seen:
                result.duplicates += 1
                continue
            seen.add(hit.hit_id)
            result.hits += 1
            write(hit)
    except KafkaException as exc:
        raise BrokerUnreachable(f"Kafka at {bootstrap}: {exc.args[0]}") from None
    return result


def read_values(bootstrap: str, topics: Iterable[str], idle_timeout: float,
                decode: Callable[[bytes], Any]) -> list[Any]:
    """Decoded values of every message of the topics (tests, dead letters)."""
    return [decode(m.value()) for m in read_topics(bootstrap, topics, idle_timeout)]
