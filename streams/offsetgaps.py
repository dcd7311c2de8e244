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
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from faust.types import TP

from streams.commitdrain import DrainingConsumer

log = logging.getLogger(__name__)

REREAD_EVERY = 5.0      # seconds between two requests to read one partition again from one offset


class ContiguousConsumer(DrainingConsumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reread_asked: dict[tuple[TP, int], float] = {}
        self._start_pending: set[TP] = set()
        self._committing: dict[TP, int] = {}    # returned for a commit still on its way (acked is trimmed already)

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

    def _read_again(self, tp: TP, offset: int) -> None:
        now = time.monotonic()
        if now - self._reread_asked.get((tp, offset), -REREAD_EVERY) < REREAD_EVERY:
            return
        self._reread_asked[(tp, offset)] = now
        log.warning("offset %d of %s was never processed (first processed: %d); reading again from it",
                    offset, tp, min(self._acked[tp]))
        asyncio.ensure_future(self.seek(tp, offset))
