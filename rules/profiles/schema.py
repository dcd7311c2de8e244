"""The validated, resolved form of a risk profile (what the compiler and the explainer read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# kind -> what evaluates it: the kernel (match, sample, importer running totals) or the
# authorisation stage, which needs the authorisation data and declaration-level references
KINDS = ("match", "sample", "running_total", "unknown_authorisation")
PROFILE_QUEUES = ("embargo", "cbam", "overrun", "sample")
SEVERITIES = ("info", "warning", "hit")
TOTAL_KEYS = ("importer_year", "authorisation")
TOTAL_MEASURES = {"importer_year": ("net_mass_kg",), "authorisation": ("authorisation",)}
# placeholders of a running total's `subject`, per key
SUBJECT_FIELDS = {"importer_year": frozenset({"eori", "role", "year"}),
                  "authorisation": frozenset({"measure", "type", "reference"})}
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
    kind: str
    version: str
    file: str
    line: int | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    directions: tuple[str, ...] = ()
    declaration_types: tuple[str, ...] = ()
    conditions: Conditions = field(default_factory=Conditions)
    rate: float | None = None
    total: Total | None = None
    authorisation_types: tuple[str, ...] = ()
    reason: str | None = None

    def active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def in_kernel(self) -> bool:
        """Evaluated by the line kernel (the rest needs authorisation data)."""
        return self.kind in ("match", "sample") or (self.total is not None and self.total.key == "importer_year")
