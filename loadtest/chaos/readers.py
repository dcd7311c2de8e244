"""The review side: a consumer group reading the hit topics, which a scenario can pause."""

from __future__ import annotations

import threading
import time

from confluent_kafka import Consumer

from streams.drain import lag_by_partition
from streams.naming import Names


class HitReader:
    def __init__(self, bootstrap: str, names: Names) -> None:
        self.topics = list(names.hit_topics.values())
        self.group = f"{names.app_id}-review"
        self.bootstrap = bootstrap
        self.read = 0
        self._paused, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="chaos-hit-reader", daemon=True)

    def start(self) -> "HitReader":
        self._thread.start()
        return self

    def pause(self) -> None:
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        consumer = Consumer({"bootstrap.servers": self.bootstrap, "group.id": self.group,
                             "auto.offset.reset": "earliest", "enable.auto.commit": True,
                             "auto.commit.interval.ms": 200})
        consumer.subscribe(self.topics)
        try:
            while not self._stop.is_set():
                if self._paused.is_set():
                    # Still polling keeps the group membership; nothing is handed out while paused.
                    consumer.pause(consumer.assignment())
                    while self._paused.is_set() and not self._stop.is_set():
                        consumer.poll(0.2)
                    consumer.resume(consumer.assignment())
                    continue
                self.read += len(consumer.consume(num_messages=500, timeout=0.2))
        finally:
            consumer.close()

    def lag(self) -> int:
        """Hits on the topics that this group has not committed yet."""
        probe = Consumer({"bootstrap.servers": self.bootstrap, "group.id": self.group,
                          "enable.auto.commit": False})
        try:
            return sum(lag_by_partition(probe, self.topics).values())
        finally:
            probe.close()

    def wait_caught_up(self, timeout: float, slack: int = 20) -> float | None:
        """Seconds until the group is within `slack` hits of the end (traffic may still flow)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.lag() <= slack:
                return time.monotonic() - started
            time.sleep(0.3)
        return None
