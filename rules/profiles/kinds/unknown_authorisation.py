"""Kind `unknown_authorisation`: a line or declaration that cites an authorisation the data lacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rules.authorisations import AuthorisationIndex, unknown_hits
from rules.profiles.kinds.base import Found, ProfileKind, Stage
from rules.profiles.reading import Ctx
from rules.profiles.schema import Profile
from rules.records import Declaration


class UnknownAuthorisationKind(ProfileKind):
    name = "unknown_authorisation"
    fields = frozenset({"authorisation_types"})

    def read(self, ctx: Ctx, data: Mapping[str, Any]) -> dict[str, Any]:
        types = data.get("authorisation_types", [])
        if not isinstance(types, list) or not all(isinstance(t, str) and 0 < len(t) <= 4 for t in types):
            raise ctx.fail(("authorisation_types",), "a list of authorisation type codes (up to 4 characters)")
        return {"authorisation_types": tuple(types)}

    def stage(self, profile: Profile) -> Stage:
        return Stage.AUTHORISATION

    def on_declaration(self, profile: Profile, decl: Declaration, day: dt.date, index: AuthorisationIndex,
                       detected_at: str) -> Found:
        return Found(hits=unknown_hits(profile, decl, index, detected_at))
