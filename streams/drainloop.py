"""faust's consumer drain loop without four asyncio tasks per message.

faust-streaming 0.15's `Consumer._drain_messages` hands every fetched message to
the stream through `wait_first(callback(message), suspend_flow.wait())`, which
creates four tasks and an `asyncio.wait` per message: on a backlog that costs
more than decoding the message. Here the callback is first run inline; almost
always it delivers without waiting (the stream's buffer has room) and is done.
Only when it must wait (a full buffer) does the rest of it go through
`wait_first` as before, so a rebalance that suspends the flow still interrupts
it. A message of a screening agent's source topic skips faust's per-message path
altogether: it goes into the agent's tap (streams.tap). Offsets, gaps and commits
are handled exactly as in faust.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Generator
from typing import Any, cast

from faust.transport.consumer import CONSUMER_FETCHING

from streams.tap import SourceTap

YIELD_EVERY = 100    # messages between two returns to the event loop, as in faust


class _Resumed:
    """Awaitable that continues a coroutine already advanced to its first suspension."""

    def __init__(self, coro: Coroutine[Any, Any, Any], pending: Any) -> None:
        self.coro, self.pending = coro, pending

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, pending = self.coro, self.pending
        while True:
            try:
                sent = yield pending
            except BaseException as exc:   # cancellation included: the callback sees it where it waits
                try:
                    pending = coro.throw(exc)
                except StopIteration as done:
                    return done.value
                continue
            try:
                pending = coro.send(sent)
            except StopIteration as done:
                return done.value


class InlineDrain:
    """Mixin for a faust transport Consumer: a cheaper `_drain_messages`, same behaviour.

    `waiting` is true while the loop waits (for a fetch, a commit, or room in a stream's buffer)
    instead of handing over messages: a batch taking what has arrived (streams.tap) knows then that
    nothing more is on its way to it for now."""

    waiting = True

    async def _drain_messages(self, fetcher: Any) -> None:
        me = cast(Any, self)
        callback, getmany = me.callback, me.getmany
        consumer_should_stop, fetcher_should_stop = me._stopped.is_set, fetcher._stopped.is_set
        get_read_offset, set_read_offset = me._read_offset.__getitem__, me._read_offset.__setitem__
        acks_enabled_for = me.app.topics.acks_enabled_for
        commit_every = me._commit_every
        taps = me.app.taps
        since_yield = 0
        try:
            while not (consumer_should_stop() or fetcher_should_stop()):
                me.diag.set_flag(CONSUMER_FETCHING)
                self.waiting = True
                batch = getmany(timeout=1.0)
                await me.sleep(0)
                if not me.should_stop:
                    async for tp, message in batch:
                        self.waiting = False
                        since_yield += 1
                        if since_yield > YIELD_EVERY:
                            await asyncio.sleep(0)
                            since_yield = 0
                        offset = message.offset
                        read = get_read_offset(tp)
                        if read is not None and offset < read:
                            continue        # already delivered (faust drops these the same way)
                        if read and offset - read > 1 and acks_enabled_for(message.topic):
                            await me._add_gap(tp, read + 1, offset)
                        if commit_every is not None and me._n_acked >= commit_every:
                            me._n_acked = 0
                            self.waiting = True
                            await me.commit()
                            self.waiting = False
                        tap = taps.get(tp.topic)
                        if tap is None:
                            await self._deliver(callback(message))
                        elif not tap.put(message):
                            await self._wait_for_room(tap)
                        set_read_offset(tp, offset)
                me.diag.unset_flag(CONSUMER_FETCHING)
        except me.consumer_stopped_errors:
            if me.transport.app.should_stop:
                me.log.info("Broker stopped consumer, shutting down...")
                return
            raise
        except asyncio.CancelledError:
            if me.transport.app.should_stop:
                me.log.info("Consumer shutting down for user cancel.")
                return
            raise
        except Exception as exc:
            me.log.exception("Drain messages raised: %r", exc)
            raise
        finally:
            me.diag.unset_flag(CONSUMER_FETCHING)

    async def _wait_for_room(self, tap: SourceTap) -> None:
        me = cast(Any, self)
        self.waiting = True
        try:
            await me.wait_first(tap.wait_for_room(), me.suspend_flow.wait())
        finally:
            self.waiting = False

    async def _deliver(self, delivery: Coroutine[Any, Any, Any]) -> None:
        try:
            pending = delivery.send(None)
        except StopIteration:
            return              # delivered without waiting: the common case
        me = cast(Any, self)
        self.waiting = True
        try:
            await me.wait_first(_Resumed(delivery, pending), me.suspend_flow.wait())
        finally:
            self.waiting = False
