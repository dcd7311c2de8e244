from __future__ import annotations

import random

import jellyfish
import numpy as np
import pytest
from rapidfuzz.distance import JaroWinkler

from rules.sanctions.kernels import _one_edit, jaro_winkler_bytes
from rules.sanctions.legal_forms import slips


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


def _one(a: str, b: str) -> bool:
    x, y = np.frombuffer(a.encode(), np.uint8), np.frombuffer(b.encode(), np.uint8)
    return _one_edit(x, 0, len(a), y, 0, len(b))


@pytest.mark.parametrize("seed", [1, 2])
def test_one_edit_reads_a_slip_as_legal_forms_spells_it(seed):
    rng = random.Random(seed)
    for a, b in _random_pairs(3000, seed):
        if rng.random() < 0.3 and len(a) > 1:  # a swap, which the pairs above never make
            i = rng.randrange(len(a) - 1)
            b = a[:i] + a[i + 1] + a[i] + a[i + 2:]
        want = b in slips(a)
        assert _one(a, b) is want and _one(b, a) is want, (a, b)


def test_one_edit_spares_the_ends():
    assert _one("mike", "mkie") and _one("talib", "atlib") and _one("trading", "tradng")
    assert not _one("eagle", "eagles") and not _one("robert", "roberto") and not _one("maria", "marie")
    assert not _one("ksin", "xsin") and not _one("abc", "abc") and not _one("abcde", "acbed")
