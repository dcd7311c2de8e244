"""At most two malloc arenas in a worker, and the free pages in them given back on a timer.

glibc gives threads that allocate at the same time arenas of their own, up to eight per core, and
memory freed in one arena serves only that arena. A worker's event loop and faust's consumer thread
both allocate for every message, so its resident size creeps up over hours of steady traffic while
the objects it holds do not grow. Two arenas serve two busy threads. An operator's own
MALLOC_ARENA_MAX wins.

glibc returns freed memory to the system only from the top of an arena. The pages freed between
live blocks stay resident until `malloc_trim` hands them back, so a worker trims on a timer and its
resident size follows what it holds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import lru_cache

M_ARENA_MAX = -8        # glibc's mallopt parameter number
ARENAS = 2
TRIM_EVERY = 30.0       # seconds; a trim walks the free lists: about a millisecond at a worker's size


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas(count: int = ARENAS) -> bool:
    """True when glibc took the limit (Linux with glibc, and no MALLOC_ARENA_MAX set)."""
    libc = _libc()
    if libc is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        return bool(libc.mallopt(M_ARENA_MAX, count))
    except AttributeError:     # not glibc (musl has no mallopt): nothing to limit
        return False


def trim_heap() -> bool:
    """Give the free pages of every arena back to the system; True when glibc released some."""
    libc = _libc()
    try:
        return bool(libc.malloc_trim(0)) if libc is not None else False
    except AttributeError:     # not glibc: its allocator returns memory its own way
        return False
