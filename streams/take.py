"""Batches of events that close as soon as the messages stop coming, not on a fixed clock.

faust's `Stream.take_events(max, within)` yields only when `max` events are
buffered or a `within`-second timer runs out, the timer running regardless of
when the events came: at a moderate rate every event waits a random share of
`within` for nothing. Here a batch opens with its first event and closes when
it is full, when `within` has passed since that event, or as soon as the
messages already fetched are all in it (the consumer's drain loop, streams.drainloop,
is waiting, for a fetch or otherwise, and a round of the event loop delivered
nothing more).
Under a backlog the buffer keeps growing and batches still fill to `max`; at a
moderate rate a batch is what one fetch brought. Buffering, acknowledgement (each event after
the agent has finished its batch) and clean-up are those of faust's take_events.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any, cast

from mode.utils.futures import notify


async def _fill(stream: Any, events: list[Any], full: asyncio.Event, within: float) -> None:
    """Returns when the open batch should go: full, `within` after it opened, or everything fetched is in
    (the consumer's drain loop is waiting and a round of the event loop brought nothing)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    consumer = stream.app.consumer
    while not full.is_set() and not stream.should_stop and loop.time() < deadline:
        seen = len(events)
        await asyncio.sleep(0)      # a round: the stream moves what the drain loop handed over
        if len(events) == seen and getattr(consumer, "waiting", True):
            return


async def take_ready(stream: Any, max_: int, within: float) -> AsyncGenerator[list[Any], None]:
    """Lists of at most `max_` events of `stream` (a faust Stream), acknowledged once the next is asked for."""
    events: list[Any] = []
    opened, full, consumed = asyncio.Event(), asyncio.Event(), asyncio.Event()
    consuming: asyncio.Future[Any] | None = None

    async def add_to_buffer(value: Any) -> Any:
        nonlocal consuming
        try:
            if consuming is not None:       # the agent is working on the previous batch
                try:
                    await consuming
                finally:
                    consuming = None
            event = stream.current_event
            if event is None:
                raise RuntimeError("take buffer found current_event is None")
            events.append(event)
            opened.set()
            if len(events) >= max_:
                full.set()
                consumed.clear()
                await stream.wait(consumed)     # never more than max_ in one batch
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            stream.log.exception("Error adding to take buffer: %r", exc)
            await stream.crash(exc)
        return value

    acks_were = stream.enable_acks
    stream.enable_acks = False              # acknowledged here, after the agent has had the batch
    stream.add_processor(add_to_buffer)
    stream._enable_passive(cast(Any, aiter(stream.channel)))
    try:
        while not stream.should_stop:
            await stream.wait_for_stopped(opened)
            await _fill(stream, events, full, within)
            if not events:
                opened.clear()
                continue
            consuming = asyncio.get_running_loop().create_future()
            try:
                yield list(events)
            finally:
                for event in events:
                    await stream.ack(event)
                events.clear()
                opened.clear()
                notify(consuming)
                full.clear()
                consumed.set()
    finally:
        stream.enable_acks = acks_were
        stream._processors.remove(add_to_buffer)
