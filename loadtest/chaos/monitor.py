"""Watching a run from outside: the consumer group's lag over time, sampled in a thread."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from confluent_kafka import Consumer

from streams.drain import input_topics, lag_by_partition
from streams.naming import Names


@dataclass
class LagMonitor:
    bootstrap: str
    names: Names
    every: float = 0.5
    samples: list[tuple[float, int | None]] = field(default_factory=list)   # (monotonic, lag or None: no answer)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chaos-lag", daemon=True)

    def start(self) -> "LagMonitor":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        consumer = Consumer({"bootstrap.servers": self.bootstrap, "group.id": self.names.app_id,
                             "enable.auto.commit": False, "socket.connection.setup.timeout.ms": 2000})
        topics = input_topics(self.names)
        try:
            while not self._stop.is_set():
                try:
                    lag: int | None = sum(lag_by_partition(consumer, topics).values())
                except Exception:       # the broker is down (a scenario's doing): no reading this time
                    lag = None
                self.samples.append((time.monotonic(), lag))
                self._stop.wait(self.every)
        finally:
            consumer.close()

    def max_lag(self, since: float = 0.0, until: float = float("inf")) -> int:
        return max((lag for t, lag in self.samples if since <= t <= until and lag is not None), default=0)

    def recovered_at(self, fault_begin: float, fault_end: float, fallback: float) -> float:
        """First reading after the fault was lifted with lag back at its level before the fault."""
        baseline = self.max_lag(until=fault_begin)
        for t, lag in self.samples:
            if t >= fault_end and lag is not None and lag <= baseline:
                return t
        return fallback
