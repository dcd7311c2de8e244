"""A worker whose broker does not answer keeps retrying, logs each attempt and says so on /metrics."""

from __future__ import annotations

import time
from pathlib import Path

from streams.process import WorkerProcess


def test_an_unreachable_broker_is_retried_and_reported(tmp_path: Path) -> None:
    worker = WorkerProcess("unit-unreachable", tmp_path / "state", tmp_path / "worker.log",
                           extra_env={"GRENSWACHT_KAFKA": "127.0.0.1:1"}).start()
    try:
        deadline = time.monotonic() + 60
        errors = 0.0
        while errors < 2:
            assert worker.alive, worker.log_tail()
            assert time.monotonic() < deadline, worker.log_tail()
            try:
                errors = worker.metric("grenswacht_broker_connection_errors_total")
            except OSError:         # /metrics comes up after the first failed attempt
                pass
            time.sleep(0.3)
        assert worker.metric("grenswacht_broker_up") == 0
        assert worker.alive
        assert "retrying in" in worker.log_tail() and "127.0.0.1:1" in worker.log_tail()
    finally:
        assert worker.stop() is not None
