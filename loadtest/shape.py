"""How the offered rate moves over a run: flat, a compressed customs day, or e-commerce bursts.

A day profile squeezes 24 hours into the run's duration: a night trough, a
morning and an afternoon peak, and short e-commerce bursts (a hub unloading a
flight) on top. The curve is normalised so that its mean is the set rate: a
day run offers as many lines as a flat run of the same rate and duration.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

PROFILES = ("flat", "day", "burst")

# Relative load by hour of day (Dutch customs, shape only): night trough ~15 %, peaks at 10:00 and 15:00.
_HOURLY = (0.18, 0.15, 0.14, 0.14, 0.16, 0.25, 0.45, 0.80, 1.20, 1.55, 1.70, 1.55, 1.30, 1.40, 1.60,
           1.70, 1.55, 1.25, 0.95, 0.75, 0.60, 0.45, 0.32, 0.22)
_HOURLY_MEAN = sum(_HOURLY) / len(_HOURLY)
BURST_FACTOR = 3.0          # a burst offers this multiple of the base rate
BURST_EVERY = 0.125         # of the run: eight bursts per run (a flight an hour per compressed three hours)
BURST_LENGTH = 0.02         # of the run


def _hourly(fraction: float) -> float:
    """The day curve at `fraction` of the day, linearly interpolated, mean 1."""
    x = (fraction % 1.0) * 24.0
    i = int(x)
    a, b = _HOURLY[i], _HOURLY[(i + 1) % 24]
    return (a + (b - a) * (x - i)) / _HOURLY_MEAN


def _bursts(fraction: float) -> float:
    """1 outside a burst, BURST_FACTOR inside; the base is lowered so that the mean stays 1."""
    share = BURST_LENGTH / BURST_EVERY
    base = 1.0 / (1.0 + share * (BURST_FACTOR - 1.0))
    inside = (fraction % BURST_EVERY) >= BURST_EVERY - BURST_LENGTH
    return base * (BURST_FACTOR if inside else 1.0)


@dataclass(frozen=True)
class RateShape:
    profile: str
    rate: float          # mean lines/s over the run
    duration: float      # seconds

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown traffic profile {self.profile!r}; one of {', '.join(PROFILES)}")

    def at(self, elapsed: float) -> float:
        """Offered lines/s `elapsed` seconds into the run."""
        fraction = min(max(elapsed / self.duration, 0.0), 1.0) if self.duration else 0.0
        factor: Callable[[float], float] = {"flat": lambda f: 1.0, "burst": _bursts,
                                             "day": lambda f: _hourly(f) * _bursts(f)}[self.profile]
        return self.rate * factor(fraction)

    def expected_lines(self, steps: int = 10_000) -> float:
        """The lines the shape offers over the run (numerical integral, for the report)."""
        dt = self.duration / steps
        return math.fsum(self.at((i + 0.5) * dt) * dt for i in range(steps))
