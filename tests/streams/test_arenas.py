"""The worker asks glibc for two malloc arenas, unless the operator chose a number."""

from __future__ import annotations

import subprocess
import sys

import pytest

from streams.arenas import limit_malloc_arenas


def _taken(env: dict[str, str]) -> str:
    code = "from streams.arenas import limit_malloc_arenas as f; print(f())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_glibc_takes_the_limit_unless_the_operator_set_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True
    assert _taken({"PATH": "/usr/bin:/bin"}) == "True"
    assert _taken({"PATH": "/usr/bin:/bin", "MALLOC_ARENA_MAX": "4"}) == "False"


_FRAGMENTED = """
from streams.arenas import trim_heap

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024

# 200 MiB in 2 KiB blocks, one in sixteen kept: the freed pages lie between live blocks, where glibc
# does not give them back by itself
blocks = [bytes(2048) for _ in range(100_000)]
kept = blocks[::16]
del blocks
before = rss()
released = trim_heap()
print(released, before, rss())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_a_trim_gives_back_the_pages_freed_between_live_blocks() -> None:
    out = subprocess.run([sys.executable, "-c", _FRAGMENTED], capture_output=True, text=True, check=True).stdout
    released, before, after = out.split()
    assert released == "True"
    assert int(before) - int(after) > 100 * 2**20
