"""An Avro declaration through the real broker of `grenswacht stack up`, byte for byte."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from schemas import codec
from schemas.avsc import SCHEMA_IDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_roundtrip import full_declaration  # noqa: E402

pytestmark = pytest.mark.integration

DEADLINE_S = 20.0



@pytest.fixture
def topic(bootstrap: str) -> Iterator[str]:
    """A topic of this test's own, so that nothing else on the broker is read back."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    name = f"test.avro.{uuid.uuid4().hex[:12]}"
    for future in admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)]).values():
        future.result(timeout=15)
    try:
        yield name
    finally:
        for future in admin.delete_topics([name], operation_timeout=15).values():
            try:
                future.result(timeout=20)
            except KafkaException:
                pass     # a topic left behind costs nothing; a failed cleanup must not hide the result


def produce(bootstrap: str, topic: str, key: bytes, value: bytes) -> None:
    failures: list[str] = []
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    producer.produce(topic, value=value, key=key,
                     on_delivery=lambda err, _msg: failures.append(str(err)) if err else None)
    assert producer.flush(DEADLINE_S) == 0, "message not delivered in time"
    assert not failures, failures


def consume_one(bootstrap: str, topic: str) -> tuple[bytes | None, bytes]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"test-avro-{uuid.uuid4().hex}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    deadline = time.monotonic() + DEADLINE_S
    try:
        while time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                # The topic is fresh: the broker may not have told the group about it yet.
                if message.error().retriable() or "UNKNOWN_TOPIC" in message.error().name():
                    continue
                pytest.fail(f"consumer error: {message.error()}")
            return message.key(), message.value()
    finally:
        consumer.close()
    pytest.fail(f"no message on {topic} within {DEADLINE_S:.0f} s")


def test_full_declaration_through_kafka(bootstrap: str, topic: str) -> None:
    record = full_declaration()
    raw = codec.encode("declaration", record)
    produce(bootstrap, topic, record["mrn"].encode(), raw)

    key, value = consume_one(bootstrap, topic)

    assert key == record["mrn"].encode()
    assert value == raw
    assert value[0] == 0 and int.from_bytes(value[1:5], "big") == SCHEMA_IDS["declaration"]
    name, decoded = codec.decode(value)
    assert name == "declaration"
    assert decoded == record
    [declaration] = codec.decode_declarations([value])
    assert not isinstance(declaration, Exception) and declaration.mrn == record["mrn"]
