"""Reading what a consumer has now, without a batch window of our own.

confluent-kafka's `consume(n, timeout)` returns when `n` messages are there or
`timeout` has passed: at a moderate rate every message waits out the timeout, a
delay of the reader's, not of the pipeline it measures. Here whatever has
arrived is taken at once, and only an empty queue waits, for the next message.
"""

from __future__ import annotations

from confluent_kafka import Consumer, Message


def read_ready(consumer: Consumer, most: int, wait: float) -> list[Message]:
    """Up to `most` messages already fetched; if none, the first to come within `wait` seconds (or none)."""
    batch = consumer.consume(most, timeout=0)
    if batch:
        return batch
    first = consumer.poll(wait)
    if first is None:
        return []
    return [first, *consumer.consume(most - 1, timeout=0)] if most > 1 else [first]
