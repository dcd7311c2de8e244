"""What the review service writes to Kafka: decisions, audit events, allow-list entries, dead letters.

Each send waits for the broker's acknowledgement: a decision that did not reach
the audit trail is not taken (the page says so and the case stays claimed).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from typing import Any

from confluent_kafka import KafkaException, Producer

from schemas import codec
from streams.errors import StreamError
from streams.naming import Names
from streams.review.cases import iso_now


class Publisher:
    def __init__(self, bootstrap: str, names: Names, timeout: float = 15.0) -> None:
        self.names, self.timeout = names, timeout
        self._producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                                   "linger.ms": 0, "message.timeout.ms": int(timeout * 1000)})
        self._lock = threading.Lock()

    def send(self, topic: str, key: str, value: bytes | None) -> None:
        """Produce and wait for the acknowledgement; StreamError when the broker did not take it."""
        errors: list[Any] = []

        def delivered(err: Any, _msg: Any) -> None:
            if err is not None:
                errors.append(err)

        with self._lock:
            try:
                self._producer.produce(topic, value=value, key=key.encode(), on_delivery=delivered)
            except (KafkaException, BufferError) as exc:
                raise StreamError(f"could not send to {topic}: {exc}") from None
            left = self._producer.flush(self.timeout)
        if left or errors:
            raise StreamError(f"the broker did not acknowledge the record on {topic}: "
                              f"{errors[0] if errors else 'timed out'}")

    def decision(self, record: dict[str, Any]) -> None:
        self.send(self.names.decisions, record["case_key"], codec.encode("decision", record))

    def audit(self, who: str, action: str, case_key: str | None = None, detail: str = "") -> None:
        record = {"audit_id": uuid.uuid4().hex, "at": iso_now(), "who": who, "action": action,
                  "case_key": case_key, "detail": detail}
        self.send(self.names.audit, case_key or who, codec.encode("audit_event", record))

    def allow_entry(self, key: str, record: dict[str, Any] | None) -> None:
        """An entry on the compacted allow-list topic; None withdraws it (a tombstone)."""
        self.send(self.names.allow_list, key, codec.encode("allow_entry", record) if record is not None else None)

    def dead_letter(self, raw: bytes) -> None:
        self._producer.produce(self.names.dead_letter, value=raw)

    def flush(self) -> None:
        with self._lock:
            if self._producer.flush(self.timeout):
                raise StreamError("the broker did not acknowledge every dead letter")


def decision_id(case_key: str, reviewer: str, claimed_at: str | None) -> str:
    """The same claim decided twice (a retry after a lost reply) carries one id."""
    return hashlib.sha256(f"{case_key}|{reviewer}|{claimed_at}".encode()).hexdigest()[:32]
