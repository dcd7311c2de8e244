"""The stream's two stages run in-process over partitioned queues, against the offline screen.

The screening stage passes each batch's hit groups through the hit ledger (as the
screening agent does, each group with its own source message current) and forwards
contributions by key to partitions; the totals stage takes them one at a time in an
interleaving that differs from file order (as a consumer of several partitions does),
forwarding retractions. Whatever the interleaving, and with every batch and message
delivered twice, the hit ids of the stateless rules and the final running totals are
those of the offline screen (`grenswacht screen`).
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections import deque
from types import SimpleNamespace
from typing import Any

import pytest

from rules.engine import Engine
from rules.hits import Hit
from rules.offline import OfflineScreen
from rules.records import decode_declaration
from rules.stored import RecordTable
from rules.totals import totals_snapshot
from schemas import codec
from streams.agents.totals import apply_message
from streams.ledger import pass_groups
from streams.messages import decode_message, encode_message, routing_key
from streams.screening import screen_batch

AT = "2026-03-02T10:00:05Z"
PARTITIONS = 6


def offline(engine: Engine, raws: list[bytes]) -> tuple[list[Hit], dict[str, float]]:
    hits: list[Hit] = []
    run = OfflineScreen(engine, AT, hits.append, lambda r: pytest.fail(f"unexpected reject {r}"))
    for number, raw in enumerate(raws, start=1):
        run.feed(number, raw)
    run.finish()
    return hits, totals_snapshot(run.totals)


class Source:
    """Stands for a faust Event (the ledger makes it current: it must take a weak reference)."""

    def __init__(self, position: int) -> None:
        self.position = position


class Partitions:
    def __init__(self) -> None:
        self.queues: list[deque[bytes]] = [deque() for _ in range(PARTITIONS)]

    def put(self, key: str, value: bytes) -> None:
        self.queues[zlib.crc32(key.encode()) % PARTITIONS].append(value)

    def pending(self) -> list[int]:
        return [p for p, q in enumerate(self.queues) if q]


def simulate(engine: Engine, raws: list[bytes], seed: int, batch: int = 300,
             redeliver: bool = False) -> tuple[list[Hit], dict[str, float]]:
    rng = random.Random(seed)
    parts, emitted = Partitions(), []

    async def forward(item: Any) -> None:
        parts.put(routing_key(item), encode_message(item))

    async def emit(hit: Hit) -> None:
        emitted.append(hit)

    # the tables hold encoded records, as in the worker: every state read goes through the record codec
    runtime = SimpleNamespace(totals=RecordTable({}), ledger=RecordTable({}), slot=SimpleNamespace(engine=engine),
                              forward=forward, emit=emit)

    async def take(n: int) -> None:
        for _ in range(n):
            pending = parts.pending()
            if not pending:
                return
            raw = parts.queues[rng.choice(pending)].popleft()
            for _ in range(2 if redeliver else 1):
                await apply_message(runtime, decode_message(raw))   # type: ignore[arg-type]

    async def run() -> None:
        avro = [codec.encode_declaration(decode_declaration(r)) for r in raws]
        for start in range(0, len(avro), batch):
            chunk = avro[start:start + batch]
            outcome = screen_batch(engine, chunk, AT)
            assert not outcome.failures
            events = [Source(i) for i in range(len(chunk))]
            for _ in range(2 if redeliver else 1):
                passed = pass_groups(runtime.ledger, outcome.groups, outcome.origins, events)
                assert not passed.refused
                emitted.extend(passed.hits)
            for item in outcome.contributions:
                await forward(item)
            await take(rng.randrange(0, 400))
        while parts.pending():
            await take(1000)

    asyncio.run(run())
    return emitted, totals_snapshot(runtime.totals)


def _stateless(hits: list[Hit]) -> set[str]:
    return {h.hit_id for h in hits if "total_key" not in h.evidence}


@pytest.mark.parametrize("seed", [1, 2])
def test_stream_stages_agree_with_the_offline_screen(engine: Engine, small_events: list[bytes], seed: int) -> None:
    expected_hits, expected_totals = offline(engine, small_events)
    hits, totals = simulate(engine, small_events, seed)
    assert _stateless(expected_hits)                     # the data set does exercise the stateless rules
    assert _stateless(hits) == _stateless(expected_hits)
    assert totals == pytest.approx(expected_totals)
    assert any(v for v in totals.values())


def test_every_message_twice_changes_nothing(engine: Engine, small_events: list[bytes]) -> None:
    once_hits, once_totals = simulate(engine, small_events, seed=3)
    twice_hits, twice_totals = simulate(engine, small_events, seed=3, redeliver=True)
    assert {h.hit_id for h in twice_hits} == {h.hit_id for h in once_hits}
    assert twice_totals == once_totals

