"""Faults while hits flow: Redis killed and restarted, the review service killed and restarted.

Redis here is a private redis-server on a free port (append-only file, fsync
always), never the shared one. In both cases every hit ends in exactly one case,
once, and every case is once on its queue's stream.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from deploy import tools
from review_harness import ReviewRun, line_hit, unique_namespace, wait_for
from streams.process import free_port

pytestmark = pytest.mark.integration

DECLARATIONS = 150          # two hits each, on one queue


class PrivateRedis:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [tools.redis_server(), "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder)],
            stdout=open(self.folder / "redis.log", "ab"), stderr=subprocess.STDOUT)
        wait_for("the private Redis", lambda: self._answers(), timeout=20)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    yield server
    if server.proc is not None and server.proc.poll() is None:
        server.kill()


def flow(run: ReviewRun, label: str, seconds: float = 4.0) -> tuple[threading.Thread, list]:
    """Send the hits spread over `seconds` in a thread; returns it and the hits (filled as they go)."""
    sent: list = []

    def send() -> None:
        for n in range(DECLARATIONS):
            hits = [line_hit(f"{label}{n:05d}", 1, item) for item in (1, 2)]
            run.send(hits, flush=n % 10 == 9)
            sent.extend(hits)
            time.sleep(seconds / DECLARATIONS)
        run.send([], flush=True)

    thread = threading.Thread(target=send)
    thread.start()
    return thread, sent


def assert_every_hit_once(run: ReviewRun, sent: list, timeout: float = 90.0) -> None:
    store = run.store
    wait_for("every case", lambda: store.r.hlen(store.keys.hit_index) == len(sent), timeout)
    time.sleep(1.0)
    keys = {run.case_of(h) for h in sent}
    assert len(keys) == DECLARATIONS
    for key in keys:
        case = store.case(key)
        assert case is not None and len(case.hits) == 2 and case.fields["hits"] == "2", key
    assert store.r.hlen(store.keys.hit_index) == len(sent)
    assert store.r.xlen(store.keys.stream("embargo")) == DECLARATIONS     # each case queued once
    assert store.stats("embargo").open == DECLARATIONS


def test_redis_killed_and_restarted_while_hits_flow_loses_no_case(bootstrap: str, tmp_path: Path,
                                                                  private_redis: PrivateRedis) -> None:
    run = ReviewRun(bootstrap, unique_namespace("review-redis"), tmp_path, redis_at=private_redis.url)
    try:
        thread, sent = flow(run, "RDS")
        wait_for("some cases", lambda: run.store.r.hlen(run.store.keys.hit_index) > 20, 30, every=0.05)
        private_redis.kill()
        written_before = len(sent)
        time.sleep(2.0)                     # hits go on arriving in Kafka meanwhile
        private_redis.start()
        thread.join()
        assert len(sent) > written_before
        assert_every_hit_once(run, sent)
        assert "Redis unreachable" in run.process.log_tail(200)
    finally:
        run.close()


def test_the_review_service_killed_and_restarted_loses_and_doubles_nothing(bootstrap: str, tmp_path: Path) -> None:
    run = ReviewRun(bootstrap, unique_namespace("review-kill"), tmp_path)
    try:
        thread, sent = flow(run, "KIL")
        wait_for("some cases", lambda: run.store.r.hlen(run.store.keys.hit_index) > 20, 30, every=0.05)
        run.process.kill()
        thread.join()
        run.start()
        assert_every_hit_once(run, sent)
    finally:
        run.close()
