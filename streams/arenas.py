"""At most two malloc arenas in a worker.

glibc gives threads that allocate at the same time arenas of their own, up to eight per core, and
memory freed in one arena serves only that arena. A worker's event loop and faust's consumer thread
both allocate for every message, so its resident size creeps up over hours of steady traffic while
the objects it holds do not grow. Two arenas serve two busy threads. An operator's own
MALLOC_ARENA_MAX wins.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

M_ARENA_MAX = -8        # glibc's mallopt parameter number
ARENAS = 2


def limit_malloc_arenas(count: int = ARENAS) -> bool:
    """True when glibc took the limit (Linux with glibc, and no MALLOC_ARENA_MAX set)."""
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, count))
    except (OSError, AttributeError):     # not glibc (musl has no mallopt): nothing to limit
        return False
