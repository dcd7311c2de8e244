"""Before a commit the producer buffer is drained completely, however slowly messages go out."""

from __future__ import annotations

import asyncio

import faust
from faust.types.tuples import FutureMessage, PendingMessage

from streams.commitdrain import DrainingBuffer
from streams.fetchwait import ShortFetchApp

SLOW = 0.25      # longer than the 0.1 s faust's own flush waits for a message to go out


class SlowChannel(faust.Channel):
    """A channel that takes a while to hand each message over, as a starved event loop does."""

    handed: list[bytes] = []

    async def publish_message(self, fut: FutureMessage, wait: bool = True) -> FutureMessage:
        await asyncio.sleep(SLOW)
        self.handed.append(fut.message.value)
        return fut


def _queue(app: faust.App, channel: faust.Channel, count: int) -> None:
    for n in range(count):
        app.producer.buffer.put(FutureMessage(PendingMessage(channel, b"k", b"v%d" % n, None, None, None,
                                                             "raw", "raw", None)))


async def _run(drain: bool) -> tuple[int, int]:
    app = ShortFetchApp("commitdrain-test", broker="kafka://127.0.0.1:1", autodiscover=False)
    buffer = app.producer.buffer
    assert isinstance(buffer, DrainingBuffer)
    channel = SlowChannel(app)
    channel.handed = []
    await buffer.start()
    try:
        _queue(app, channel, 3)
        await (buffer.drain() if drain else buffer.flush())
        return len(channel.handed), buffer.size
    finally:
        await buffer.drain()         # faust's stop refuses a buffer that still holds messages
        await buffer.stop()


def test_faust_flush_returns_with_messages_still_queued():
    handed, queued = asyncio.run(_run(drain=False))
    assert handed < 3 and queued > 0


def test_drain_returns_once_every_message_is_handed_over():
    assert asyncio.run(_run(drain=True)) == (3, 0)
