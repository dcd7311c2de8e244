"""A screening batch closes once the fetched events are in, and keeps filling while more are handed over.

Runs a faust agent in its test context (no broker): events are put straight into its
stream, and the consumer's `waiting` flag (set by streams.drainloop) is set by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import faust

from streams.take import take_ready

MAX = 3
WITHIN = 30.0      # far longer than any test here waits: a batch that waited for it would not show


def _agent(batches: list[list[bytes]]) -> Any:
    app = faust.App("test-take", broker="kafka://127.0.0.1:1", store="memory://")
    topic = app.topic("take", value_type=bytes, value_serializer="raw")

    @app.agent(topic)
    async def agent(stream: Any) -> AsyncIterator[bytes]:
        async for batch in take_ready(stream, MAX, WITHIN):
            batches.append([event.value for event in batch])
            for event in batch:
                yield event.value

    return app, agent


def test_a_batch_closes_once_the_drain_loop_waits_not_after_within() -> None:
    batches: list[list[bytes]] = []
    app, agent = _agent(batches)

    async def run() -> None:
        async with agent.test_context() as test:
            app.consumer.waiting = True     # everything fetched has been handed over
            await test.put(b"a")
            await test.put(b"b")
            await asyncio.sleep(0.5)

    asyncio.run(asyncio.wait_for(run(), WITHIN / 2))
    assert [value for batch in batches for value in batch] == [b"a", b"b"]


def test_a_batch_fills_while_events_are_handed_over_and_never_holds_more_than_max() -> None:
    batches: list[list[bytes]] = []
    app, agent = _agent(batches)

    async def run() -> list[list[bytes]]:
        async with agent.test_context() as test:
            app.consumer.waiting = False    # the drain loop is still handing over what it fetched
            for value in (b"1", b"2", b"3", b"4"):
                await test.put(value, wait=False)     # not processed until its batch closes
            await asyncio.sleep(0.5)
            while_handing_over = [list(batch) for batch in batches]
            app.consumer.waiting = True
            await asyncio.sleep(0.5)
            return while_handing_over

    while_handing_over = asyncio.run(asyncio.wait_for(run(), WITHIN / 2))
    assert while_handing_over == [[b"1", b"2", b"3"]]
    assert batches == [[b"1", b"2", b"3"], [b"4"]]
