"""The screening agent of one source topic: raw Avro messages in batches through the engine.

Concurrency 1 per topic (throughput comes from partitions and workers). The
messages come from the topic's tap (streams.tap), not through faust's stream: a
batch opens with its first message and closes as soon as no more are coming. The
stateless hits of each declaration version pass the hit ledger here, on the
partition of their source message (streams.ledger: an amendment must not repeat
its earlier version's hits), and go straight to their review queues; running-total
contributions go to the totals agent. Every send and ledger write is queued
before the batch's messages are acknowledged, and the producer is drained before
an offset is committed, so a crash re-screens rather than loses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from faust.types import Message

from streams.clock import now_iso
from streams.ledger import pass_groups
from streams.runtime import Runtime
from streams.screening import Failure, screen_batch
from streams.tap import SourceTap

log = logging.getLogger(__name__)


async def screen_messages(runtime: Runtime, system: str, messages: Sequence[Message]) -> None:
    started = time.perf_counter()
    engine = runtime.slot.engine          # read once: a reload swaps between batches, never inside one
    outcome = screen_batch(engine, [message.value for message in messages], now_iso())
    for failure in outcome.failures:
        await runtime.dead_letter(messages[failure.index], failure, system)
    await runtime.forward_all(outcome.contributions)
    passed = pass_groups(runtime.ledger, outcome.groups, outcome.origins, messages)
    for origin, exc in passed.refused:
        # ledger state written by a newer release: the message is kept with its reason (a worker of
        # that release can replay it; its contributions count once) and the partition goes on
        log.error("hits of %s not passed through the ledger: %s", messages[origin].key, exc)
        await runtime.dead_letter(messages[origin], Failure(origin, "state", str(exc)), system)
    await runtime.emit_all(passed.hits)
    metrics = runtime.metrics
    metrics.events.labels(system).inc(outcome.events)
    metrics.lines.labels(system).inc(outcome.lines)
    metrics.batch_seconds.observe(time.perf_counter() - started)
    runtime.slot.count_suppressions(engine)


def screening_agent(runtime: Runtime, system: str, tap: SourceTap) -> Callable[[Any], Coroutine[Any, Any, None]]:
    """The agent of `system`'s source topic. faust's stream of the topic stays empty: the drain loop
    hands its messages to `tap`, but the agent subscribes the topic and owns its partitions."""
    config = runtime.config

    async def screen(stream: Any) -> None:
        await runtime.slot.ready.wait()   # authorisations first: an unknown reference is a hit
        ebb = runtime.app.producer.buffer.wait_until_ebb
        while not stream.should_stop:
            batch = await tap.take(config.batch_max, config.batch_within)
            if batch:
                # acknowledged only once screened: a batch cut short is read again after a restart
                await screen_messages(runtime, system, batch)
                tap.ack(batch)
            await ebb()             # table writes queued by the batch: let them go before the next

    screen.__name__ = screen.__qualname__ = f"screen_{system.lower()}"
    return screen
