"""What a profile kind is: its own fields and how they validate, the stage that evaluates it, its
columns in the kernel arrays, and what a match of it gives (a hit with its explanation, or a
running-total contribution).

Every other module asks the kind (`rules.profiles.kinds.kind_of`) instead of testing its name.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rules.hits import EvidenceValue, Hit
from rules.profiles.reading import Ctx
from rules.profiles.schema import Profile
from rules.records import Declaration, Line
from rules.totals import Contribution

if TYPE_CHECKING:
    from rules.authorisations import AuthorisationIndex


class Stage(enum.Enum):
    KERNEL = "kernel"                  # the line kernel: one numba pass over every line of the batch
    AUTHORISATION = "authorisation"    # per declaration that cites authorisations, with their data


@dataclass
class Found:
    """What a kind found in one declaration at the authorisation stage."""

    hits: list[Hit] = field(default_factory=list)
    draws: dict[int, list[Contribution]] = field(default_factory=dict)   # line position -> contributions


class ProfileKind:
    name: ClassVar[str]
    fields: ClassVar[frozenset[str]] = frozenset()   # profile-file fields only this kind takes
    queue: ClassVar[str | None] = None               # a queue that takes exactly this kind's profiles
    default_severity: ClassVar[str] = "hit"

    def read(self, ctx: Ctx, data: Mapping[str, Any]) -> dict[str, Any]:
        """Validation: the kind's own `Profile` fields from its part of the profile mapping."""
        return {}

    def stage(self, profile: Profile) -> Stage:
        return Stage.KERNEL

    def kernel_columns(self, profile: Profile) -> dict[str, float | int]:
        """Compilation: this profile's values in the kernel arrays only this kind sets."""
        return {}

    def default_reason(self, profile: Profile, fields: Mapping[str, object]) -> str:
        """Explanation: the hit's sentence when the profile gives no `reason` template."""
        return (f"{profile.title}: line {fields['item']}, code {fields['code']}, {fields['countries']} "
                f"({profile.legal_basis}).")

    def evidence(self, profile: Profile) -> dict[str, EvidenceValue]:
        """Explanation: evidence of the kind beyond what the conditions matched."""
        return {}

    def on_match(self, profile: Profile, decl: Declaration, line: Line, day: dt.date,
                 detected_at: str) -> Hit | Contribution | None:
        """A kernel match of this profile: a hit, or a contribution to a running total."""
        raise NotImplementedError(f"profiles of kind {self.name} are not evaluated by the kernel")

    def on_declaration(self, profile: Profile, decl: Declaration, day: dt.date, index: "AuthorisationIndex",
                       detected_at: str) -> Found:
        """The authorisation stage for one declaration that passed the profile's filters."""
        raise NotImplementedError(f"profiles of kind {self.name} are not evaluated at the authorisation stage")
