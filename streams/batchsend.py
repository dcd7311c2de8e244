"""Many keyed messages to one topic as one record batch per partition.

faust's `Topic.send` is a coroutine and a pending-message object per record; a
screened batch sends hundreds. Here each partition's records go into one
aiokafka batch, on the partition the producer's own partitioner picks for the
key (the one `Topic.send` would pick), so co-partitioning is unchanged. The
batches join the producer's accumulator, which faust flushes before it commits
an offset: what was queued before the events were acknowledged is delivered
before their offsets move on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)


async def send_keyed(producer: Any, topic: str, records: Sequence[tuple[bytes, bytes]]) -> None:
    """Queue every (key, value) on `topic`. `producer` is faust's aiokafka-driver Producer."""
    if not records:
        return
    kafka = producer._ensure_producer()
    await kafka.client._wait_on_metadata(topic)
    by_partition: dict[int, list[tuple[bytes, bytes]]] = {}
    for key, value in records:
        partition = kafka._partition(topic, None, None, None, key, value)
        by_partition.setdefault(partition, []).append((key, value))
    for partition, rows in by_partition.items():
        batch = kafka.create_batch()
        for key, value in rows:
            if batch.append(timestamp=None, key=key, value=value) is None:     # full: send it, start another
                await _submit(kafka, batch, topic, partition)
                batch = kafka.create_batch()
                batch.append(timestamp=None, key=key, value=value)
        await _submit(kafka, batch, topic, partition)


async def _submit(kafka: Any, batch: Any, topic: str, partition: int) -> None:
    delivered = await kafka.send_batch(batch, topic, partition=partition)
    delivered.add_done_callback(lambda fut, where=(topic, partition): _report(fut, where))


def _report(fut: Any, where: tuple[str, int]) -> None:
    if not fut.cancelled() and fut.exception() is not None:
        log.error("a batch to %s[%d] was not delivered: %r", *where, fut.exception())
