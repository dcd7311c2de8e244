"""The workers of a scenario, on the private stack, under a namespace of their own, and what they left
on the broker once they caught up: every copy of every hit, the dead letters, the totals."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loadtest.chaos.stack import PrivateStack
from rules.hits import Hit
from rules.records import Authorisation
from schemas import codec
from streams.admin import ensure_topics, worker_topics
from streams.authorisations import publish_authorisations
from streams.deadletter import decode_dead_letter
from streams.drain import wait_drained
from streams.export import read_topics, read_values
from streams.naming import Names
from streams.process import WorkerProcess


@dataclass
class Collected:
    copies: list[Hit]           # every hit message on the queue topics, in the order read
    dead_letters: list[dict[str, Any]]
    totals: dict[str, float]


class Cluster:
    """Worker slots 0..n-1; each slot keeps its state folder across restarts, as a host would. Workers screen
    party names only against the `lists` named (none: --no-lists), as the offline oracle does."""

    def __init__(self, stack: PrivateStack, workdir: Path, partitions: int, label: str,
                 lists: Sequence[Path] = (), profiles: Path | None = None) -> None:
        self.stack, self.workdir, self.partitions = stack, workdir, partitions
        self.names = Names(f"chaos-{label}-{uuid.uuid4().hex[:6]}")
        self.lists, self.profiles = list(lists), profiles
        self.workers: dict[int, WorkerProcess] = {}
        self.starts = 0
        workdir.mkdir(parents=True, exist_ok=True)
        ensure_topics(stack.bootstrap, worker_topics(self.names), partitions)

    def load_authorisations(self, auths: Sequence[Authorisation]) -> None:
        publish_authorisations(list(auths), self.names, self.stack.bootstrap)

    def state_dir(self, slot: int) -> Path:
        return self.workdir / f"state-{slot}"

    def start(self, slot: int, wait: bool = True, timeout: float = 180.0) -> WorkerProcess:
        self.starts += 1
        worker = WorkerProcess(self.names.namespace, self.state_dir(slot),
                               self.workdir / f"worker-{slot}-{self.starts}.log", lists=self.lists,
                               no_lists=not self.lists,
                               profiles=self.profiles, partitions=self.partitions,
                               extra_env=self.stack.env).start()
        self.workers[slot] = worker
        if wait:
            worker.wait_ready(timeout)
        return worker

    def kill(self, slot: int) -> None:
        self.workers.pop(slot).kill()

    def stop(self, slot: int) -> None:
        self.workers.pop(slot).stop()

    def wipe_state(self, slot: int) -> None:
        assert slot not in self.workers, "a running worker's state is not deleted under it"
        shutil.rmtree(self.state_dir(slot), ignore_errors=True)

    def alive(self) -> list[WorkerProcess]:
        return [w for w in self.workers.values() if w.alive]

    def drain(self, timeout: float = 300.0) -> float:
        """Until the group has committed everything; returns when (monotonic) lag was first seen zero."""
        return wait_drained(self.stack.bootstrap, self.names, timeout)

    def collect(self, idle_timeout: float = 1.5) -> Collected:
        bootstrap = self.stack.bootstrap
        copies = [codec.decode_hit(m.value())
                  for m in read_topics(bootstrap, self.names.hit_topics.values(), idle_timeout)]
        letters = read_values(bootstrap, [self.names.dead_letter], idle_timeout, decode_dead_letter)
        totals: dict[str, float] = {}
        for worker in self.alive():        # each serves the totals of the partitions it holds
            totals.update(worker.totals())
        return Collected(copies, letters, totals)

    def log_tails(self, lines: int = 30) -> str:
        return "\n".join(f"--- worker {slot}\n{w.log_tail(lines)}" for slot, w in self.workers.items())

    def close(self) -> None:
        for slot in list(self.workers):
            self.stop(slot)
