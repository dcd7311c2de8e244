"""Token bucket arithmetic and the rate shapes (no sleeping: the bucket's clock is injected)."""

from __future__ import annotations

import pytest

from loadtest.bucket import TokenBucket
from loadtest.shape import RateShape


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_bucket_holds_the_rate_and_allows_only_its_burst() -> None:
    clock = Clock()
    bucket = TokenBucket(1000.0, burst=10.0, clock=clock)
    assert bucket.take(10) == 0.0                       # the saved burst goes at once
    assert bucket.take(100) == pytest.approx(0.1)       # then 100 tokens cost 100 ms
    clock.now = 0.1
    assert bucket.take(0) == 0.0                        # debt paid after its wait
    clock.now = 10.0                                    # a long pause saves no more than the burst
    assert bucket.take(10) == 0.0
    assert bucket.take(1) == pytest.approx(0.001)


def test_bucket_rate_change_keeps_what_was_saved() -> None:
    clock = Clock()
    bucket = TokenBucket(100.0, burst=5.0, clock=clock)
    bucket.take(5)
    bucket.set_rate(1000.0)
    clock.now = 0.002
    assert bucket.take(2) == 0.0
    assert bucket.take(1) == pytest.approx(0.001)
    with pytest.raises(ValueError):
        TokenBucket(0)


@pytest.mark.parametrize("profile", ["flat", "day", "burst"])
def test_shapes_offer_the_set_mean(profile: str) -> None:
    shape = RateShape(profile, 3200.0, 600.0)
    assert shape.expected_lines() / 600.0 == pytest.approx(3200.0, rel=0.01)


def test_day_has_a_night_trough_and_daytime_peaks() -> None:
    day = RateShape("day", 1000.0, 2400.0)            # 100 s per compressed hour
    night, morning, afternoon = day.at(350.0), day.at(1000.0), day.at(1500.0)
    assert night < 0.3 * morning and night < 0.3 * afternoon
    # the last 2 % of every eighth of the run is a burst: 48 s before each 300 s mark
    assert min(day.at(t) / day.at(t - 60.0) for t in (299.0, 599.0, 1499.0)) > 2.0
    with pytest.raises(ValueError):
        RateShape("weekly", 1.0, 1.0)
