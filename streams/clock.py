"""Wall-clock time where the stream needs it: detected_at, and latency from an event's event_time."""

from __future__ import annotations

import datetime as dt
import time


def now_iso() -> str:
    """UTC now, RFC 3339 with milliseconds, as written into detected_at."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch_of(stamp: str) -> float | None:
    """Seconds since the epoch of an RFC 3339 stamp; None when it does not parse."""
    try:
        parsed = dt.datetime.fromisoformat(stamp.replace("z", "Z"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.timestamp()


def seconds_since(stamp: str | None) -> float | None:
    if not stamp:
        return None
    at = epoch_of(stamp)
    return None if at is None else time.time() - at
