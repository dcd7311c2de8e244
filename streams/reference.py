"""Authorisations from their compacted topic: every worker holds all of them.

A plain consumer without a group reads every partition from the beginning, so
each worker sees the whole table whatever partitions of the declarations it owns.
The first pass (up to the end offsets seen at start) completes before screening
starts; later records trigger a rebuild of the Engine, debounced so that a bulk
load costs one rebuild.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from rules.errors import RecordError
from rules.records import Authorisation, authorisation_from_dict
from schemas import codec
from streams.engines import EngineSlot

log = logging.getLogger(__name__)

DEBOUNCE = 0.5      # seconds of quiet on the topic before a rebuild


def decode_authorisation(raw: bytes) -> Authorisation:
    _, record = codec.decode(raw)
    return authorisation_from_dict(record)


class AuthorisationReader:
    def __init__(self, bootstrap: str, topic: str, slot: EngineSlot) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.slot = slot
        self.records: dict[str, Authorisation] = {}

    def apply(self, key: bytes | None, value: bytes | None) -> bool:
        """Apply one record of the topic; True when the table changed."""
        if value is None:       # a tombstone deletes the reference
            return key is not None and self.records.pop(key.decode(), None) is not None
        try:
            record = decode_authorisation(value)
        except RecordError as exc:
            log.error("skipped an authorisation record on %s (key %r): %s", self.topic, key, exc)
            self.slot.metrics.reference_rejects.inc()
            return False
        if self.records.get(record.reference) == record:
            return False
        self.records[record.reference] = record
        return True

    async def run(self) -> None:
        """Read to the end, build the set with what was read, then follow the topic forever."""
        delay = 1.0
        while True:
            consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False,
                                        group_id=None, auto_offset_reset="earliest")
            try:
                await consumer.start()
                await self._follow(consumer)
            except KafkaError as exc:
                log.warning("reading %s failed (%s); retrying in %.0f s", self.topic, exc, delay)
                self.slot.metrics.broker_errors.inc()
            finally:
                await consumer.stop()
            await asyncio.sleep(delay)
            delay = min(30.0, delay * 2)

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        tps = await self._assign_all(consumer)
        await consumer.seek_to_beginning(*tps)
        end = await consumer.end_offsets(tps)
        while await _behind(consumer, end):
            self._apply_batch(await consumer.getmany(timeout_ms=500))
        if not self.slot.ready.is_set():
            await self.slot.rebuild("authorisations loaded", authorisations=self.records.values())
            log.info("%d authorisations read from %s", len(self.records), self.topic)
            self.slot.ready.set()
            self.slot.metrics.ready.set(1)
        changed = False
        while True:
            batch = await consumer.getmany(timeout_ms=int(DEBOUNCE * 1000))
            if batch:
                changed |= self._apply_batch(batch)
            elif changed:
                changed = False
                await self.slot.rebuild("authorisations changed", authorisations=self.records.values())

    async def _assign_all(self, consumer: AIOKafkaConsumer, timeout: float = 30.0) -> list[TopicPartition]:
        """Every partition of the topic. Without a group, a subscription is assigned all partitions once
        the metadata names them; a topic created a moment ago may take a few refreshes to appear."""
        consumer.subscribe([self.topic])
        deadline = asyncio.get_running_loop().time() + timeout
        while not consumer.assignment():
            if asyncio.get_running_loop().time() > deadline:
                raise KafkaError(f"no partitions of {self.topic} after {timeout:.0f} s; does the topic exist?")
            await asyncio.sleep(0.1)
        return sorted(consumer.assignment())

    def _apply_batch(self, batch: dict) -> bool:
        changed = False
        for messages in batch.values():
            for message in messages:
                changed |= self.apply(message.key, message.value)
        return changed


async def _behind(consumer: AIOKafkaConsumer, end: dict[TopicPartition, int]) -> bool:
    for tp, last in end.items():
        if await consumer.position(tp) < last:
            return True
    return False
