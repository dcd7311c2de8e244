"""The profile kinds, one module each: a new kind is a module here and a line in `KINDS`.

Each kind gives its own profile fields and their validation, the stage that
evaluates it, its columns in the kernel arrays and what a match of it gives
(`base.ProfileKind`); validate.py, compile.py and the engine ask the kind.
"""

from __future__ import annotations

from rules.profiles.kinds.base import Found, ProfileKind, Stage
from rules.profiles.kinds.match import MatchKind
from rules.profiles.kinds.running_total import RunningTotalKind
from rules.profiles.kinds.sample import SampleKind
from rules.profiles.kinds.unknown_authorisation import UnknownAuthorisationKind
from rules.profiles.schema import Profile

KINDS: dict[str, ProfileKind] = {k.name: k for k in (MatchKind(), SampleKind(), RunningTotalKind(),
                                                      UnknownAuthorisationKind())}
DEFAULT_KIND = "match"
KIND_FIELDS: frozenset[str] = frozenset().union(*(k.fields for k in KINDS.values()))
# queues that take exactly the profiles of one kind
RESERVED_QUEUES: dict[str, str] = {k.queue: k.name for k in KINDS.values() if k.queue is not None}


def kind_of(profile: Profile) -> ProfileKind:
    return KINDS[profile.kind]


def stage_of(profile: Profile) -> Stage:
    return kind_of(profile).stage(profile)


__all__ = ["DEFAULT_KIND", "KINDS", "KIND_FIELDS", "RESERVED_QUEUES", "Found", "ProfileKind", "Stage", "kind_of",
           "stage_of"]
