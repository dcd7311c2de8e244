"""A screening agent's tap: batches that close once the fetched messages are in, tracking and
acknowledgement through the consumer, and what a rebalance leaves in it.

Runs on the worker's faust app without a broker: messages are put into the tap as the drain loop
(streams.drainloop) puts them, and the consumer's `waiting` flag, which the drain loop sets, is set
by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from faust.types import TP, Message

from streams.fetchwait import ShortFetchApp
from streams.tap import SourceTap

TOPIC = "tap"
MAX = 3
WITHIN = 30.0      # far longer than any test here waits: a batch that waited for it would not show


def _app() -> ShortFetchApp:
    app = ShortFetchApp("test-tap", broker="kafka://127.0.0.1:1", store="memory://")

    @app.agent(app.topic(TOPIC, value_type=bytes, value_serializer="raw"))
    async def agent(stream: Any) -> None:     # subscribes the topic with acknowledgements, as in the worker
        async for _ in stream:
            pass

    app.topics.acking_topics.add(TOPIC)     # as faust's conductor does once it subscribes the agent's topic
    app.flow_control.resume()
    return app


def _message(app: ShortFetchApp, offset: int, generation: int | None = None) -> Message:
    return Message(TOPIC, 0, offset, 0.0, 0, None, None, f"m{offset}".encode(), None, tp=TP(TOPIC, 0),
                   generation_id=app.consumer_generation_id if generation is None else generation)


def _run(body: Callable[[ShortFetchApp, SourceTap], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        app = _app()
        return await asyncio.wait_for(body(app, SourceTap(app, maxsize=4)), WITHIN / 2)

    return asyncio.run(run())


def _values(batch: list[Message]) -> list[bytes | None]:
    return [message.value for message in batch]


def test_a_batch_closes_once_the_drain_loop_waits_not_after_within() -> None:
    async def body(app: ShortFetchApp, tap: SourceTap) -> list[Message]:
        app.consumer.waiting = True            # everything fetched has been handed over
        tap.put(_message(app, 0))
        tap.put(_message(app, 1))
        return await tap.take(MAX, WITHIN)

    assert _values(_run(body)) == [b"m0", b"m1"]


def test_a_batch_fills_while_messages_are_handed_over_and_never_holds_more_than_max() -> None:
    async def body(app: ShortFetchApp, tap: SourceTap) -> tuple[list[Message], list[Message]]:
        app.consumer.waiting = False           # the drain loop is still handing over what it fetched

        async def hand_over() -> None:
            for offset in range(4):
                tap.put(_message(app, offset))
                await asyncio.sleep(0)
            app.consumer.waiting = True

        handing = asyncio.ensure_future(hand_over())
        first = await tap.take(MAX, WITHIN)
        await handing
        return first, await tap.take(MAX, WITHIN)

    first, second = _run(body)
    assert _values(first) == [b"m0", b"m1", b"m2"] and _values(second) == [b"m3"]


def test_taken_messages_are_tracked_and_acknowledged_through_the_consumer() -> None:
    async def body(app: ShortFetchApp, tap: SourceTap) -> tuple[int, int, list[int]]:
        app.consumer.waiting = True
        for offset in range(3):
            tap.put(_message(app, offset))
        batch = await tap.take(MAX, WITHIN)
        tracked = len(app.consumer.unacked)
        tap.ack(batch)
        return tracked, len(app.consumer.unacked), list(app.consumer._acked[TP(TOPIC, 0)])

    tracked, left, acked = _run(body)
    assert (tracked, left, acked) == (3, 0, [0, 1, 2])


def test_a_message_fetched_before_the_latest_rebalance_is_dropped() -> None:
    async def body(app: ShortFetchApp, tap: SourceTap) -> tuple[list[Message], int]:
        app.consumer.waiting = True
        tap.put(_message(app, 0, generation=app.consumer_generation_id - 1))
        tap.put(_message(app, 1))
        return await tap.take(MAX, WITHIN), len(app.consumer.unacked)

    batch, tracked = _run(body)
    assert _values(batch) == [b"m1"] and tracked == 1


def test_a_full_tap_holds_the_drain_loop_until_a_rebalance_clears_it() -> None:
    async def body(app: ShortFetchApp, tap: SourceTap) -> tuple[list[bool], bool, int]:
        room = [tap.put(_message(app, offset)) for offset in range(4)]
        waiting = asyncio.ensure_future(tap.wait_for_room())
        await asyncio.sleep(0.05)
        held = not waiting.done()
        app.flow_control.suspend()
        app.flow_control.clear()                # what faust does to its stream buffers on a rebalance
        await waiting
        return room, held, len(tap)

    room, held, left = _run(body)
    assert room == [True, True, True, False]
    assert held and left == 0


def test_taking_a_batch_makes_room_for_the_drain_loop() -> None:
    async def body(app: ShortFetchApp, tap: SourceTap) -> list[Message]:
        app.consumer.waiting = True
        for offset in range(4):
            tap.put(_message(app, offset))
        waiting = asyncio.ensure_future(tap.wait_for_room())
        batch = await tap.take(MAX, WITHIN)
        await waiting
        return batch

    assert _values(_run(body)) == [b"m0", b"m1", b"m2"]
