"""The reviewers' allow-list on its compacted topic: published by the review service, followed by every worker.

Key = `<party key>|<entity id>` (the party key as `rules.sanctions.allow` tests
membership: the EORI when there is one, else the normalised name), value = an
AllowEntry; a tombstone withdraws the entry. Every worker reads the topic from
the beginning without a group, like the authorisations, and swaps the new set
into its screener between batches: no restart, no rebuild of the lists.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from aiokafka import AIOKafkaConsumer

from rules.errors import RecordError
from rules.sanctions.allow import AllowList, party_key
from schemas import codec
from streams.engines import EngineSlot
from streams.reference import AuthorisationReader

log = logging.getLogger(__name__)

SCHEMA = "allow_entry"


def entry_key(record: dict[str, Any]) -> str:
    party = record.get("party_eori") or record["party_name"]
    return f"{party_key(party)}|{record['entity_id'].strip()}"


def encode_entry(record: dict[str, Any]) -> bytes:
    return codec.encode(SCHEMA, record)


def decode_entry(raw: bytes) -> dict[str, Any]:
    return codec.decode_as(SCHEMA, raw)


def allow_list_of(entries: dict[str, dict[str, Any]]) -> AllowList:
    return AllowList((e.get("party_eori") or e["party_name"], e["entity_id"]) for e in entries.values())


def allow_list_version(entries: dict[str, dict[str, Any]]) -> str:
    """Content hash of the keys in force: the same entries give the same version on every worker."""
    digest = hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()[:12]
    return f"allow-{len(entries)}-{digest}"


class AllowListReader(AuthorisationReader):
    """Follows the allow-list topic; every change is swapped into the slot after a short quiet spell."""

    def __init__(self, bootstrap: str, topic: str, slot: EngineSlot) -> None:
        super().__init__(bootstrap, topic, slot)
        self.entries: dict[str, dict[str, Any]] = {}

    def apply(self, key: bytes | None, value: bytes | None) -> bool:
        if key is None:
            return False
        name = key.decode()
        if value is None:
            return self.entries.pop(name, None) is not None
        try:
            record = decode_entry(value)
        except RecordError as exc:
            log.error("skipped an allow-list record on %s (key %r): %s", self.topic, key, exc)
            self.slot.metrics.reference_rejects.inc()
            return False
        self.entries[name] = record
        return True

    def swap(self) -> None:
        version = allow_list_version(self.entries)
        self.slot.set_allow_list(allow_list_of(self.entries), version)
        log.info("allow-list in force: %s (%d entries)", version, len(self.entries))

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        tps = await self._assign_all(consumer)
        await consumer.seek_to_beginning(*tps)
        changed = True
        while True:
            batch = await consumer.getmany(timeout_ms=250)
            if batch:
                changed |= self._apply_batch(batch)
            elif changed:
                changed = False
                self.swap()



class SuppressionTally:
    """Adds this worker's suppressions to one Redis counter that the review service shows on its /metrics.
    Best effort: the worker's own /metrics stays the count of record when Redis is away."""

    def __init__(self, redis_url: str, key: str, slot: EngineSlot) -> None:
        self.redis_url, self.key, self.slot = redis_url, key, slot
        self.pushed = 0
        self._client: Any = None

    async def push(self) -> None:
        delta = self.slot.suppressed - self.pushed
        if delta <= 0:
            return
        import redis.asyncio as aioredis
        from redis.exceptions import RedisError

        try:
            if self._client is None:
                self._client = aioredis.from_url(self.redis_url, socket_timeout=2.0)
            await self._client.incrby(self.key, delta)
            self.pushed += delta
        except RedisError as exc:
            log.warning("could not add %d suppressions to %s: %s", delta, self.key, exc)
