"""One batch of raw source messages through decode, validation and the engine, without Kafka.

The agents hand in the raw values; what comes back says what to send where. A
record that cannot be decoded or breaks the contract becomes a dead letter; an
engine failure is narrowed down by bisection to the events that cause it, which
become dead letters too, while the rest of the batch is screened.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from rules.checks import check_declaration
from rules.engine import Engine, Screened
from rules.errors import RecordError
from rules.records import Declaration
from rules.totals import Contribution
from schemas import codec
from streams.messages import HitGroup, group_hits

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    index: int          # position in the batch handed in
    stage: str          # "decode" (not Avro / not the schema), "validate" (unknown codes), "engine"
    reason: str
    field: str | None = None


@dataclass
class Outcome:
    groups: list[HitGroup] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)    # per group: the batch position of its event
    contributions: list[Contribution] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    events: int = 0     # screened
    lines: int = 0


def decode_batch(engine: Engine, raws: Sequence[bytes | None]) -> tuple[list[Declaration], list[int], list[Failure]]:
    """Valid declarations with their batch positions, and the failures."""
    known = engine.profile_set.sets.known_countries
    decoded = codec.decode_declarations([raw if raw is not None else b"" for raw in raws])
    good: list[Declaration] = []
    where: list[int] = []
    failures: list[Failure] = []
    for i, item in enumerate(decoded):
        if isinstance(item, RecordError):
            failures.append(Failure(i, "decode", item.reason, item.field))
            continue
        try:
            check_declaration(item, known)
        except RecordError as exc:
            failures.append(Failure(i, "validate", exc.reason, exc.field))
            continue
        good.append(item)
        where.append(i)
    return good, where, failures


def screen_isolating(engine: Engine, events: Sequence[Declaration],
                     detected_at: str) -> tuple[Screened, list[tuple[int, Exception]]]:
    """Screen the batch; if the engine raises, bisect until each failing event stands alone.
    Returns what the healthy events gave, in event order, and (position, error) of the failing ones."""
    try:
        return engine.screen(events, detected_at), []
    except Exception as exc:    # any engine bug: isolate it rather than lose the batch
        if len(events) == 1:
            log.error("engine failed on event %s: %r", events[0].event_id, exc)
            return Screened(), [(0, exc)]
    mid = len(events) // 2
    left, left_failed = screen_isolating(engine, events[:mid], detected_at)
    right, right_failed = screen_isolating(engine, events[mid:], detected_at)
    merged = Screened(hits=left.hits + right.hits, contributions=left.contributions + right.contributions)
    return merged, left_failed + [(i + mid, exc) for i, exc in right_failed]


def screen_batch(engine: Engine, raws: Sequence[bytes | None], detected_at: str) -> Outcome:
    good, where, failures = decode_batch(engine, raws)
    screened, crashed = screen_isolating(engine, good, detected_at) if good else (Screened(), [])
    bad = {i for i, _ in crashed}
    for i, exc in crashed:
        failures.append(Failure(where[i], "engine", f"engine error: {type(exc).__name__}: {exc}"))
    healthy = [d for i, d in enumerate(good) if i not in bad]
    groups = group_hits(healthy, screened.hits)
    # a group's event_id is one of its version's events; any of them came from the partition of its key
    position = {d.event_id: where[i] for i, d in enumerate(good) if i not in bad}
    return Outcome(groups=groups, origins=[position[g.event_id] for g in groups],
                   contributions=screened.contributions,
                   failures=sorted(failures, key=lambda f: f.index), events=len(healthy),
                   lines=sum(len(d.lines) for d in healthy))
