"""The inline drain's resumption of a delivery that had to wait (no broker needed)."""

from __future__ import annotations

import asyncio

import pytest

from streams.drainloop import _Resumed


async def _delivery(gate: asyncio.Event, log: list[str]) -> str:
    log.append("started")
    try:
        await gate.wait()
    finally:
        log.append("left")
    return "delivered"


def test_a_delivery_that_waits_finishes_where_it_stopped() -> None:
    async def run() -> tuple[str, list[str]]:
        gate, log = asyncio.Event(), []
        coro = _delivery(gate, log)
        pending = coro.send(None)                   # runs inline up to its first wait
        task = asyncio.ensure_future(_Resumed(coro, pending))
        await asyncio.sleep(0.01)
        assert not task.done() and log == ["started"]
        gate.set()
        return await asyncio.wait_for(task, 1.0), log

    result, log = asyncio.run(run())
    assert result == "delivered" and log == ["started", "left"]


def test_cancelling_a_waiting_delivery_reaches_the_delivery() -> None:
    async def run() -> list[str]:
        gate, log = asyncio.Event(), []
        coro = _delivery(gate, log)
        task = asyncio.ensure_future(_Resumed(coro, coro.send(None)))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return log

    assert asyncio.run(run()) == ["started", "left"]
