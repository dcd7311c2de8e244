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
