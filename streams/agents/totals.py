"""The totals agent: running totals, one message at a time.

Its source (the contributions topic) is keyed by the state each message touches,
and Faust writes a table's changelog to the partition of the event being
processed; taking one event at a time keeps every write in the partition that
owns its key. The state rules are those of `grenswacht screen` (rules.totals and
rules.ledger); the one difference is that a manifest's retractions are forwarded
to the partitions that own their totals instead of applied here. A redelivered
message changes nothing and gives back the same hits and retractions.

The stateless hits pass the hit ledger in the screening agent (streams.ledger).
A hit group found here was sent by a worker of an earlier release, which passed
them through the ledger on this hop: it is still applied, so none of its hits is
lost while workers of both releases run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

import msgspec

from rules.ledger import new_hits
from rules.stored import RecordFormatError
from rules.totals import Contribution, apply_one
from streams.clock import now_iso
from streams.messages import HitGroup, decode_message
from streams.runtime import Runtime
from streams.screening import Failure

log = logging.getLogger(__name__)


async def apply_message(runtime: Runtime, item: Contribution | HitGroup) -> None:
    detected_at = now_iso()
    if isinstance(item, HitGroup):
        hits = [msgspec.structs.replace(h, detected_at=detected_at)
                for h in new_hits([item], item.hits, runtime.ledger)]   # type: ignore[list-item]
    else:
        step = apply_one(item, runtime.totals, runtime.slot.engine.limits, detected_at)
        for retraction in step.retractions:
            await runtime.forward(retraction)
        hits = step.hits
    for hit in hits:
        await runtime.emit(hit)


def totals_agent(runtime: Runtime) -> Callable[[Any], Coroutine[Any, Any, None]]:
    async def totals(stream: Any) -> None:
        await runtime.slot.ready.wait()   # the limits of authorisations come with the screening set
        async for event in stream.events():
            try:
                item = decode_message(event.message.value)
            except (msgspec.DecodeError, ValueError) as exc:
                # only a bug upstream writes this; keep it and go on rather than stall the partition
                await runtime.dead_letter(event.message, Failure(0, "internal", str(exc)), "contributions")
                continue
            try:
                await apply_message(runtime, item)
            except RecordFormatError as exc:
                # state written by a newer release: this message cannot be applied here; it is kept
                # with its reason (a worker of that release can replay it) and the partition goes on
                log.error("contributions message not applied: %s", exc)
                await runtime.dead_letter(event.message, Failure(0, "state", str(exc)), "contributions")

    return totals
