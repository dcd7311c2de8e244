"""The hit ledger inside the screening agent, on the partition of each declaration's source message.

Source topics are keyed by declaration, so every version of a declaration
arrives on one partition of its topic, and every topic of the app has the same
number of partitions, which faust assigns together (partition N of each topic
and of each table's changelog to one worker). The ledger (rules.ledger) can
therefore live beside the screening agent: its entry for a declaration is read
from and written to the local store and changelog partition of the message the
declaration came in on. faust picks that partition from the event being
processed; a screening batch holds messages of several partitions, so each group
is passed through the ledger with its own message made current.

The stateless hits then go straight to their review queues, one Kafka hop
instead of two; only running-total contributions take the repartition topic.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from faust.streams import _current_event
from faust.types import Message

from rules.hits import Hit
from rules.ledger import new_hits
from rules.stored import RecordFormatError, Store
from streams.messages import HitGroup


class _Current:
    """What faust's tables read of the event being processed: its message."""

    __slots__ = ("message", "__weakref__")

    def __init__(self, message: Message) -> None:
        self.message = message


@contextmanager
def processing(message: Message) -> Iterator[None]:
    """Table reads and writes inside go to the store and changelog partition of `message`."""
    current = _Current(message)
    token = _current_event.set(weakref.ref(current))  # type: ignore[arg-type]
    try:
        yield
    finally:
        _current_event.reset(token)


@dataclass
class Passed:
    hits: list[Hit] = field(default_factory=list)
    refused: list[tuple[int, RecordFormatError]] = field(default_factory=list)   # (origin, why)


def pass_groups(ledger: Store, groups: Sequence[HitGroup], origins: Sequence[int],
                messages: Sequence[Message]) -> Passed:
    """The new hits of each group (rules.ledger.new_hits), in group order; `origins[i]` is the position
    in `messages` of the message group i came from. A group whose ledger entry this release cannot read
    (written by a newer one) is refused with its origin: its message is kept, the others go on."""
    out = Passed()
    for group, origin in zip(groups, origins, strict=True):
        with processing(messages[origin]):
            try:
                out.hits += new_hits([group], group.hits, ledger)     # type: ignore[list-item]
            except RecordFormatError as exc:
                out.refused.append((origin, exc))
    return out
