"""Load a folder of profile files: parse, validate every profile, then check the set as a whole.

Nothing is returned until everything validated, so a bad file never replaces a
good profile set: the caller keeps the set it had and reports the error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rules.errors import ProfileError
from rules.profiles.schema import Profile
from rules.profiles.validate import build_profile
from rules.refsets import SHIPPED_DIR, SetRegistry, content_hash, load_sets
from rules.yamlsrc import Source, load_yaml

SHIPPED_PROFILES = Path(__file__).resolve().parent
_MIN, _MAX = dt.date.min, dt.date.max


@dataclass(frozen=True)
class ProfileSet:
    profiles: tuple[Profile, ...]
    sets: SetRegistry
    version: str                       # hash of every profile version and the reference sets

    def by_id(self, profile_id: str) -> list[Profile]:
        return [p for p in self.profiles if p.id == profile_id]


def _entries(src: Source) -> list[tuple]:
    data = src.data
    if isinstance(data, dict) and "profiles" in data and set(data) == {"profiles"}:
        if not isinstance(data["profiles"], list):
            raise src.error(("profiles",), "`profiles` must be a list of profiles")
        return [("profiles", i) for i in range(len(data["profiles"]))]
    if isinstance(data, dict):
        return [()]
    raise src.error((), "a profile file holds one profile (a mapping) or `profiles:` with a list")


def _check_overlaps(profiles: Sequence[Profile]) -> None:
    """Two profiles with one id must cover disjoint periods (a rule replaced on a date)."""
    by_id: dict[str, list[Profile]] = {}
    for profile in profiles:
        by_id.setdefault(profile.id, []).append(profile)
    for same in by_id.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                a_from, a_to = a.valid_from or _MIN, a.valid_to or _MAX
                b_from, b_to = b.valid_from or _MIN, b.valid_to or _MAX
                if a_from <= b_to and b_from <= a_to:
                    raise ProfileError(b.file, f"profile {b.id!r} overlaps the validity of the one at "
                                       f"{a.file}:{a.line}", line=b.line, field="valid_from")


def build_set(sources: Iterable[Source], sets: SetRegistry) -> ProfileSet:
    profiles = [build_profile(src, base, sets) for src in sources for base in _entries(src)]
    if not profiles:
        raise ProfileError("<profiles>", "no profiles found")
    _check_overlaps(profiles)
    profiles.sort(key=lambda p: (p.id, p.valid_from or _MIN))
    version = content_hash({"profiles": [p.version for p in profiles], "sets": sets.version})
    return ProfileSet(tuple(profiles), sets, version)


def load_profiles(profiles_dir: Path | None = None) -> ProfileSet:
    """`*.yaml` in the folder (None = the shipped profiles); reference sets from the shipped
    sets plus the folder's own `sets/` subfolder when it has one."""
    folder = Path(profiles_dir) if profiles_dir is not None else SHIPPED_PROFILES
    if not folder.is_dir():
        raise ProfileError(str(folder), "not a folder of profile files")
    set_dirs = [SHIPPED_DIR] + ([folder / "sets"] if (folder / "sets").is_dir() else [])
    sets = load_sets(set_dirs)
    return build_set([load_yaml(p) for p in sorted(folder.glob("*.yaml"))], sets)


def profiles_from_data(entries: Sequence[dict[str, Any]], sets: SetRegistry | None = None,
                       name: str = "<generated>") -> ProfileSet:
    """Profiles given as mappings (generated sets in benchmarks and tests)."""
    src = Source(name, {"profiles": list(entries)}, {})
    return build_set([src], sets if sets is not None else load_sets())

