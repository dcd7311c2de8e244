"""Every name the stream uses on Kafka and Redis, prefixed by an optional namespace.

The namespace (env GRENSWACHT_NAMESPACE) lets each integration test, and each demo
run, own its topics, consumer group, changelogs, state folder and reload channel
while sharing one broker. Without it the names are exactly those of `streams.topics`,
which `grenswacht stack up` creates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.errors import NamespaceError
from streams.settings import Settings
from streams.topics import ALLOW_LIST, AUDIT, CHANGELOG, CONTRIBUTIONS, DECISIONS, TOPICS, TopicSpec, by_role

_LEGAL = re.compile(r"^[A-Za-z0-9._-]{0,100}$")
APP_NAME = "grenswacht"


@dataclass(frozen=True)
class Names:
    namespace: str = ""

    def __post_init__(self) -> None:
        if not _LEGAL.match(self.namespace):
            raise NamespaceError(f"namespace {self.namespace!r}: use letters, digits, '.', '_' or '-' only")

    @classmethod
    def from_env(cls) -> "Names":
        return cls(Settings.from_env().namespace)

    def prefixed(self, name: str) -> str:
        return f"{self.namespace}.{name}" if self.namespace else name

    def topic(self, spec: TopicSpec) -> str:
        """The topic's name in this namespace."""
        return spec.name.format(app=self.app_id) if "{app}" in spec.name else self.prefixed(spec.name)

    def topics(self, *roles: str) -> dict[str, TopicSpec]:
        """Name -> specification of every topic (of the given roles), in table order."""
        return {self.topic(spec): spec for spec in TOPICS if not roles or spec.role in roles}

    @property
    def sources(self) -> dict[str, str]:
        """Source system (DMS, AES, ICS2, NCTS) -> topic."""
        return {str(spec.system): self.topic(spec) for spec in by_role("source")}

    @property
    def hit_topics(self) -> dict[str, str]:
        """Review queue -> topic."""
        return {str(spec.queue): self.topic(spec) for spec in by_role("hits")}

    @property
    def dead_letter(self) -> str:
        return self.topic(by_role("dead_letter")[0])

    @property
    def authorisations(self) -> str:
        return self.topic(by_role("reference")[0])

    @property
    def allow_list(self) -> str:
        return self.prefixed(ALLOW_LIST)

    @property
    def decisions(self) -> str:
        return self.prefixed(DECISIONS)

    @property
    def audit(self) -> str:
        return self.prefixed(AUDIT)

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
        """Internal topic that repartitions running-total contributions by their total key."""
        return CONTRIBUTIONS.format(app=self.app_id)

    def changelog(self, table: str) -> str:
        return CHANGELOG.format(app=self.app_id, table=table)

    @property
    def reload_channel(self) -> str:
        """Redis pub/sub channel that asks every worker to reload profiles and lists."""
        return f"{self.prefixed(APP_NAME)}:reload"

    def source_system(self, topic: str) -> str | None:
        return next((s for s, t in self.sources.items() if t == topic), None)
