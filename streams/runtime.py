"""What the agents share: the screening set, the topics they send to, the tables, the metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import faust

from rules.hits import Hit
from rules.totals import Contribution
from schemas import codec
from streams.batchsend import send_keyed
from streams.clock import seconds_since
from streams.config import WorkerConfig
from streams.deadletter import dead_letter_record, encode_dead_letter
from streams.engines import EngineSlot
from streams.messages import HitGroup, encode_message, routing_key
from streams.metrics import Metrics
from streams.screening import Failure


@dataclass
class Runtime:
    config: WorkerConfig
    metrics: Metrics
    slot: EngineSlot
    app: faust.App
    contributions: Any          # faust topics and tables (their types are not generic-friendly)
    hit_topics: dict[str, Any]
    dead_letters: Any
    totals: Any
    ledger: Any

    async def forward(self, item: Contribution | HitGroup) -> None:
        """To the totals agent, on the partition that owns the item's key."""
        await self.contributions.send(key=routing_key(item), value=encode_message(item))

    async def forward_all(self, items: Sequence[Contribution | HitGroup]) -> None:
        """Like `forward` for each item, in order per key, as one record batch per partition."""
        records = [(routing_key(item).encode(), encode_message(item)) for item in items]
        await send_keyed(self.app.producer, self.contributions.get_topic_name(), records)

    async def emit(self, hit: Hit) -> None:
        await self.hit_topics[hit.queue].send(key=hit.hit_id, value=codec.encode_hit(hit))
        self._count(hit)

    async def emit_all(self, hits: Sequence[Hit]) -> None:
        """Like `emit` for each hit, as one record batch per partition of each review queue."""
        by_queue: dict[str, list[tuple[bytes, bytes]]] = {}
        for hit in hits:
            by_queue.setdefault(hit.queue, []).append((hit.hit_id.encode(), codec.encode_hit(hit)))
        for queue, records in by_queue.items():
            await send_keyed(self.app.producer, self.hit_topics[queue].get_topic_name(), records)
        for hit in hits:
            self._count(hit)

    def _count(self, hit: Hit) -> None:
        self.metrics.hits.labels(hit.queue, hit.rule_id, hit.severity).inc()
        latency = seconds_since(hit.event_time)
        if latency is not None:
            self.metrics.event_to_hit.observe(max(0.0, latency))

    async def dead_letter(self, message: Any, failure: Failure, source: str) -> None:
        """`message` is the faust Message the failure came from; its bytes travel unchanged."""
        record = dead_letter_record(message.value, message.topic, message.partition, message.offset,
                                    f"{failure.stage}: {failure.reason}", failure.field)
        await self.dead_letters.send(key=message.key, value=encode_dead_letter(record))
        self.metrics.dead_letters.labels(source, failure.stage).inc()
