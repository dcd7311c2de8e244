"""Kind `match`: a line that meets every condition is a hit on the profile's queue."""

from __future__ import annotations

import datetime as dt

from rules.explain import match_hit
from rules.hits import Hit
from rules.profiles.kinds.base import ProfileKind
from rules.profiles.schema import Profile
from rules.records import Declaration, Line


class MatchKind(ProfileKind):
    name = "match"

    def on_match(self, profile: Profile, decl: Declaration, line: Line, day: dt.date, detected_at: str) -> Hit:
        return match_hit(profile, decl, line, detected_at, lambda fields: self.default_reason(profile, fields),
                         self.evidence(profile))
