"""On the real stack: the main job's run from generation to summary, small."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from rules.hits import QUEUES
from loadtest.demo import run_demo
from rules.sanctions import load_lists
from rules.sanctions.snapshot import BUNDLED
from streams.lists import resolve

pytestmark = pytest.mark.integration


def test_the_main_job_fills_every_queue_and_measures_latency(bootstrap: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_DATA", str(tmp_path / "data"))        # as on a fresh machine
    said: list[str] = []
    result = run_demo(4_000, 3, resolve([], no_lists=False), tmp_path, said.append, rate=1_000)
    assert result.lists["origin"] == "bundled" and result.lists["version"] == load_lists([BUNDLED]).version
    assert result.lines == 4_000 and result.events > 1_000
    assert all(result.hits[queue] > 0 for queue in QUEUES), result.hits
    assert result.dead_letters == 0
    assert result.hits_path is not None
    written = result.hits_path.read_bytes().splitlines()
    assert len(written) == sum(result.hits.values()) + sum(result.warnings.values())   # duplicates dropped
    assert len({orjson.loads(line)["hit_id"] for line in written}) == len(written)
    assert 0 < result.latency_ms["p50"] <= result.latency_ms["p99"] <= result.latency_ms["max"]
    assert result.latency_ms["count"] == len(written)
    assert any("worker ready" in line for line in said)
