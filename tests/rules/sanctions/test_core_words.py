"""A listed name's core words are the same in every process, whatever the string hashing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rules.sanctions.normalize import normalize_name

# prints one line per listed name: its text and the core flags of its words
_CORE_FLAGS = """
import sys
from rules.sanctions import load_lists
from rules.sanctions.normalize import normalize_name
for entity in load_lists([sys.argv[1]]).entities:
    for name in entity.names:
        print(repr(name.text), "".join("1" if c else "0" for c in normalize_name(name.text).core))
"""


def _core_flags(sanctions_dir: Path, hash_seed: int) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run([sys.executable, "-c", _CORE_FLAGS, str(sanctions_dir)], env=env, capture_output=True,
                          text=True, check=True, timeout=300)
    return done.stdout.splitlines()


def test_core_flags_do_not_depend_on_hash_seed(sanctions_dir: Path) -> None:
    first = _core_flags(sanctions_dir, 1)
    assert len(first) > 20_000
    for seed in (2, 3):
        other = _core_flags(sanctions_dir, seed)
        assert [a for a, b in zip(first, other) if a != b] == []
        assert len(other) == len(first)


def test_given_word_matched_exactly_before_a_family_prefix() -> None:
    # "abdou" is the given name itself and starts like the family word "abd": it is the given name,
    # and the family word goes to "abdul" ("abd al-"); every family word is core, the second given name is not
    norm = normalize_name("ABD AL-WADOUB, Abdou Moussa")
    assert dict(zip(norm.tokens, norm.core)) == {"abdou": True, "moussa": False, "abdul": True, "wadoub": True}
