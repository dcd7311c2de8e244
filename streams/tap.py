"""Source messages handed by the consumer's drain loop straight to their screening agent, in batches.

faust hands a message to an agent through its conductor, a channel queue, an
Event, the stream's processors and an acknowledgement per event: on a backlog
that costs more than screening the message. The screening agents read raw bytes
and decode whole batches themselves, so for their topics the drain loop
(streams.drainloop) puts each message into the agent's tap instead, and the
agent takes batches from it. What faust's path does that matters is kept:

- the agent of each source topic is still a faust agent, so faust subscribes the
  topic and assigns its partitions together with the tables' (the ledger lives
  on the partition of the message, streams.ledger);
- a message is tracked as unacknowledged when its batch is taken and
  acknowledged once the batch is done, so an offset is committed only over
  screened messages (streams.offsetgaps) and a rebalance waits for the batch;
- a rebalance clears the tap with faust's stream buffers, and a message fetched
  under an earlier consumer generation is dropped (it is read again from the
  committed offset);
- a full tap holds the drain loop back, as a full stream buffer does.

A batch opens with its first message and closes when it is full, when `within`
has passed since it opened, or as soon as every message already fetched is in
(the drain loop is waiting and a round of the event loop brought nothing more).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Sequence
from typing import Any

from faust.types import Message


class SourceTap:
    """The messages of one source topic on their way to its screening agent."""

    def __init__(self, app: Any, maxsize: int) -> None:
        self.app, self.maxsize = app, maxsize
        self._messages: deque[Message] = deque()
        self._arrived = asyncio.Event()
        self._room = asyncio.Event()
        app.flow_control.manage_queue(self)     # cleared with faust's stream buffers on a rebalance

    def __len__(self) -> int:
        return len(self._messages)

    def clear(self) -> None:
        self._messages.clear()
        self._arrived.clear()
        self._room.set()

    def put(self, message: Message) -> bool:
        """Adds `message`; False once the tap is full (the drain loop then waits in `wait_for_room`)."""
        self._messages.append(message)
        self._arrived.set()
        return len(self._messages) < self.maxsize

    async def wait_for_room(self) -> None:
        while len(self._messages) >= self.maxsize:
            self._room.clear()
            await self._room.wait()

    async def take(self, max_: int, within: float) -> list[Message]:
        """The next batch of at most `max_` messages, each tracked as unacknowledged; [] if every
        message taken was fetched before the latest rebalance."""
        await self._arrived.wait()
        await self._fill(max_, within)
        messages, batch = self._messages, []
        for _ in range(min(max_, len(messages))):
            batch.append(messages.popleft())
        if not messages:
            self._arrived.clear()
        if len(messages) < self.maxsize:
            self._room.set()
        return self._current(batch)

    async def _fill(self, max_: int, within: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        consumer = self.app.consumer
        while len(self._messages) < max_ and loop.time() < deadline:
            seen = len(self._messages)
            await asyncio.sleep(0)      # a round: the drain loop hands over what it has fetched
            if len(self._messages) == seen and getattr(consumer, "waiting", True):
                return

    def _current(self, batch: list[Message]) -> list[Message]:
        app = self.app
        if not app.flow_control.is_active():
            return []
        generation = app.consumer_generation_id
        consumer = app.consumer
        current = [message for message in batch if message.generation_id == generation]
        for message in current:
            message.tracked = True
            consumer.track_message(message)
        return current

    def ack(self, messages: Sequence[Message]) -> None:
        ack = self.app.consumer.ack
        for message in messages:
            ack(message)
