"""Recall of planted positives: which labels written beside the traffic came back as hits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from loadtest.observe import Found
from loadtest.replay import Label


@dataclass(frozen=True)
class Recall:
    expected: Mapping[str, int]      # planted kind -> labels
    found: Mapping[str, int]         # planted kind -> labels with a hit

    def of(self, kind: str) -> float | None:
        n = self.expected.get(kind, 0)
        return self.found.get(kind, 0) / n if n else None

    @property
    def overall(self) -> float | None:
        n = sum(self.expected.values())
        return sum(self.found.values()) / n if n else None


def recall(expected: Mapping[Label, str], hits: Iterable[Found]) -> Recall:
    """A label (event, queue, item) is found by a hit of that event in that queue on that item; a label
    without an item (a party) by any hit of the event in its queue."""
    seen: set[Label] = set()
    for hit in hits:
        seen.add((hit.event_id, hit.queue, hit.item))
        seen.add((hit.event_id, hit.queue, None))
    want, got = Counter(), Counter()
    for label, kind in expected.items():
        want[kind] += 1
        if label in seen:
            got[kind] += 1
    return Recall(dict(want), dict(got))
