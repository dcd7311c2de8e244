"""How common a name token is outside the lists: the frequency tiers of common_tokens.txt.

The lists alone say how often a token occurs among listed names (index.py turns that into an
inverse document frequency), but not how often it occurs among the names that are declared:
LOPEZ, GARCIA, CHEN, MARIA or TRADING are rare on the lists and everyday on declarations. The
table beside this module is a compact frequency table of ordinary names and company words, in
tiers rather than counts: the given names and surnames at the top of published national
frequency rankings (English, Spanish and Portuguese, German, Dutch, French, Italian, Nordic,
Polish, Turkish, Arabic, Persian, Russian and Ukrainian, Chinese pinyin and Cantonese spellings,
Korean, South and South-East Asian), the particles of those name cultures, and the generic words
of company names. Counts differ by source, country and year; the tier is what survives all of
them, and an 8 kB text file needs no download at install time and no network in CI. (The large
name packages on PyPI carry hundreds of megabytes of per-country counts, far more than a weight
cap needs.) The same file groups spellings of one name (Mohammed / Muhammad, Yevgeny / Evgeniy)
that normalisation reads as one token.

A token's weight is the smaller of its list IDF and its tier's cap: common evidence stays weak
however rare the token is on the lists. The file's digest is part of the rule version.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("common_tokens.txt")
# weight cap per tier; a rare token's list IDF is about 11 (1 + ln of the number of list names)
TIER_CAPS: dict[str, float] = {"1": 3.0, "2": 4.5, "3": 6.0, "p": 1.0, "g": 2.5}


@lru_cache(maxsize=1)
def _parsed() -> tuple[dict[str, str], tuple[tuple[str, ...], ...]]:
    tiers: dict[str, str] = {}
    groups: list[tuple[str, ...]] = []
    for number, line in enumerate(TABLE.read_text("utf-8").splitlines(), 1):
        head, _, rest = line.partition(" ")
        if not line.strip() or head == "#":
            continue
        words = tuple(rest.split())
        if head == "=":
            groups.append(words)
            continue
        if head not in TIER_CAPS or not words:
            raise ValueError(f"{TABLE.name}:{number}: unknown tier {head!r}")
        for word in words:
            # a word in several tiers keeps the most common one
            if word not in tiers or TIER_CAPS[head] < TIER_CAPS[tiers[word]]:
                tiers[word] = head
    return tiers, tuple(groups)


def tier_caps() -> dict[str, float]:
    """Folded word -> weight cap."""
    return {word: TIER_CAPS[tier] for word, tier in _parsed()[0].items()}


@lru_cache(maxsize=1)
def everyday_names() -> frozenset[str]:
    """Folded given names and surnames of the three name tiers (not particles, not company words)."""
    return frozenset(word for word, tier in _parsed()[0].items() if tier in NAME_TIERS)


NAME_TIERS = frozenset("123")


def spelling_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of folded spellings of one name, the first one canonical."""
    return _parsed()[1]


@lru_cache(maxsize=1)
def digest() -> str:
    return hashlib.sha256(TABLE.read_bytes()).hexdigest()[:12]
