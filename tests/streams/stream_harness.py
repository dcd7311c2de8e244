"""A namespaced run of the real stream for the integration tests: topics, a worker process, and readers.

Each run owns its namespace (topics, consumer group, changelogs, state folder),
so tests never see each other's messages on the shared broker; `close` stops the
worker and deletes the run's topics.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from loadtest.chaos.oracle import (inconsistent_running_total_hits, offline_screen, running_total_hits,
                                    stateless)
from rules.hits import Hit
from rules.records import Authorisation
from streams.admin import delete_topics, ensure_topics, internal_topics, worker_topics
from streams.authorisations import publish_authorisations
from streams.settings import Settings
from streams.deadletter import decode_dead_letter
from streams.drain import wait_drained
from streams.export import export_hits, read_values
from streams.naming import Names
from streams.process import WorkerProcess
from streams.publish import Replayed, replay

def unique_namespace(label: str) -> str:
    return f"it-{label}-{uuid.uuid4().hex[:8]}"


def running_total_hits_are_consistent(hits: dict[str, Hit]) -> None:
    assert running_total_hits(hits)
    assert inconsistent_running_total_hits(hits) == []


class StreamRun:
    def __init__(self, bootstrap: str, namespace: str, workdir: Path, lists: Sequence[Path] = (),
                 partitions: int = Settings.from_env({}).partitions, profiles: Path | None = None,
                 no_lists: bool | None = None) -> None:
        """Without `lists` the worker runs with --no-lists, unless `no_lists=False` asks for its defaults."""
        self.bootstrap, self.names, self.workdir, self.lists = bootstrap, Names(namespace), workdir, list(lists)
        self.no_lists = not self.lists if no_lists is None else no_lists
        self.partitions, self.profiles = partitions, profiles
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.worker: WorkerProcess | None = None
        self.starts = 0
        ensure_topics(bootstrap, worker_topics(self.names), partitions)

    def load_authorisations(self, auths: Sequence[Authorisation]) -> None:
        publish_authorisations(list(auths), self.names, self.bootstrap)

    def start_worker(self, timeout: float = 180.0) -> WorkerProcess:
        self.starts += 1
        self.worker = WorkerProcess(self.names.namespace, self.workdir / "state",
                                    self.workdir / f"worker-{self.starts}.log", lists=self.lists,
                                    no_lists=self.no_lists,
                                    partitions=self.partitions, profiles=self.profiles).start()
        self.worker.wait_ready(timeout)
        return self.worker

    def replay(self, path: Path, **options: Any) -> Replayed:
        return replay(path, self.names, self.bootstrap, **options)

    def drain(self, timeout: float = 300.0) -> None:
        try:
            wait_drained(self.bootstrap, self.names, timeout)
        except Exception:
            if self.worker is not None:
                print(self.worker.log_tail(80))
            raise

    def hits(self, idle_timeout: float = 1.5) -> tuple[dict[str, Hit], int]:
        """Every hit on the queue topics by id, and how many duplicates were dropped."""
        found: dict[str, Hit] = {}
        summary = export_hits(self.bootstrap, self.names.hit_topics.values(),
                              lambda h: found.setdefault(h.hit_id, h), idle_timeout)
        return found, summary.duplicates

    def dead_letters(self, idle_timeout: float = 1.5) -> list[dict[str, Any]]:
        return read_values(self.bootstrap, [self.names.dead_letter], idle_timeout, decode_dead_letter)

    def totals(self) -> dict[str, float]:
        assert self.worker is not None
        return self.worker.totals()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        time.sleep(0.5)
        names = self.names
        delete_topics(self.bootstrap, [*worker_topics(names), *internal_topics(names)])
