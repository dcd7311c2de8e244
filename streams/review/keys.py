"""Every Redis key of the review service, under one prefix per namespace."""

from __future__ import annotations

from dataclasses import dataclass

from rules.hits import QUEUES

GROUP = "reviewers"          # the consumer group of every queue stream; a consumer is a reviewer
RETURNED = "-returned-"      # the consumer that expired claims are moved to before they go back


def case_key(queue: str, declaration_key: str, version: int) -> str:
    """One declaration version on one queue: the same hit always finds the same case."""
    return f"{queue}|{declaration_key}|v{version}"


@dataclass(frozen=True)
class Keys:
    prefix: str

    def case(self, key: str) -> str:
        return f"{self.prefix}:case:{key}"

    def hits(self, key: str) -> str:
        return f"{self.prefix}:case:{key}:hits"

    def stream(self, queue: str) -> str:
        """The order of work of one queue."""
        return f"{self.prefix}:queue:{queue}"

    def open(self, queue: str) -> str:
        """Open cases of a queue, scored by when they opened (oldest first)."""
        return f"{self.prefix}:open:{queue}"

    def claimed(self, queue: str) -> str:
        return f"{self.prefix}:claimed:{queue}"

    def versions(self, queue: str, declaration_key: str) -> str:
        """Cases of one declaration on one queue, scored by version."""
        return f"{self.prefix}:versions:{queue}:{declaration_key}"

    def by_declaration(self, declaration_key: str) -> str:
        return f"{self.prefix}:decl:{declaration_key}"

    def by_eori(self, eori: str) -> str:
        return f"{self.prefix}:eori:{eori.replace(' ', '').upper()}"

    @property
    def hit_index(self) -> str:
        """hit id -> case key."""
        return f"{self.prefix}:hit-index"

    @property
    def allow_list(self) -> str:
        """Allow-list entries added from the page: entry key -> entry (what the withdraw page lists)."""
        return f"{self.prefix}:allowlist"

    def decided(self, queue: str, day: str) -> str:
        return f"{self.prefix}:decided:{queue}:{day}"

    def decisions(self, queue: str) -> str:
        """Decisions of a queue as `<kind>|<case>` scored by epoch: the last hour's by kind."""
        return f"{self.prefix}:decisions:{queue}"

    def history(self, reviewer: str) -> str:
        return f"{self.prefix}:history:{reviewer}"

    def failures(self, username: str) -> str:
        return f"{self.prefix}:login-failures:{username.lower()}"

    @property
    def queues(self) -> tuple[str, ...]:
        return tuple(QUEUES)
