"""Identifiers and event time: MRN, LRN, event ids, a monotonic event clock.

Identifiers come from counters, not random draws, so they are unique by
construction (no collision check). MRNs and event ids push the counter through
a bijection so they look scattered like real ones; these run once per event,
so they are built from cached parts rather than digit by digit.
"""

from __future__ import annotations

import datetime as dt
import time

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HEAD_SPAN = 36**10
# Coprime to 36**10 (neither even nor a multiple of 3), so n -> n * _MUL + offset is a
# bijection on the 10-character head; near span / golden ratio so heads land far apart.
_MUL = 2259630184031291
_MASK48 = (1 << 48) - 1
_MUL48 = 0x9E3779B97F4B      # odd: a bijection on 48 bits
# ISO 6346 character values: digits as such, letters from 10 skipping multiples of 11.
_VALUES = dict(zip(_ALNUM, list(range(10)) + [v for v in range(10, 39) if v % 11][:26]))
_PAIRS = [a + b for a in _ALNUM for b in _ALNUM]
# Check-digit weight of each 2-character tail at MRN positions 14 and 15.
_TAIL_SUMS = [(_VALUES[p[0]] << 14) + (_VALUES[p[1]] << 15) for p in _PAIRS]


def _base36(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, 36)
        out.append(_ALNUM[digit])
    return "".join(reversed(out))


def _iso6346_check(body: str) -> str:
    """MRN check digit, computed the ISO 6346 way as the MRN specification asks."""
    total = sum(_VALUES[char] << position for position, char in enumerate(body))
    return str(total % 11 % 10)


class Identifiers:
    """Unique MRNs, LRNs and event ids for one generator run (seeded)."""

    def __init__(self, seed: int, year: int) -> None:
        self._yy = f"{year % 100:02d}"
        self._head_offset = (seed * 0x9E3779B97F4A7C15) % _HEAD_SPAN
        self._head_n = -1
        self._tail = len(_PAIRS)      # forces a fresh head on the first MRN
        self._head = ""
        self._head_sum = 0
        # Twelve digits without padding: the base sits in [10**11, 9 * 10**11).
        self._lrn_base = 10**11 + (seed * 7919) % (8 * 10**11)
        self._lrn_n = 0
        self._event_prefix = f"{seed & 0xFFFFFFFF:08x}-{seed >> 32 & 0xFFFF:04x}-4000-8000-"
        self._event_n = 0

    def _next_head(self) -> None:
        """YY NL + 10 scattered characters, shared by the next 1296 MRNs (as an office's serial block)."""
        self._head_n += 1
        self._head = f"{self._yy}NL{_base36((self._head_n * _MUL + self._head_offset) % _HEAD_SPAN, 10)}"
        self._head_sum = sum(_VALUES[c] << i for i, c in enumerate(self._head))
        self._tail = 0

    def mrn(self, procedure_letter: str) -> str:
        """Head + 2-character serial + procedure letter + check digit: 18 characters."""
        if self._tail == len(_PAIRS):
            self._next_head()
        tail = self._tail
        self._tail = tail + 1
        total = self._head_sum + _TAIL_SUMS[tail] + (_VALUES[procedure_letter] << 16)
        return f"{self._head}{_PAIRS[tail]}{procedure_letter}{total % 11 % 10}"

    def lrn(self, prefix: str) -> str:
        """The declarant's own running reference (at most 22 characters)."""
        self._lrn_n += 1
        return f"{prefix}{self._yy}{self._lrn_base + self._lrn_n}"

    def event_id(self) -> str:
        """UUID-shaped, unique per run: a seed-derived prefix, then the counter scrambled on 48 bits."""
        self._event_n += 1
        return f"{self._event_prefix}{(self._event_n * _MUL48) & _MASK48:012x}"


_MILLIS = [f".{milli:03d}Z" for milli in range(1000)]


class EventClock:
    """Event time that only moves forward; formatting cached per second (the hot path)."""

    def __init__(self, start: str) -> None:
        parsed = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        self._ms = int(parsed.timestamp() * 1000)
        self._second = -1
        self._prefix = ""
        self._date = ""

    @property
    def year(self) -> int:
        return time.gmtime(self._ms // 1000).tm_year

    def advance(self, ms: int) -> None:
        self._ms += ms

    def now(self) -> str:
        second, milli = divmod(self._ms, 1000)
        if second != self._second:
            self._second = second
            self._prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._date = self._prefix[:10]
        return self._prefix + _MILLIS[milli]

    def date(self) -> str:
        """Calendar date (UTC) of the current event time; call after now()."""
        return self._date
