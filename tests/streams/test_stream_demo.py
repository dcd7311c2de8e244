"""On the real stack: the main job's run from generation to summary, small."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from rules.hits import QUEUES
from loadtest.demo import run_demo

pytestmark = pytest.mark.integration


def test_the_main_job_fills_every_queue_and_measures_latency(bootstrap: str, sanctions_dir: Path,
                                                            tmp_path: Path) -> None:
    said: list[str] = []
    result = run_demo(4_000, 3, [sanctions_dir], tmp_path, said.append, rate=1_000)
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
