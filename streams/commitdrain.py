"""An offset is committed only once the table writes of the events before it have left the worker.

A table write is queued in faust's producer buffer (the table's `__setitem__` cannot
await) and reaches the changelog later. Before a commit faust flushes that buffer,
but its flush gives up as soon as 0.1 s pass without a message going out: on a busy
machine it returns with changelog writes still queued, the offset is committed, and
a worker killed then loses writes of events that will never be redelivered (the
running totals of the partition's next owner come up short). Here the buffer is
drained completely, including the message being handed to the client, before faust
goes on to flush the client and commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from faust.transport.drivers import aiokafka as driver
from faust.transport.producer import ProducerBuffer
from faust.types import TP

POLL = 0.01


class DrainingBuffer(ProducerBuffer):
    """faust's producer buffer, knowing whether a message is being handed to the client."""

    sending = 0

    async def _send_pending(self, fut: Any) -> None:
        self.sending += 1
        try:
            await super()._send_pending(fut)
        finally:
            self.sending -= 1

    async def drain(self) -> None:
        """Until no message is queued or being handed over (each flush waits at most 0.1 s per message)."""
        while self.size or self.sending:
            await self.flush()
            if not self.size and self.sending:
                await asyncio.sleep(POLL)


class DrainingProducer(driver.Producer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.app.conf.producer_threaded:   # the threaded producer keeps its own queue
            buffer = DrainingBuffer(loop=self.loop, beacon=self.beacon)
            buffer.app = self.app
            self.buffer = buffer


class DrainingConsumer(driver.Consumer):
    async def _commit_offsets(self, offsets: Mapping[TP, int], start_new_transaction: bool = True) -> bool:
        buffer = getattr(self.app.producer, "buffer", None)
        if isinstance(buffer, DrainingBuffer):
            await buffer.drain()
        return bool(await super()._commit_offsets(offsets, start_new_transaction=start_new_transaction))
