"""Hits from the hit topics into cases, with the review service's own consumer group.

Offsets are committed only after every hit of a batch is in Redis (and every
malformed record on the dead-letter topic): while Redis is down the loop retries
the same batch and the hits wait in Kafka; a kill before the commit re-reads
them, and a hit already in its case joins it no second time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import msgspec
import redis
from confluent_kafka import Consumer, Message

from rules.errors import RecordError
from schemas.codec import decode_hit
from streams.deadletter import dead_letter_record, encode_dead_letter
from streams.naming import Names
from streams.review.cases import CaseStore
from streams.review.publisher import Publisher

log = logging.getLogger(__name__)


class Ingest:
    def __init__(self, bootstrap: str, names: Names, store: CaseStore, publisher: Publisher,
                 on_result: Callable[[str, int], None] = lambda queue, code: None) -> None:
        self.names, self.store, self.publisher, self.on_result = names, store, publisher, on_result
        self.consumer = Consumer({
            "bootstrap.servers": bootstrap, "group.id": names.review_group, "enable.auto.commit": False,
            "auto.offset.reset": "earliest", "session.timeout.ms": 10000, "partition.assignment.strategy": "range",
        })
        self.stop = threading.Event()
        self.redis_up = True
        self.failed = False
        self.written = 0

    def run(self) -> None:
        try:
            self._run()
        except Exception:
            self.failed = True      # /healthz answers 503 from now on: a supervisor restarts the service
            log.exception("the hit reader stopped; offsets since the last commit are read again on restart")
            raise

    def _run(self) -> None:
        self.consumer.subscribe(list(self.names.hit_topics.values()))
        try:
            while not self.stop.is_set():
                messages = [m for m in self.consumer.consume(500, timeout=0.5) if self._usable(m)]
                if messages:
                    self._write(messages)
                    self.consumer.commit(asynchronous=False)
        finally:
            self.consumer.close()

    def _usable(self, message: Message) -> bool:
        if message.error():
            log.warning("hit topic: %s", message.error())
            return False
        return True

    def _write(self, messages: list[Message]) -> None:
        """Every message into Redis (one pipeline) or to the dead letters; retries until Redis answers."""
        decoded = [self._decode(message) for message in messages]
        hits = [hit for hit in decoded if hit is not None]
        if len(hits) < len(decoded):
            self.publisher.flush()
        if hits:
            self._add(hits)

    def _decode(self, message: Message) -> dict[str, Any] | None:
        raw = message.value()
        try:
            if raw is None:
                raise RecordError("empty record on a hit topic")
            return msgspec.to_builtins(decode_hit(raw))
        except RecordError as exc:
            log.error("dead letter from %s[%d]@%d: %s", message.topic(), message.partition(), message.offset(), exc)
            record = dead_letter_record(raw, message.topic(), message.partition(), message.offset(),
                                        f"review: {exc.reason}", exc.field)
            self.publisher.dead_letter(encode_dead_letter(record))
            return None

    def _add(self, hits: list[dict[str, Any]]) -> None:
        delay = 0.2
        while True:
            try:
                codes = self.store.add_hits(hits)
                break
            except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
                if self.redis_up:
                    log.warning("Redis unreachable (%s); the hits wait in Kafka, retrying", exc)
                self.redis_up = False
                if self.stop.is_set():
                    raise SystemExit("stopped while Redis was unreachable; offsets not committed") from None
                time.sleep(delay)
                delay = min(5.0, delay * 2)
        if not self.redis_up:
            log.info("Redis answers again")
        self.redis_up = True
        self.written += len(hits)
        for hit, code in zip(hits, codes):
            self.on_result(hit["queue"], code)
