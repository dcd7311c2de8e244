"""The project's topics: one per upstream system, one per review queue, dead letters, reference data.

`grenswacht stack up`, docker-compose.yml and the worker all take their names from here.
"""

from __future__ import annotations

from rules.hits import QUEUES

SOURCE_TOPICS: dict[str, str] = {"DMS": "decl.dms", "AES": "decl.aes", "ICS2": "decl.ics2", "NCTS": "decl.ncts"}
HIT_TOPICS: dict[str, str] = {queue: f"hits.{queue}" for queue in QUEUES}
DEAD_LETTER_TOPIC = "decl.deadletter"
AUTHORISATIONS_TOPIC = "ref.authorisations"
ALLOW_LIST_TOPIC = "ref.allowlist"
DECISIONS_TOPIC = "decisions"
AUDIT_TOPIC = "review.audit"

# Compaction keeps the latest record per key: a reference topic is a table, not a log.
COMPACTED: dict[str, str] = {"cleanup.policy": "compact"}
# The review audit trail (decisions, case views) is a record kept for good: nothing ages out.
KEPT_FOREVER: dict[str, str] = {"retention.ms": "-1", "retention.bytes": "-1"}

