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
