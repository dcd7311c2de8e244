"""Names of sanctioned parties to plant, read from the official lists.

Uses the project's list loaders when they are installed, else reads the name
column of an OFAC SDN CSV directly, so the generator works without them.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

PLANT_NAMES = 200   # enough variety for the planted cases; more adds nothing


def _usable(name: str) -> bool:
    """Two words or more and not too short: names the matcher is meant to find, not initials."""
    return len(name) >= 8 and len(name.split()) >= 2


def _from_loaders(paths: list[Path]) -> list[str] | None:
    try:
        from rules.sanctions import load_lists
    except ImportError:
        return None
    lists = load_lists(paths)
    return [e.primary for e in lists.entities if e.type in ("person", "organisation")]


def _from_sdn_csv(paths: list[Path]) -> list[str]:
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.glob("*sdn*.csv")))]
    names = []
    for file in files:
        with file.open(newline="", encoding="utf-8", errors="replace") as handle:
            for row in csv.reader(handle):
                # SDN columns: ent_num, name, type ('individual', '-0-' for entities, 'vessel', 'aircraft'), ...
                if len(row) > 2 and row[2].strip() in ("individual", "-0-"):
                    names.append(row[1].strip())
    return names


def sanctioned_names(paths: list[Path], seed: int = 7, count: int = PLANT_NAMES) -> list[str]:
    """A seeded sample of listed person and organisation names from files or folders."""
    names = _from_loaders(paths)
    if names is None:
        names = _from_sdn_csv(paths)
    usable = sorted({n for n in names if _usable(n)})
    return random.Random(f"names:{seed}").sample(usable, min(count, len(usable)))


def perturb(name: str, rng: random.Random) -> str:
    """The listed name as a declarant would type it: case, punctuation or word order changed.

    Only changes a fuzzy matcher must see through; tokens stay the same, so
    `name_key` of the result equals `name_key` of the listed name.
    """
    u = rng.random()
    if u < 0.35:
        return name
    if u < 0.55:
        return name.title()
    if u < 0.75:
        return " ".join(_PUNCTUATION.sub(" ", name).split())
    if "," in name:   # "KASKAR, Dawood Ibrahim" -> "Dawood Ibrahim KASKAR"
        last, _, given = name.partition(",")
        return f"{given.strip()} {last.strip()}"
    return name.lower()


_PUNCTUATION = re.compile(r"[.,;:'\"()/-]")


def name_key(name: str) -> tuple[str, ...]:
    """Case, punctuation and word order removed: what `perturb` keeps."""
    return tuple(sorted(_PUNCTUATION.sub(" ", name).upper().split()))
