"""A commit covers only processed messages: faust's own bookkeeping would commit past one never processed."""

from __future__ import annotations

import asyncio

import pytest
from faust.types import TP

from streams.fetchwait import ShortFetchApp
from streams.offsetgaps import ContiguousConsumer

TP0 = TP("decl.dms", 0)


def _new_offset(committed: int | None, acked: list[int]) -> tuple[int | None, list[int]]:
    """What the app's consumer would commit, and the offsets it asks to read again."""
    app = ShortFetchApp("offsetgaps-test", broker="kafka://127.0.0.1:1", autodiscover=False)
    consumer = app.consumer
    assert isinstance(consumer, ContiguousConsumer)
    seeks: list[int] = []

    async def seek(tp: TP, offset: int) -> None:
        seeks.append(offset)

    consumer.seek = seek          # type: ignore[method-assign]

    async def run() -> int | None:
        consumer._committed_offset[TP0] = committed
        consumer._acked[TP0], consumer._acked_index[TP0] = list(acked), set(acked)
        result = consumer._new_offset(TP0)
        await asyncio.sleep(0)
        return result

    return asyncio.run(run()), seeks


@pytest.mark.parametrize("committed,acked", [(6, [7]), (2, [8, 9])])
def test_a_message_never_processed_is_read_again_not_committed_over(committed, acked):
    assert _new_offset(committed, acked) == (None, [committed])


def test_a_run_from_the_committed_offset_is_committed():
    assert _new_offset(6, [6, 7, 9]) == (8, [])


def test_the_fetcher_skipping_offsets_records_no_gap():
    app = ShortFetchApp("offsetgaps-test", broker="kafka://127.0.0.1:1", autodiscover=False)
    asyncio.run(app.consumer._add_gap(TP0, 3, 8))
    assert not app.consumer._gap[TP0]


def test_a_commit_on_its_way_counts_as_the_start():
    app = ShortFetchApp("offsetgaps-test", broker="kafka://127.0.0.1:1", autodiscover=False)
    consumer = app.consumer
    consumer._committed_offset[TP0] = 0
    consumer._acked[TP0], consumer._acked_index[TP0] = [0, 1, 2], {0, 1, 2}
    assert consumer._new_offset(TP0) == 3
    consumer._acked[TP0].append(3)                 # the commit of 3 has not returned yet
    consumer._acked_index[TP0].add(3)
    assert consumer._new_offset(TP0) == 4


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _stalled(committed: int | None, end: int, acked: list[int], idle_checks: list[float],
             monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Offsets the stall watch asks to read again after checks at the given seconds."""
    from streams import offsetgaps

    clock = _Clock()
    monkeypatch.setattr(offsetgaps.time, "monotonic", clock)
    app = ShortFetchApp("offsetgaps-test", broker="kafka://127.0.0.1:1", autodiscover=False)
    consumer = app.consumer
    seeks: list[int] = []

    async def seek(tp: TP, offset: int) -> None:
        seeks.append(offset)

    async def offsets(*tps: TP, value: int = end) -> dict[TP, int]:
        return {tp: value for tp in tps}

    async def earliest(*tps: TP) -> dict[TP, int]:
        return {tp: 0 for tp in tps}

    consumer.seek = seek                                        # type: ignore[method-assign]
    consumer.highwaters = offsets                               # type: ignore[method-assign]
    consumer.earliest_offsets = earliest                        # type: ignore[method-assign]
    consumer.assignment = lambda: {TP0}                         # type: ignore[method-assign]
    app.topics.acks_enabled_for = lambda topic: True            # type: ignore[method-assign]

    async def run() -> None:
        consumer._committed_offset[TP0] = committed
        consumer._acked[TP0], consumer._acked_index[TP0] = list(acked), set(acked)
        for at in idle_checks:
            clock.now = 1000.0 + at
            await consumer._reread_stalled()
        await asyncio.sleep(0)

    asyncio.run(run())
    return seeks


def test_a_partition_behind_its_end_with_nothing_processed_is_read_again(monkeypatch):
    assert _stalled(40, 45, [], [0, 2, 4, 6, 8, 10], monkeypatch) == [40]


def test_a_partition_never_committed_is_read_again_from_its_start(monkeypatch):
    assert _stalled(None, 5, [], [0, 12], monkeypatch) == [0]


@pytest.mark.parametrize("committed,end,acked,checks", [
    (40, 40, [], [0, 12]),          # at its end: nothing to read
    (40, 45, [], [0, 8]),           # not long enough
    (40, 45, [40, 41], [0, 12]),    # processing goes on
])
def test_a_partition_that_is_not_stalled_is_left_alone(committed, end, acked, checks, monkeypatch):
    assert _stalled(committed, end, acked, checks, monkeypatch) == []
