"""The totals agent: running totals and the hit ledger, one message at a time.

Its source (the contributions topic) is keyed by the state each message touches,
and Faust writes a table's changelog to the partition of the event being
processed; taking one event at a time keeps every write in the partition that
owns its key. A redelivered message changes nothing and gives back the same hits
(rules.totals and rules.ledger keep what they emitted).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

import msgspec

from rules.ledger import new_hits
from rules.totals import Contribution, TotalsStore, apply_contributions, retractions_for
from streams.clock import now_iso
from streams.messages import HitGroup, decode_message
from streams.runtime import Runtime
from streams.screening import Failure

log = logging.getLogger(__name__)


def manifest_retractions(manifest: Contribution, store: TotalsStore) -> list[Contribution]:
    """rules.totals.retractions_for, made safe to repeat: a redelivered manifest yields the same
    retractions again (retractions are idempotent where they land), so a crash between recording
    the manifest and forwarding its retractions loses none."""
    rec = store.get(manifest.total_key)
    if rec is not None and rec["v"] == manifest.declaration_version and "gone" in rec:
        return [_retraction(manifest, target) for target in rec["gone"]]
    out = retractions_for(manifest, store)
    if out:
        rec = store.get(manifest.total_key)
        store[manifest.total_key] = {**rec, "gone": [f"{r.total_key}|{r.item_number}" for r in out]}
    return out


def _retraction(manifest: Contribution, target: str) -> Contribution:
    total_key, _, item = target.rpartition("|")
    return Contribution(total_key=total_key, declaration_key=manifest.declaration_key,
                        declaration_version=manifest.declaration_version, event_id=manifest.event_id,
                        kind="retraction", item_number=int(item), event_time=manifest.event_time)


async def apply_message(runtime: Runtime, item: Contribution | HitGroup) -> None:
    detected_at = now_iso()
    if isinstance(item, HitGroup):
        hits = [msgspec.structs.replace(h, detected_at=detected_at)
                for h in new_hits([item], item.hits, runtime.ledger)]   # type: ignore[list-item]
    elif item.kind == "manifest":
        for retraction in manifest_retractions(item, runtime.totals):
            await runtime.forward(retraction)
        return
    else:
        hits = apply_contributions([item], runtime.totals, runtime.slot.engine.limits, detected_at)
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
            await apply_message(runtime, item)

    return totals
