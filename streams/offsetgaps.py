"""Offsets are committed only over messages that were processed: one that never was is read again.

After a rebalance or a restart, faust can hand a stream a message fetched past the
position it seeks to, while the ones in between were dropped from its queues. It then
takes the jump for a gap of the log (compaction, transaction markers) and commits past
the skipped offsets, and its check on acknowledged offsets lets a commit start one past
the committed offset (or anywhere, before the first commit): those messages are lost.
When the check does hold, the partition stops committing for good. The topics this app
consumes with acknowledgements are neither compacted nor written in transactions, so
their offsets are contiguous: here no gap is recorded, a commit covers only a run of
acknowledged offsets that starts at the committed one, and a partition whose next
offset was never acknowledged is read again from there (a repeat is harmless: hit ids,
draws and the ledger are idempotent).

A partition can also stall with nothing acknowledged at all: the messages after its
committed offset were fetched before a rebalance and dropped, and the fetch position
is already at the end of the log, so no message ever comes to be acknowledged and no
commit ever asks for them. A watch reads such a partition again from its committed
offset once it has stood still behind its end for STALL_AFTER seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from faust.types import TP
from mode import Service

from streams.commitdrain import DrainingConsumer

log = logging.getLogger(__name__)

REREAD_EVERY = 5.0      # seconds between two requests to read one partition again from one offset
STALL_CHECK_EVERY = 2.0
STALL_AFTER = 10.0      # a partition behind its end with nothing acknowledged for this long is read again


class ContiguousConsumer(DrainingConsumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reread_asked: dict[tuple[TP, int], float] = {}
        self._start_pending: set[TP] = set()
        self._committing: dict[TP, int] = {}    # returned for a commit still on its way (acked is trimmed already)
        self._idle_since: dict[tuple[TP, Optional[int]], float] = {}

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        log.warning("offsets %d to %d of %s were skipped by the fetcher; they are not committed over",
                    offset_from, offset_to - 1, tp)

    def _new_offset(self, tp: TP) -> Optional[int]:
        acked = self._acked[tp]
        if not acked:
            return None
        committed = self._committed_offset[tp]
        if committed is None:
            self._learn_start(tp)       # nothing committed yet: the run must start at the log's start
            return None
        start = max(committed, self._committing.get(tp, committed))
        if min(acked) > start:
            self._read_again(tp, start)
            return None
        result: Optional[int] = super()._new_offset(tp)
        if result is not None:
            self._committing[tp] = result
        return result

    def _learn_start(self, tp: TP) -> None:
        if tp not in self._start_pending:
            self._start_pending.add(tp)
            asyncio.ensure_future(self._set_start(tp))

    async def _set_start(self, tp: TP) -> None:
        try:
            earliest = (await self.earliest_offsets(tp)).get(tp)
            if earliest is not None and self._committed_offset[tp] is None:
                self._committed_offset[tp] = earliest
        except Exception as exc:    # the broker away or the consumer stopping: asked again at the next commit
            log.warning("start offset of %s not known yet: %s", tp, exc)
        finally:
            self._start_pending.discard(tp)

    def _read_again(self, tp: TP, offset: int, why: str = "") -> None:
        now = time.monotonic()
        if now - self._reread_asked.get((tp, offset), -REREAD_EVERY) < REREAD_EVERY:
            return
        self._reread_asked[(tp, offset)] = now
        why = why or f"first processed: {min(self._acked[tp])}"
        log.warning("offset %d of %s was never processed (%s); reading again from it", offset, tp, why)
        asyncio.ensure_future(self.seek(tp, offset))

    @Service.task
    async def _stall_watch(self) -> None:
        async for _ in self.itertimer(STALL_CHECK_EVERY, name="stall-watch"):
            if self.app.rebalancing:
                self._idle_since.clear()
                continue
            try:
                await self._reread_stalled()
            except Exception as exc:    # the broker away or a rebalance under way: looked at again next time
                log.warning("stalled partitions not checked: %s", exc)

    async def _reread_stalled(self) -> None:
        now = time.monotonic()
        idle = self._idle_partitions()
        self._idle_since = {key: self._idle_since.get(key, now) for key in idle}
        due = [tp for (tp, _), since in self._idle_since.items() if now - since >= STALL_AFTER]
        if not due:
            return
        ends = await self.highwaters(*due)
        never = [tp for tp in due if self._committed_offset.get(tp) is None]
        starts = await self.earliest_offsets(*never) if never else {}
        for tp in due:
            committed = self._committed_offset.get(tp)
            start = starts.get(tp, 0) if committed is None else committed
            if ends.get(tp, 0) > start and not self._acked.get(tp) and tp in self.assignment():
                self._read_again(tp, start, why=f"{ends[tp] - start} behind, nothing processed for "
                                                f"{now - self._idle_since[(tp, committed)]:.0f} s")

    def _idle_partitions(self) -> set[tuple[TP, Optional[int]]]:
        acks_enabled_for = self.app.topics.acks_enabled_for
        return {(tp, self._committed_offset.get(tp)) for tp in self.assignment()
                if acks_enabled_for(tp.topic) and not self._acked.get(tp)}
