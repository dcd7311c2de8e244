"""A token bucket: the replay's pace, so that a slow moment is made up without a burst above the set rate."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up. `take(n)` returns how long to wait first.

    The clock is injectable so that the arithmetic is tested without sleeping.
    """

    def __init__(self, rate: float, burst: float | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate / 100.0)   # 10 ms worth by default
        self._clock = clock
        self._tokens = self.burst
        self._stamp = clock()

    def set_rate(self, rate: float) -> None:
        """Change the pace (the daily curve); tokens saved so far stay, within the burst."""
        self._refill()
        self.rate = max(rate, 1e-9)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def take(self, n: float = 1.0) -> float:
        """Spend `n` tokens (going into debt if needed); seconds to wait until the debt is paid."""
        self._refill()
        self._tokens -= n
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def wait(self, n: float = 1.0) -> None:
        delay = self.take(n)
        if delay > 0:
            time.sleep(delay)
