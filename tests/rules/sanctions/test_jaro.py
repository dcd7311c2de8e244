from __future__ import annotations

import random

import jellyfish
import numpy as np
import pytest
from rapidfuzz.distance import JaroWinkler

from rules.sanctions.kernels import jaro_winkler_bytes


def _jw(a: str, b: str) -> float:
    return jaro_winkler_bytes(np.frombuffer(a.encode(), np.uint8), np.frombuffer(b.encode(), np.uint8))


def _random_pairs(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        alphabet = rng.choice(["ab", "abc", "abcdef", "abcdefghijklmnopqrstuvwxyz", "aeioumnrst"])
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        if rng.random() < 0.5:  # a near neighbour: a few edits of a
            b = list(a)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(b) + 1)
                op = rng.randrange(3)
                if op == 0 and b:
                    b[min(i, len(b) - 1)] = rng.choice(alphabet)
                elif op == 1 and len(b) > 1:
                    del b[min(i, len(b) - 1)]
                else:
                    b.insert(i, rng.choice(alphabet))
            b = "".join(b)
        else:
            b = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        yield a, b


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numba_jaro_winkler_matches_references(seed):
    for a, b in _random_pairs(3000, seed):
        got = _jw(a, b)
        assert got == pytest.approx(jellyfish.jaro_winkler_similarity(a, b), abs=1e-9), (a, b)
        assert got == pytest.approx(JaroWinkler.similarity(a, b), abs=1e-9), (a, b)


def test_known_values():
    assert _jw("martha", "marhta") == pytest.approx(0.9611111111, abs=1e-9)
    assert _jw("abc", "abc") == 1.0
    assert _jw("abc", "xyz") == 0.0
