"""Authorisations with quantity or value limits, and the draws lines make on them.

`plans(seed, start)` is the single source of truth: `generate_authorisations`
publishes the records, and the declaration generator draws on the same plans
(same seed) up to each plan's target share of its limit. Targets sit between
the alert levels (80%, 95%, 100%) so every level is crossed by exactly one
known line and no running total ever lands on a level exactly.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from loadtest.catalogue import Goods
from loadtest.names import Party, nl_company, reserved_eori

LEVELS: tuple[tuple[float, str], ...] = ((0.80, "overrun.warning_80"), (0.95, "overrun.warning_95"))
OVER = "overrun.over_100"
# Ordinary use stops here, safely below the first warning level.
ROOMY_SHARE = 0.70


@dataclass
class Plan:
    """One authorisation, the goods that draw on it, and how far the generated file draws."""

    record: dict[str, Any]
    holder: Party
    goods: Goods
    measure: str             # KGM, NAR or LTR (max_quantity) or EUR (max_value_eur)
    target: float            # share of the limit the file reaches; <= ROOMY_SHARE means ordinary use
    step: tuple[float, float]
    used: float = 0.0
    crossed: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return self.record["reference"]

    @property
    def limit(self) -> float:
        return self.record["max_value_eur"] if self.measure == "EUR" else self.record["max_quantity"]

    @property
    def doc_code(self) -> str:
        return "C601" if self.record["type"] == "IPO" else "N990"

    @property
    def procedure(self) -> str:
        return "5100" if self.record["type"] == "IPO" else "4400"

    def done(self) -> bool:
        return self.used >= self.target * self.limit - 1e-6

    def draw(self, rng: random.Random) -> tuple[float, list[str]]:
        """Next line's amount in the plan's measure, and the alert kinds that line triggers."""
        limit = self.limit
        remaining = self.target * limit - self.used
        amount = min(limit * (self.step[0] + rng.random() * (self.step[1] - self.step[0])), remaining)
        amount = _rounded(amount, self.measure)
        # Never land exactly on an alert level: the engine's "crosses" must not hinge on >= vs >.
        while any(self.used + amount == share * limit for share in (0.8, 0.95, 1.0)):
            amount = _rounded(amount + _quantum(self.measure), self.measure)
        before, self.used = self.used, self.used + amount
        # the engine reports one alert per line: the highest level the line crosses
        crossed = [kind for share, kind in LEVELS if before < share * limit < self.used]
        kinds = [OVER] if self.used > limit else crossed[-1:]
        self.crossed.extend(kinds)
        return amount, kinds


def _quantum(measure: str) -> float:
    return 1.0 if measure == "NAR" else 0.01 if measure == "EUR" else 0.001


def _rounded(amount: float, measure: str) -> float:
    if measure == "NAR":
        return float(max(1, round(amount)))
    return round(max(amount, _quantum(measure)), 2 if measure == "EUR" else 3)


# Draws per line as a share of the limit. Walking: about ten lines pass the levels, so
# small files reach them, and a line never spans 80% to 95% (0.13 < 0.15) in one jump.
WALK_STEP = (0.07, 0.13)
ORDINARY_STEP = (0.01, 0.03)


class _Spec(NamedTuple):
    kind: str                          # IPO inward processing (C601), EUS end-use (N990)
    prefixes: tuple[str, ...]
    codes: tuple[str, ...]
    description: str
    eur_per_kg: tuple[float, float]
    origins: tuple[str, ...]
    measure: str                       # KGM, NAR, LTR: max_quantity in that unit; EUR: max_value_eur
    limit: float
    target: float
    value_limit: float | None = None   # a second limit, generous enough never to be reached
    unit_kg: float = 0.0               # for NAR and LTR: kg per unit
    step: tuple[float, float] = WALK_STEP


_SPECS: tuple[_Spec, ...] = (
    _Spec("IPO", ("7208", "7209"), ("7208399000", "7209169000"), "Flat-rolled steel for processing",
          (0.5, 0.8), ("TR", "KR"), "KGM", 400_000.0, 0.87),
    _Spec("IPO", ("854231", "854232"), ("8542319000", "8542329000"), "Integrated circuits for assembly",
          (1000.0, 4000.0), ("TW", "KR"), "NAR", 250_000.0, 0.97, value_limit=6_000_000.0, unit_kg=0.002),
    _Spec("IPO", ("3901", "3902"), ("3901101000", "3902100000"), "Polyethylene and polypropylene granules",
          (1.0, 1.6), ("SA", "US"), "EUR", 1_500_000.0, 1.25),
    _Spec("EUS", ("8807", "8411"), ("8807300000", "8411910000"), "Parts for civil aircraft",
          (150.0, 900.0), ("US", "CA"), "EUR", 2_000_000.0, 1.12),
    _Spec("EUS", ("2710",), ("2710194300",), "Gas oil for vessels",
          (0.6, 0.9), ("US", "NO"), "LTR", 5_000_000.0, 0.92, unit_kg=0.84),
    _Spec("IPO", ("1801",), ("1801000000",), "Cocoa beans for processing",
          (5.0, 9.0), ("CI", "GH"), "KGM", 600_000.0, 1.05, value_limit=40_000_000.0),
    _Spec("IPO", ("1701",), ("1701141000",), "Raw cane sugar for refining",
          (0.4, 0.6), ("BR", "MU"), "KGM", 2_000_000.0, ROOMY_SHARE, step=ORDINARY_STEP),
    _Spec("IPO", ("0901",), ("0901110000",), "Green coffee for roasting",
          (3.0, 7.0), ("BR", "VN"), "KGM", 1_000_000.0, ROOMY_SHARE, value_limit=15_000_000.0, step=ORDINARY_STEP),
    _Spec("EUS", (), ("8905900000", "8487109000"), "Vessel equipment for end-use",
          (20.0, 80.0), ("NO", "KR"), "EUR", 3_000_000.0, ROOMY_SHARE, step=ORDINARY_STEP),
)


def reference(kind: str, year: int, serial: int) -> str:
    return f"NL{kind}{year}{serial:06d}"


def plans(seed: int = 7, start: str = "2026-01-05T08:00:00Z") -> list[Plan]:
    """The authorisations of one generated data set; same seed and start, same plans."""
    rng = random.Random(f"authorisations:{seed}")
    year = dt.date.fromisoformat(start[:10]).year
    out = []
    for index, spec in enumerate(_SPECS):
        holder = nl_company(rng, eori=reserved_eori(0, index + 1, seed))
        by_value = spec.measure == "EUR"
        record: dict[str, Any] = {
            "reference": reference(spec.kind, year, 1000 + index * 37 + rng.randrange(30)),
            "type": spec.kind,
            "holder_eori": holder["eori"],
            "commodity_prefixes": list(spec.prefixes),
            "max_quantity": None if by_value else spec.limit,
            "quantity_unit": None if by_value else spec.measure,
            "max_value_eur": spec.limit if by_value else spec.value_limit,
            # One year back and two ahead: covers every event a run from `start` produces.
            "valid_from": f"{year - 1}-{rng.randrange(1, 13):02d}-01",
            "valid_to": f"{year + 1}-12-31",
        }
        goods = Goods(spec.codes, spec.description, spec.eur_per_kg, (0.0, 0.0), spec.origins, spec.unit_kg)
        out.append(Plan(record, holder, goods, spec.measure, spec.target, spec.step))
    return out


def unknown_reference(rng: random.Random, year: int) -> str:
    """A reference in the same format that no plan uses (serials of plans stay below 2000)."""
    return reference("IPO" if rng.random() < 0.6 else "EUS", year, 500_000 + rng.randrange(400_000))


def generate_authorisations(seed: int = 7, *, start: str = "2026-01-05T08:00:00Z") -> list[dict[str, Any]]:
    """Authorisation records (contract JSON form) that `generate_declarations(seed=seed)` draws on."""
    return [dict(plan.record) for plan in plans(seed, start)]
