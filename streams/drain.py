"""Has the worker caught up? Its consumer group's committed offsets against the end of its input topics.

The screening agents' sends are flushed before their offsets commit, so once the
source topics and then the contributions topic are committed to their ends,
every hit of what was published is on its queue's topic.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from confluent_kafka import Consumer, KafkaException, TopicPartition

from streams.errors import StreamError
from streams.naming import Names


def input_topics(names: Names) -> list[str]:
    return [*names.sources.values(), names.contributions]


def lag_by_partition(consumer: Consumer, topics: Iterable[str]) -> dict[str, int]:
    """"topic:partition" -> messages not yet committed by the consumer's group, for every partition
    of `topics` that has any. The consumer only reads offsets: it never joins the group."""
    metadata = consumer.list_topics(timeout=10.0).topics
    tps = [TopicPartition(t, p) for t in topics if t in metadata for p in metadata[t].partitions]
    committed = {(tp.topic, tp.partition): tp.offset for tp in consumer.committed(tps, timeout=10.0)}
    lag: dict[str, int] = {}
    for tp in tps:
        low, high = consumer.get_watermark_offsets(tp, timeout=10.0)
        done = committed[(tp.topic, tp.partition)]
        behind = high - (done if done >= 0 else low)
        if behind:
            lag[f"{tp.topic}:{tp.partition}"] = behind
    return lag


def wait_drained(bootstrap: str, names: Names, timeout: float, poll: float = 0.5,
                 settle: int = 2) -> float:
    """Block until the worker's group has committed everything (seen `settle` times in a row,
    since a contribution can be produced right after the contributions topic looked empty).
    Returns time.monotonic() of the first of those clean readings; raises StreamError on timeout."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": names.app_id, "enable.auto.commit": False})
    try:
        return _until_clean(consumer, input_topics(names), timeout, poll, settle)
    finally:
        consumer.close()


def _until_clean(consumer: Consumer, topics: list[str], timeout: float, poll: float, settle: int) -> float:
    started = time.monotonic()
    clean, clean_since = 0, started
    behind: dict[str, int] = {}
    failed: KafkaException | None = None
    while True:
        try:
            behind, failed = lag_by_partition(consumer, topics), None
        except KafkaException as exc:   # the group's coordinator moving (a broker just restarted): ask again
            failed = exc
        lag = sum(behind.values())
        if lag or failed:
            clean = 0
        else:
            clean_since = clean_since if clean else time.monotonic()
            clean += 1
        if clean >= settle:
            return clean_since
        if time.monotonic() - started > timeout:
            if failed:
                raise StreamError(f"the group's offsets could not be read for {timeout:.0f} s: {failed}")
            where = ", ".join(f"{tp} {n}" for tp, n in sorted(behind.items()))
            raise StreamError(f"the worker still had {lag} messages to process after {timeout:.0f} s ({where})")
        time.sleep(poll)
