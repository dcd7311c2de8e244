"""Prometheus metrics of a worker, served on its web port at /metrics.

One registry per process (not the client's global one) so that tests can build
several apps in one interpreter without duplicate-metric errors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST

if TYPE_CHECKING:
    from streams.lists import ListsInForce

# Batches take milliseconds; a batch near a second means the loop starves the consumer.
BATCH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# Event to hit spans a batch window, a hop through the contributions topic and any backlog.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "BrokerErrorCounter"]


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.events = Counter("grenswacht_events_screened", "Declaration events screened.", ["source"], registry=r)
        self.lines = Counter("grenswacht_lines_screened", "Goods lines screened (rate() gives lines/s).",
                             ["source"], registry=r)
        self.batch_seconds = Histogram("grenswacht_batch_seconds", "Decode + validate + screen + send, per batch.",
                                       buckets=BATCH_BUCKETS, registry=r)
        self.event_to_hit = Histogram("grenswacht_event_to_hit_seconds",
                                      "From the event's event_time to its hit being sent.",
                                      buckets=LATENCY_BUCKETS, registry=r)
        self.hits = Counter("grenswacht_hits", "Hits sent to review queues.", ["queue", "rule_id", "severity"],
                            registry=r)
        self.dead_letters = Counter("grenswacht_dead_letters", "Events sent to the dead-letter topic.",
                                    ["source", "stage"], registry=r)
        self.lag = Gauge("grenswacht_consumer_lag", "Messages behind the end of each assigned partition.",
                         ["topic", "partition"], registry=r)
        self.reloads = Counter("grenswacht_reloads", "Screening sets built and swapped in, or refused.",
                               ["result", "trigger"], registry=r)
        self.broker_errors = Counter("grenswacht_broker_connection_errors",
                                     "Failed connections or requests to the Kafka broker.", registry=r)
        self.broker_up = Gauge("grenswacht_broker_up", "1 when the broker answered the last probe.", registry=r)
        self.ready = Gauge("grenswacht_ready", "1 once the screening set and the authorisations are loaded.",
                           registry=r)
        self.reference_rejects = Counter("grenswacht_reference_rejects",
                                         "Authorisation records on the reference topic that were skipped.",
                                         registry=r)
        self.authorisations = Gauge("grenswacht_authorisations", "Authorisations held from the reference topic.",
                                    registry=r)
        self.engine_info = Gauge("grenswacht_engine_info", "The screening set in force (value 1).",
                                 ["profile_version", "list_version"], registry=r)

        self.lists_enabled = Gauge("grenswacht_sanctions_lists_enabled",
                                   "1 while party names are screened against sanctions lists; 0 under --no-lists.",
                                   registry=r)
        self.lists_age = Gauge("grenswacht_sanctions_lists_age_days",
                               "Days since the lists in force were published (-1: date unknown).", registry=r)
        self.lists_stale = Gauge("grenswacht_sanctions_lists_stale",
                                 "1 when the lists in force are older than the allowed age, or undated.",
                                 registry=r)
        self.lists_info = Gauge("grenswacht_sanctions_lists_info", "The sanctions lists in force (value 1).",
                                ["version", "published", "origin"], registry=r)

        self.suppressions = Counter("grenswacht_allowlist_suppressions",
                                    "Sanctions matches not raised because a reviewer allow-listed the pair.",
                                    registry=r)
        self.allow_list = Gauge("grenswacht_allowlist_entries", "Allow-list entries in force, by version.",
                                ["version"], registry=r)

    def set_allow_list(self, version: str, entries: int) -> None:
        self.allow_list.clear()
        self.allow_list.labels(version).set(entries)

    def set_lists(self, lists: "ListsInForce") -> None:
        self.lists_enabled.set(1 if lists.enabled else 0)
        self.lists_info.clear()
        if not lists.enabled or lists.age is None:
            self.lists_age.set(0)
            self.lists_stale.set(0)
            self.lists_info.labels("none", "none", "off").set(1)
            return
        self.lists_age.set(-1 if lists.age.days is None else lists.age.days)
        self.lists_stale.set(1 if lists.age.stale else 0)
        published = lists.age.published.isoformat() if lists.age.published else "unknown"
        self.lists_info.labels(lists.version or "none", published, lists.choice.origin).set(1)

    def set_engine(self, profile_version: str, list_version: str | None) -> None:
        self.engine_info.clear()
        self.engine_info.labels(profile_version, list_version or "none").set(1)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class BrokerErrorCounter(logging.Handler):
    """Counts the Kafka client's own connection complaints, which it logs and retries silently."""

    MARKERS = ("Unable connect", "Unable to connect", "Unable to bootstrap", "Connection", "connection",
               "NodeNotReady", "KafkaConnectionError", "RequestTimedOut")

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(level=logging.WARNING)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:   # a malformed log call must not break the consumer that made it
            return
        if any(marker in text for marker in self.MARKERS):
            self.metrics.broker_errors.inc()
            self.metrics.broker_up.set(0)
