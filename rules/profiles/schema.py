"""The validated, resolved form of a risk profile (what the compiler and the explainer read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PROFILE_QUEUES = ("embargo", "cbam", "overrun", "sample")
SEVERITIES = ("info", "warning", "hit")
# placeholders a `reason` template may use; explain.py fills them
REASON_FIELDS = frozenset({
    "item", "code", "direction", "origin", "dispatch", "export", "destination", "countries",
    "documents", "procedure", "value", "mass", "title", "legal_basis", "declaration_type",
})


@dataclass(frozen=True)
class Bounds:
    """Inclusive bounds; an exclusive bound is stored as the next float inward."""

    lo: float
    hi: float


@dataclass(frozen=True)
class CountryClause:
    fields: tuple[str, ...]          # of codes.COUNTRY_FIELDS
    negate: bool                     # False: any field in the set; True: every field present and outside it
    codes: frozenset[str]
    sets: tuple[str, ...]            # set names, for the evidence


@dataclass(frozen=True)
class Conditions:
    commodity_include: tuple[str, ...] = ()
    commodity_except: tuple[str, ...] = ()
    commodity_sets: tuple[str, ...] = ()
    countries: tuple[CountryClause, ...] = ()
    procedures: tuple[str, ...] = ()
    documents_present: tuple[str, ...] = ()
    documents_absent: tuple[str, ...] = ()
    value_eur: Bounds | None = None
    net_mass_kg: Bounds | None = None


@dataclass(frozen=True)
class Total:
    key: str                                   # importer_year | authorisation
    measure: str
    limit: float | None = None                 # importer_year: the threshold; authorisation: from the data
    warning_levels: tuple[float, ...] = ()
    subject: str | None = None                 # what the total is, for the reason (template)
    note: str | None = None                    # what going above the limit means


@dataclass(frozen=True)
class Profile:
    id: str
    title: str
    description: str
    legal_basis: str
    queue: str
    severity: str
    kind: str                        # a name in rules.profiles.kinds.KINDS, which says what it adds
    version: str
    file: str
    line: int | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    directions: tuple[str, ...] = ()
    declaration_types: tuple[str, ...] = ()
    conditions: Conditions = field(default_factory=Conditions)
    # the kinds' own fields (rules.profiles.kinds): sample, running_total, unknown_authorisation
    rate: float | None = None
    total: Total | None = None
    authorisation_types: tuple[str, ...] = ()
    reason: str | None = None

    def active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
