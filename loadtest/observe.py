"""What the load test watches while it runs: hits as they arrive, consumer lag, the workers' CPU and RSS.

Each watcher is a thread with its own Kafka client; the replay keeps the main
thread. Latency is event_time to the hit's arrival here. The split uses the
hit message's timestamp, taken when its worker produced it: before it, the way
through the worker (fetch, batch window, decode, engine, ledger; for a
running-total hit also the contributions topic and the totals agent), per review
queue; after it, the delivery to a reader.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import psutil
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
from hdrh.histogram import HdrHistogram

from schemas import codec
from loadtest.ready import read_ready
from streams.clock import epoch_of
from streams.drain import lag_by_partition

MAX_MS = 3_600_000


def histogram() -> HdrHistogram:
    return HdrHistogram(1, MAX_MS, 3)


@dataclass
class Window:
    """One second of the run."""

    second: int
    hist: HdrHistogram = field(default_factory=histogram)


@dataclass
class Found:
    """A hit as seen by the load test: what recall and latency need."""

    event_id: str
    queue: str
    rule_id: str
    item: int | None


class HitWatcher(threading.Thread):
    """Reads the hit topics from the start of a fresh namespace."""

    def __init__(self, bootstrap: str, hit_topics: Sequence[str], started: float) -> None:
        super().__init__(name="hit-watcher", daemon=True)
        self.bootstrap, self.topics = bootstrap, list(hit_topics)
        self.started = started                  # wall clock of the run's start
        self.total, self.produced, self.delivery = histogram(), histogram(), histogram()
        self.produced_by_queue: dict[str, HdrHistogram] = {}
        self.windows: dict[int, Window] = {}
        self.found: list[Found] = []
        self.ids: set[str] = set()
        self.duplicates = 0
        self._halt = threading.Event()
        self.error: BaseException | None = None

    def stop(self) -> None:
        self._halt.set()

    def run(self) -> None:
        consumer = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "loadtest-watcher",
                             "enable.auto.commit": False, "fetch.wait.max.ms": 5,
                             "topic.metadata.refresh.interval.ms": 1000})
        try:
            metadata = consumer.list_topics(timeout=10.0).topics
            consumer.assign([TopicPartition(t, p, OFFSET_BEGINNING) for t in self.topics
                             for p in metadata[t].partitions])
            while not self._halt.is_set():
                for message in read_ready(consumer, 1000, 0.05):
                    if message.error() is None:
                        self._take(message, time.time())
        except BaseException as exc:    # reported by the runner, which owns the thread
            self.error = exc
        finally:
            consumer.close()

    def _take(self, message: object, arrived: float) -> None:
        _, stamp = message.timestamp()            # type: ignore[attr-defined]
        hit = codec.decode_hit(message.value())   # type: ignore[attr-defined]
        if hit.hit_id in self.ids:
            self.duplicates += 1
            return
        self.ids.add(hit.hit_id)
        self.found.append(Found(hit.event_id, hit.queue, hit.rule_id, hit.item_number))
        sent = epoch_of(hit.event_time or "")
        if sent is None:
            return
        total_ms = max(1, round((arrived - sent) * 1000))
        self.total.record_value(min(total_ms, MAX_MS))
        second = int(arrived - self.started)
        self.windows.setdefault(second, Window(second)).hist.record_value(min(total_ms, MAX_MS))
        produced = stamp / 1000.0
        through = min(MAX_MS, max(1, round((produced - sent) * 1000)))
        self.produced.record_value(through)
        self.produced_by_queue.setdefault(hit.queue, histogram()).record_value(through)
        self.delivery.record_value(min(MAX_MS, max(1, round((arrived - produced) * 1000))))


@dataclass
class Sample:
    second: float
    lag: dict[str, int]                 # topic -> messages not committed by the workers' group
    cpu: float                          # percent of one core, all workers
    rss_mib: float                      # all workers
    screened: float = 0.0               # lines screened so far, all workers


class Sampler(threading.Thread):
    """Once a second: consumer lag per topic and the workers' CPU and RSS."""

    def __init__(self, bootstrap: str, group: str, topics: Sequence[str], pids: Sequence[int],
                 started: float, screened: Callable[[], float] = lambda: 0.0, every: float = 1.0) -> None:
        super().__init__(name="sampler", daemon=True)
        self.bootstrap, self.group, self.topics, self.every = bootstrap, group, list(topics), every
        self.procs = [psutil.Process(pid) for pid in pids]
        self.started = started
        self.screened = screened
        self.samples: list[Sample] = []
        self.peak_rss_mib = 0.0
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()

    def run(self) -> None:
        consumer = Consumer({"bootstrap.servers": self.bootstrap, "group.id": self.group,
                             "enable.auto.commit": False})
        for proc in self.procs:
            proc.cpu_percent(None)
        try:
            while not self._halt.wait(self.every):
                self.samples.append(self._sample(consumer))
        finally:
            consumer.close()

    def _sample(self, consumer: Consumer) -> Sample:
        lag: dict[str, int] = {t: 0 for t in self.topics}
        try:
            for where, behind in lag_by_partition(consumer, self.topics).items():
                topic = where.rpartition(":")[0]
                lag[topic] = lag.get(topic, 0) + behind
        except Exception:   # a slow metadata answer under load: this second has no lag reading
            lag = {}
        cpu = rss = 0.0
        for proc in self.procs:
            try:
                cpu += proc.cpu_percent(None)
                rss += proc.memory_info().rss / 2**20
            except psutil.Error:
                continue
        self.peak_rss_mib = max(self.peak_rss_mib, rss)
        try:
            screened = self.screened()
        except OSError:     # the worker's web page did not answer in time
            screened = self.samples[-1].screened if self.samples else 0.0
        return Sample(time.time() - self.started, lag, cpu, rss, screened)
