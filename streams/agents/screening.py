"""The screening agent of one source topic: raw Avro events in batches through the engine.

Concurrency 1 per topic (throughput comes from partitions and workers). The
stateless hits of each declaration version pass the hit ledger here, on the
partition of their source message (streams.ledger: an amendment must not repeat
its earlier version's hits), and go straight to their review queues; running-total
contributions go to the totals agent. A batch opens with its first event and
closes as soon as no more are coming (streams.take). Every send and ledger write
is queued before the batch's events are acknowledged, and the producer is drained
before an offset is committed, so a crash re-screens rather than loses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from typing import Any

from streams.clock import now_iso
from streams.ledger import pass_groups
from streams.runtime import Runtime
from streams.screening import Failure, screen_batch
from streams.take import take_ready

log = logging.getLogger(__name__)


async def screen_events(runtime: Runtime, system: str, events: Sequence[Any]) -> None:
    started = time.perf_counter()
    engine = runtime.slot.engine          # read once: a reload swaps between batches, never inside one
    outcome = screen_batch(engine, [event.message.value for event in events], now_iso())
    for failure in outcome.failures:
        await runtime.dead_letter(events[failure.index].message, failure, system)
    await runtime.forward_all(outcome.contributions)
    passed = pass_groups(runtime.ledger, outcome.groups, outcome.origins, events)
    for origin, exc in passed.refused:
        # ledger state written by a newer release: the event is kept with its reason (a worker of
        # that release can replay it; its contributions count once) and the partition goes on
        log.error("hits of %s not passed through the ledger: %s", events[origin].message.key, exc)
        await runtime.dead_letter(events[origin].message, Failure(origin, "state", str(exc)), system)
    await runtime.emit_all(passed.hits)
    metrics = runtime.metrics
    metrics.events.labels(system).inc(outcome.events)
    metrics.lines.labels(system).inc(outcome.lines)
    metrics.batch_seconds.observe(time.perf_counter() - started)
    runtime.slot.count_suppressions(engine)


def screening_agent(runtime: Runtime, system: str) -> Callable[[Any], Coroutine[Any, Any, None]]:
    config = runtime.config

    async def screen(stream: Any) -> None:
        await runtime.slot.ready.wait()   # authorisations first: an unknown reference is a hit
        events: AsyncIterator[Sequence[Any]] = take_ready(stream, config.batch_max, config.batch_within)
        async for batch in events:
            await screen_events(runtime, system, batch)

    screen.__name__ = screen.__qualname__ = f"screen_{system.lower()}"
    return screen
