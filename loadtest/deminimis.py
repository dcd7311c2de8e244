"""Importers claiming the CBAM de-minimis exemption (Y137) and their yearly net mass.

Honest claimants rotate out before 45 t, so they never reach the 50-tonne
threshold however long the file is; a few planted claimants keep importing
until they are well past it. Each claimant imports only Annex I goods and
always with Y137, so "the total of an importer claiming Y137" means the same
under any reading of the rule.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from loadtest.names import Party, nl_company, reserved_eori

THRESHOLD_KG = 50_000.0        # Annex VII point 1, per importer and calendar year
HONEST_CAP_KG = 45_000.0       # a claimant stops here: 10% margin below the threshold
ACTIVE_HONEST = 20             # claimants importing at the same time
OVER_KIND = "cbam.threshold"


@dataclass
class Claimant:
    party: Party
    target_kg: float                      # where the planted claimants stop; the cap for honest ones
    step_kg: tuple[float, float]
    totals: dict[int, float] = field(default_factory=dict)   # calendar year -> net mass

    def draw(self, rng: random.Random, year: int) -> tuple[float, bool]:
        """Next line's net mass and whether the yearly total is above the threshold after it."""
        before = self.totals.get(year, 0.0)
        low, high = self.step_kg
        mass = round(low + rng.random() * (high - low), 3)
        after = before + mass
        if after == THRESHOLD_KG:  # keep "above" unambiguous
            mass, after = mass + 0.001, after + 0.001
        self.totals[year] = after
        return mass, after > THRESHOLD_KG


class DeMinimis:
    """The Y137 claimants of one run: a rotating honest pool and the planted over-threshold ones."""

    def __init__(self, rng: random.Random, seed: int, planted: int = 2) -> None:
        self._rng = rng
        self._seed = seed
        self._issued = 0
        self.over = [Claimant(self._company(), 60_000.0 + 20_000.0 * rng.random(), (6_000.0, 12_000.0))
                     for _ in range(planted)]
        self.honest = [self._new_honest() for _ in range(ACTIVE_HONEST)]

    def _company(self) -> Party:
        self._issued += 1
        return nl_company(self._rng, eori=reserved_eori(2, self._issued, self._seed))

    def _new_honest(self) -> Claimant:
        return Claimant(self._company(), HONEST_CAP_KG, (150.0, 2_500.0))

    def honest_claimant(self, year: int) -> Claimant:
        """A claimant with room left this year; one that would reach the cap is replaced."""
        slot = self._rng.randrange(ACTIVE_HONEST)
        claimant = self.honest[slot]
        if claimant.totals.get(year, 0.0) + claimant.step_kg[1] > claimant.target_kg:
            claimant = self.honest[slot] = self._new_honest()
        return claimant

    def over_claimant(self, year: int) -> Claimant | None:
        """A planted claimant still short of its target, or None once all are done."""
        open_ = [c for c in self.over if c.totals.get(year, 0.0) < c.target_kg]
        return open_[self._rng.randrange(len(open_))] if open_ else None
