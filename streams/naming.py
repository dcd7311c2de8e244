"""Every name the stream uses on Kafka and Redis, prefixed by an optional namespace.

The namespace (env GRENSWACHT_NAMESPACE) lets each integration test, and each demo
run, own its topics, consumer group, changelogs, state folder and reload channel
while sharing one broker. Without it the names are exactly those of `deploy.topics`,
which `grenswacht stack up` creates.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from deploy import topics as _topics
from streams.errors import NamespaceError

NAMESPACE_ENV = "GRENSWACHT_NAMESPACE"
_LEGAL = re.compile(r"^[A-Za-z0-9._-]{0,100}$")
APP_NAME = "grenswacht"
TOTALS_TABLE = "totals"
LEDGER_TABLE = "hit-ledger"


@dataclass(frozen=True)
class Names:
    namespace: str = ""

    def __post_init__(self) -> None:
        if not _LEGAL.match(self.namespace):
            raise NamespaceError(f"namespace {self.namespace!r}: use letters, digits, '.', '_' or '-' only")

    @classmethod
    def from_env(cls) -> "Names":
        return cls(os.environ.get(NAMESPACE_ENV, "").strip())

    def prefixed(self, name: str) -> str:
        return f"{self.namespace}.{name}" if self.namespace else name

    @property
    def sources(self) -> dict[str, str]:
        """Source system (DMS, AES, ICS2, NCTS) -> topic."""
        return {system: self.prefixed(topic) for system, topic in _topics.SOURCE_TOPICS.items()}

    @property
    def hit_topics(self) -> dict[str, str]:
        """Review queue -> topic."""
        return {queue: self.prefixed(topic) for queue, topic in _topics.HIT_TOPICS.items()}

    @property
    def dead_letter(self) -> str:
        return self.prefixed(_topics.DEAD_LETTER_TOPIC)

    @property
    def authorisations(self) -> str:
        return self.prefixed(_topics.AUTHORISATIONS_TOPIC)

    @property
    def allow_list(self) -> str:
        return self.prefixed(_topics.ALLOW_LIST_TOPIC)

    @property
    def decisions(self) -> str:
        return self.prefixed(_topics.DECISIONS_TOPIC)

    @property
    def audit(self) -> str:
        return self.prefixed(_topics.AUDIT_TOPIC)

    @property
    def review_group(self) -> str:
        """Consumer group of the review service on the hit topics, apart from the worker's."""
        return f"{self.prefixed(APP_NAME)}-review"

    @property
    def review_prefix(self) -> str:
        """Stem of every Redis key the review service writes."""
        return f"{self.prefixed(APP_NAME)}:review"

    @property
    def suppressions_counter(self) -> str:
        """Redis counter the workers add their allow-list suppressions to, for the review service."""
        return f"{self.review_prefix}:suppressions"

    @property
    def app_id(self) -> str:
        """Faust app id: the consumer group, and the stem of every internal topic."""
        return self.prefixed(APP_NAME)

    @property
    def contributions(self) -> str:
        """Internal topic that repartitions running-total contributions and hit groups by their key."""
        return f"{self.app_id}-contributions"

    def changelog(self, table: str) -> str:
        return f"{self.app_id}-{table}-changelog"

    @property
    def reload_channel(self) -> str:
        """Redis pub/sub channel that asks every worker to reload profiles and lists."""
        return f"{self.prefixed(APP_NAME)}:reload"

    def source_system(self, topic: str) -> str | None:
        return next((s for s, t in self.sources.items() if t == topic), None)
