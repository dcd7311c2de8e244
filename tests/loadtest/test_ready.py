"""A reader of the load test takes what has arrived at once and waits only when nothing has."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from loadtest.ready import read_ready

pytestmark = pytest.mark.integration

LONG = 30.0     # a reader that waited for a full batch would sit this long


@pytest.fixture()
def topic(bootstrap: str) -> Iterator[str]:
    name = f"test-ready-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(name, 1, 1)])[name].result(10)
    try:
        yield name
    finally:
        admin.delete_topics([name])[name].result(10)


def _reader(bootstrap: str, topic: str) -> Consumer:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"ready-{topic}",
                         "enable.auto.commit": False, "fetch.wait.max.ms": 5})
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    return consumer


def test_three_arrived_messages_come_back_without_waiting_for_a_fourth(bootstrap: str, topic: str) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for n in range(3):
        producer.produce(topic, value=f"m{n}".encode())
    assert producer.flush(10) == 0
    consumer = _reader(bootstrap, topic)
    try:
        got: list[bytes] = []
        started = time.monotonic()
        while len(got) < 3 and time.monotonic() - started < LONG:
            got += [m.value() for m in read_ready(consumer, 1000, LONG) if m.error() is None]
        assert got == [b"m0", b"m1", b"m2"]
        assert time.monotonic() - started < LONG / 2
    finally:
        consumer.close()


def test_an_empty_topic_gives_nothing_after_the_wait(bootstrap: str, topic: str) -> None:
    consumer = _reader(bootstrap, topic)
    try:
        assert read_ready(consumer, 10, 0.5) == []
    finally:
        consumer.close()
