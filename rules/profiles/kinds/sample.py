"""Kind `sample`: a reproducible random draw among the lines that meet the conditions.

The draw (splitmix64 of declaration key, item and a per-profile salt) runs in the
kernel from two columns only this kind sets: the rate and the salt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from rules.explain import match_hit
from rules.hits import EvidenceValue, Hit
from rules.profiles.kinds.base import ProfileKind
from rules.profiles.reading import Ctx, number
from rules.profiles.schema import Profile
from rules.records import Declaration, Line


def salt(profile_id: str) -> int:
    """The sample draw's per-profile salt: from the id alone, so it survives new versions."""
    return int.from_bytes(hashlib.blake2b(profile_id.encode(), digest_size=8).digest(), "little")


class SampleKind(ProfileKind):
    name = "sample"
    fields = frozenset({"sample"})
    queue = "sample"
    default_severity = "info"

    def read(self, ctx: Ctx, data: Mapping[str, Any]) -> dict[str, Any]:
        spec = ctx.mapping(data.get("sample"), ("sample",), {"rate"})
        rate = number(ctx, spec.get("rate"), ("sample", "rate"))
        if not 0 <= rate <= 1:
            raise ctx.fail(("sample", "rate"), "the rate is a fraction between 0 and 1")
        return {"rate": rate}

    def kernel_columns(self, profile: Profile) -> dict[str, float | int]:
        return {"p_rate": profile.rate if profile.rate is not None else 0.0, "p_salt": salt(profile.id)}

    def default_reason(self, profile: Profile, fields: Mapping[str, object]) -> str:
        return f"Line {fields['item']} ({fields['code']}) was drawn in the random sample of {profile.title.lower()}."

    def evidence(self, profile: Profile) -> dict[str, EvidenceValue]:
        return {"sample_rate": profile.rate}

    def on_match(self, profile: Profile, decl: Declaration, line: Line, day: dt.date, detected_at: str) -> Hit:
        return match_hit(profile, decl, line, detected_at, lambda fields: self.default_reason(profile, fields),
                         self.evidence(profile))
