"""Seeded generator of declaration events in the contract's JSON form.

    for event in generate_declarations(100_000, seed=7):
        ...                                   # a dict that passes rules.records.decode_declaration
    authorisations = generate_authorisations(seed=7)   # the records the planted lines draw on

`lines` counts goods items over all events (amendments and redeliveries
included) and is met exactly. Each event is ordinary traffic or a planted case
(see `Rates`); `DeclarationGenerator.planted` says which lines were planted as
what. Amendments (same key, next version, changed lines) and exact
redeliveries (same event_id, same bytes) follow their original a little later.
Planted declarations are never amended; ordinary draws on running totals are
amended only downwards (a line withdrawn or corrected down). So the planted
counts stay exact, while screening still has to replace a line's earlier
contribution and ignore a redelivered event.
"""

from __future__ import annotations

import heapq
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import accumulate
from typing import Any

import orjson

from loadtest import traffic as tr
from loadtest.authorisations import generate_authorisations, plans
from loadtest.deminimis import DeMinimis
from loadtest.ids import EventClock, Identifiers
from loadtest.plants import Built, Plants
from loadtest.revisions import amend

__all__ = ["DeclarationGenerator", "Rates", "generate_authorisations", "generate_declarations"]

DEFAULT_START = "2026-01-05T08:00:00Z"
# Base mix by event count: e-commerce dominates Dutch volumes (domain brief §5).
BASE_MIX = {"H7": 0.70, "ENS": 0.12, "H1": 0.11, "B1": 0.05, "D": 0.02}
MEAN_LINES_PER_EVENT = 1.95          # of BASE_MIX and the count tables in traffic.py
MEAN_GAP_MS = 25.0                   # ~40 events/s: a billion declarations a year
REVISION_DELAY = (5, 400)            # events between an original and its amendment or redelivery
# What an amendment may change: planted cases nothing, ordinary running-total draws only downwards.
NEVER, DOWNWARD, ANY = "never", "downward", "any"


@dataclass(frozen=True)
class Rates:
    """Share of events that carry each planted case (the rest is ordinary traffic).

    Defaults give every review queue hits in a few thousand lines while keeping
    hits rare, as in production. The stateful series (authorisations walked past
    80/95/100%, Y137 claimants past 50 t) are not here: they are paced from
    `lines` so they complete in the first half of the file.
    """

    ru_car: float = 0.002
    ru_steel: float = 0.002
    chpl_export: float = 0.003
    cbam_no_status: float = 0.004
    cbam_y137_excluded: float = 0.0005
    unknown_authorisation: float = 0.0005
    sanctioned_party: float = 0.002      # only with sanctioned_names
    deminimis_honest: float = 0.004      # ordinary Y137 claimants, never past the threshold
    authorisation_roomy: float = 0.002   # ordinary draws, never past 70%
    amendment: float = 0.01
    redelivery: float = 0.005


