"""The project's topics, each described once: name, record, key, compaction, retention, partitions.

`grenswacht stack up`, the worker, `grenswacht hits export` and `grenswacht topology`
all read this table (through `streams.naming.Names`, which adds the namespace).
Internal topics are named after the Faust app id: `{app}` stands for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rules.hits import QUEUES

Role = Literal["source", "hits", "dead_letter", "reference", "review", "internal"]
DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class TopicSpec:
    name: str                  # without namespace; `{app}` is the app id
    role: Role
    record: str                # Avro record (schemas/*.avsc), or the JSON messages of an internal topic
    key: str                   # what the message key holds
    compacted: bool = False    # compaction keeps the latest record per key: a table, not a log
    retention_days: int | None = None   # None: kept for good (compacted) or the broker's default
    partitions: int | None = None       # None: GRENSWACHT_PARTITIONS
    system: str | None = None  # the upstream system of a source topic
    queue: str | None = None   # the review queue of a hit topic
    kept_forever: bool = False  # an audit trail: nothing ages out, whatever the broker's default

    def config(self) -> dict[str, str]:
        """Topic configuration as the broker takes it at creation."""
        out = {"cleanup.policy": "compact"} if self.compacted else {}
        if self.retention_days is not None:
            out["retention.ms"] = str(self.retention_days * DAY_MS)
        if self.kept_forever:
            out.update({"retention.ms": "-1", "retention.bytes": "-1"})
        return out

    def describe(self) -> str:
        kept = "compacted" if self.compacted else "kept for good" if self.kept_forever else (
            f"{self.retention_days} days" if self.retention_days else "broker retention")
        return f"{self.record}, key = {self.key}, {kept}"


SOURCE_SYSTEMS = ("DMS", "AES", "ICS2", "NCTS")
TOTALS_TABLE = "totals"
LEDGER_TABLE = "declaration-ledger"   # keyed hits|<declaration key>, partitioned as the sources
CONTRIBUTIONS = "{app}-contributions"
CHANGELOG = "{app}-{table}-changelog"
ALLOW_LIST = "ref.allowlist"
DECISIONS = "decisions"
AUDIT = "review.audit"

TOPICS: tuple[TopicSpec, ...] = (
    *(TopicSpec(f"decl.{system.lower()}", "source", "declaration", "MRN or LRN", retention_days=7, system=system)
      for system in SOURCE_SYSTEMS),
    *(TopicSpec(f"hits.{queue}", "hits", "hit", "hit_id", retention_days=30, queue=queue) for queue in QUEUES),
    TopicSpec("decl.deadletter", "dead_letter", "dead_letter", "the source message's key", retention_days=30),
    TopicSpec("ref.authorisations", "reference", "authorisation", "authorisation reference", compacted=True),
    TopicSpec(ALLOW_LIST, "reference", "allow_entry", "party key|entity id (a tombstone withdraws)", compacted=True),
    TopicSpec(DECISIONS, "review", "decision", "case key", kept_forever=True),
    TopicSpec(AUDIT, "review", "audit_event", "case key, or the reviewer", kept_forever=True),
    TopicSpec(CONTRIBUTIONS, "internal", "Contribution (JSON)", "total key", retention_days=7),
    *(TopicSpec(CHANGELOG.replace("{table}", table), "internal", f"{table} table entries (JSON)", "table key",
                compacted=True) for table in (TOTALS_TABLE, LEDGER_TABLE)),
)


def by_role(role: Role) -> list[TopicSpec]:
    return [spec for spec in TOPICS if spec.role == role]
