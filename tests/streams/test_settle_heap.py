"""The worker's heap once the screening set is loaded: frozen, and the youngest generation collected
rarely, as batches allocate thousands of short-lived containers."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from streams.engines import GC_YOUNG_THRESHOLD, settle_heap


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settle_heap_freezes_what_is_alive_and_raises_the_young_threshold(restored_gc: None) -> None:
    gc.set_threshold(700, 10, 10)
    alive = [[i] for i in range(1000)]
    settle_heap()
    assert gc.get_freeze_count() >= len(alive)
    assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 10, 10)
    assert GC_YOUNG_THRESHOLD > 700
    assert gc.isenabled()   # cycles are still collected, only less often