class DeclarationGenerator:
    """Iterate to get events; `planted`, `events`, `lines` and `types` describe what was produced."""

    def __init__(self, lines: int, seed: int = 7, *, sanctioned_names: Sequence[str] = (),
                 start: str = DEFAULT_START, rates: Rates = Rates()) -> None:
        if lines < 1:
            raise ValueError("lines must be at least 1")
        self.rng = random.Random(seed)
        clock = EventClock(start)
        self.clock = clock
        self.traffic = tr.Traffic(self.rng, Identifiers(seed, clock.year), clock, seed)
        self.plans = plans(seed, start)
        self.plants = Plants(self.traffic, self.rng, self.plans, DeMinimis(random.Random(f"deminimis:{seed}"), seed),
                             sanctioned_names, seed)
        self.rates = rates
        self.planted: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        self.types: Counter[str] = Counter()
        self.events = 0
        self.lines = 0
        self._budget = lines
        # (due event, seq, action, amendment policy, original)
        self._pending: list[tuple[int, int, str, str, bytes]] = []
        self._seq = 0
        self._cumulative, self._builders, self._policies = self._table(lines)

    def _table(self, lines: int) -> tuple[list[float], list[Callable[[int], Built | None]], list[str]]:
        """Cumulative event shares, their builders, and how far each builder's events may be amended."""
        p, r = self.plants, self.rates
        paced = self._paced(lines)
        planted: list[tuple[float, Callable[[int], Built | None], str]] = [
            (r.ru_car, p.ru_car, NEVER), (r.ru_steel, p.ru_steel, NEVER), (r.chpl_export, p.chpl_export, NEVER),
            (r.cbam_no_status, p.cbam_no_status, NEVER), (r.cbam_y137_excluded, p.cbam_y137_excluded, NEVER),
            (r.unknown_authorisation, p.unknown_authorisation, NEVER),
            (r.sanctioned_party if p.names else 0.0, p.sanctioned_party, NEVER),
            (r.deminimis_honest, p.deminimis_honest, DOWNWARD),
            (r.authorisation_roomy, p.authorisation_roomy, DOWNWARD),
            # Every event of a series shapes where its totals cross a level, crossing or not.
            (paced["authorisation"], p.authorisation_target, NEVER), (paced["deminimis"], p.deminimis_over, NEVER),
        ]
        rest = max(0.0, 1.0 - sum(w for w, _, _ in planted))
        base = [(rest * share, self._base(kind), ANY) for kind, share in BASE_MIX.items()]
        weights, builders, policies = zip(*(planted + base))
        return list(accumulate(weights)), list(builders), list(policies)

    def _paced(self, lines: int) -> dict[str, float]:
        """Event shares that finish the stateful series within the first half of the file."""
        events = max(1.0, lines / MEAN_LINES_PER_EVENT)
        auth_lines = sum(p.target / sum(p.step) * 2 for p in self.plants.targeted)
        over_lines = sum(c.target_kg / sum(c.step_kg) * 2 for c in self.plants.deminimis.over)
        # Events of the series carry 2 and 1.5 lines on average.
        need = {"authorisation": auth_lines / 2.0, "deminimis": over_lines / 1.5}
        return {k: min(0.2, max(0.0005, n / (0.5 * events))) for k, n in need.items()}

    def _base(self, kind: str) -> Callable[[int], Built]:
        build, counts = {"H7": (self.traffic.h7, tr.H7_COUNTS), "ENS": (self.traffic.ens, tr.ENS_COUNTS),
                         "H1": (self.traffic.h1, tr.H1_COUNTS), "B1": (self.traffic.b1, tr.B1_COUNTS),
                         "D": (self.traffic.transit, tr.D_COUNTS)}[kind]
        rng = self.rng

        def base(room: int) -> Built:
            return build(min(counts[int(rng.random() * len(counts))], room)), []
        return base

    def __iter__(self) -> Iterator[dict[str, Any]]:
        rng, clock, traffic, pending = self.rng, self.clock, self.traffic, self._pending
        expovariate, rate = rng.expovariate, 1.0 / MEAN_GAP_MS
        while self._budget > 0:
            clock.advance(int(expovariate(rate)))
            traffic.tick()
            event = (pending and pending[0][0] <= self.events and self._revision()) or self._fresh()
            count = len(event["lines"])
            self._budget -= count
            self.lines += count
            self.events += 1
            self.types[event["declaration_type"]] += 1
            yield event

    def _fresh(self) -> dict[str, Any]:
        index = min(bisect_right(self._cumulative, self.rng.random()), len(self._builders) - 1)
        built, policy = self._builders[index](self._budget), self._policies[index]
        if built is None:  # a planted series that is complete: ordinary import instead
            built, policy = self._base("H1")(self._budget), ANY
        event, planted = built
        for kind, item in planted:
            self.planted[kind].append((event["event_id"], item))
        self._schedule(event, NEVER if planted else policy)
        return event

    def _schedule(self, event: dict[str, Any], policy: str) -> None:
        u = self.rng.random()
        if u < self.rates.redelivery:
            action = "redelivery"
        elif policy != NEVER and u < self.rates.redelivery + self.rates.amendment:
            action = "amendment"
        else:
            return
        due = self.events + self.rng.randrange(*REVISION_DELAY)
        self._seq += 1
        heapq.heappush(self._pending, (due, self._seq, action, policy, orjson.dumps(event)))

    def _revision(self) -> dict[str, Any] | None:
        """A due redelivery or amendment, if one fits in the remaining line budget."""
        while self._pending and self._pending[0][0] <= self.events:
            _, _, action, policy, original = heapq.heappop(self._pending)
            event = orjson.loads(original)
            if action == "amendment":
                event = amend(event, self.rng, self.traffic, downward_only=policy == DOWNWARD)
            if len(event["lines"]) <= self._budget:
                self.planted[action].append((event["event_id"], None))
                if action == "amendment":   # an amendment may itself be amended or redelivered
                    self._schedule(event, policy)
                return event
        return None

    def summary(self) -> dict[str, Any]:
        """What was produced so far: counts of events, lines, types and planted cases."""
        return {"events": self.events, "lines": self.lines, "types": dict(sorted(self.types.items())),
                "planted": {k: len(v) for k, v in sorted(self.planted.items())}, "rates": asdict(self.rates)}


def generate_declarations(lines: int, seed: int = 7, *, sanctioned_names: Sequence[str] = (),
                          start: str = DEFAULT_START, rates: Rates = Rates()) -> Iterator[dict[str, Any]]:
    """Declaration events totalling exactly `lines` goods items; same arguments, same events."""
    return iter(DeclarationGenerator(lines, seed, sanctioned_names=sanctioned_names, start=start, rates=rates))
