"""The review service's /metrics: queue depth, oldest open case, decisions by kind, allow-list changes.

Queue figures are read from Redis at each scrape, so every replica of the service reports the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from streams.review.cases import CaseStore


class QueueCollector(Collector):
    def __init__(self, store: "CaseStore", suppressions_key: str) -> None:
        self.store, self.suppressions_key = store, suppressions_key

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        depth = GaugeMetricFamily("grenswacht_review_open_cases", "Open cases waiting in a queue.", labels=["queue"])
        claimed = GaugeMetricFamily("grenswacht_review_claimed_cases", "Cases claimed, undecided.", labels=["queue"])
        oldest = GaugeMetricFamily("grenswacht_review_oldest_open_seconds", "Age of the oldest open case.",
                                   labels=["queue"])
        hourly = GaugeMetricFamily("grenswacht_review_decisions_last_hour", "Decisions over the last hour.",
                                   labels=["queue", "decision"])
        for queue in self.store.keys.queues:
            stats = self.store.stats(queue)
            depth.add_metric([queue], stats.open)
            claimed.add_metric([queue], stats.claimed)
            oldest.add_metric([queue], stats.oldest_open_seconds or 0.0)
            for kind, count in self.store.decisions_last_hour(queue).items():
                hourly.add_metric([queue, kind], count)
        suppressed = CounterMetricFamily("grenswacht_review_suppressions",
                                         "Sanctions matches the workers did not raise because of the allow-list.",
                                         value=int(self.store.r.get(self.suppressions_key) or 0))
        yield from (depth, claimed, oldest, hourly, suppressed)


class ReviewMetrics:
    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        self.decisions = Counter("grenswacht_review_decisions", "Decisions taken (rate() gives per hour).",
                                 ["queue", "decision"], registry=r)
        self.hits = Counter("grenswacht_review_hits", "Hits read from the hit topics, by what they did to a case.",
                            ["queue", "result"], registry=r)
        self.allow_entries = Counter("grenswacht_review_allowlist_changes",
                                     "Allow-list entries added or withdrawn by reviewers (each one suppresses "
                                     "its pair in every worker; see grenswacht_allowlist_suppressions there).",
                                     ["action"], registry=r)
        self.logins = Counter("grenswacht_review_logins", "Login attempts.", ["result"], registry=r)

    def watch(self, store: "CaseStore", suppressions_key: str) -> None:
        self.registry.register(QueueCollector(store, suppressions_key))

    def render(self) -> bytes:
        return generate_latest(self.registry)
