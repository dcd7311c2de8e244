"""The screening engine: a frozen, compiled profile set that screens batches of declarations.

Build it off the hot path (profiles, reference sets, authorisations, sanctions
screener) and swap it between batches. `screen` is stateless: it returns the
hits that need no history and, in event order, the contributions that the
running-total stage (`rules.totals.apply_contributions`) turns into hits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rules.authorisations import AuthorisationIndex, draw_contributions, unknown_hits
from rules.columns import as_date, build_columns, event_days, flatten
from rules.compile import CompiledSet, compile_profiles
from rules.explain import match_hit
from rules.hits import Hit
from rules.kernels import evaluate
from rules.profiles import ProfileSet, load_profiles
from rules.profiles.schema import Profile
from rules.records import Authorisation, Declaration, Line
from rules.totals import Contribution, Level, Limits, manifest_for

if TYPE_CHECKING:
    from rules.sanctions import PartyScreener


@dataclass
class Screened:
    hits: list[Hit] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)


def _filters_pass(profile: Profile, decl: Declaration, day: dt.date) -> bool:
    return (profile.active_on(day) and (not profile.directions or decl.direction in profile.directions)
            and (not profile.declaration_types or decl.declaration_type in profile.declaration_types))


def importer_of(decl: Declaration) -> tuple[str, str] | None:
    """(EORI, role): the importer's, else the declarant's; None when neither is given."""
    for role in ("importer", "declarant"):
        party = getattr(decl, role)
        if party is not None and party.eori:
            return party.eori, role
    return None


def importer_year_contribution(profile: Profile, decl: Declaration, line: Line, day: dt.date) -> Contribution | None:
    who = importer_of(decl)
    if who is None or profile.total is None:
        return None
    eori, role = who
    return Contribution(
        total_key=f"{profile.id}:{eori}:{day.year}", declaration_key=decl.key, declaration_version=decl.version,
        event_id=decl.event_id, item_number=line.item_number, event_time=decl.event_time,
        amount=line.net_mass_kg or 0.0, limit=profile.total.limit,
        levels=[Level(f, f"{profile.id}.warning_{round(f * 100)}") for f in profile.total.warning_levels],
        limit_rule_id=profile.id, rule_version=profile.version, queue=profile.queue, severity=profile.severity,
        unit="kg", subject=(profile.total.subject or "the {year} total of {role} {eori}").format(
            eori=eori, role=role, year=day.year),
        note=f"{profile.total.note or ''} ({profile.legal_basis})",
        evidence={"eori": eori, "eori_of": role, "year": day.year, "commodity_code": line.commodity_code,
                  "origin_country": line.origin_country, "procedure_code": line.procedure_code,
                  "documents": ", ".join(d.code for d in line.documents) or None},
    )


def authorisation_limits(index: AuthorisationIndex) -> Limits:
    """The current limit of every authorisation total (they replace the limits contributions carry)."""
    overrides: dict[str, float] = {}
    for a in index.by_reference.values():
        if a.max_quantity is not None and a.quantity_unit is not None:
            overrides[f"auth:{a.reference}:quantity"] = a.max_quantity
        if a.max_value_eur is not None:
            overrides[f"auth:{a.reference}:value"] = a.max_value_eur
    return Limits(overrides)


class Engine:
    """Frozen, compiled screening set. Build off the hot path, swap between batches."""

    def __init__(self, profile_set: ProfileSet, authorisations: AuthorisationIndex,
                 party_screener: "PartyScreener | None" = None) -> None:
        self.profile_set = profile_set
        self._overrun = [p for p in profile_set.profiles if p.total is not None and p.total.key == "authorisation"]
        self._unknown = [p for p in profile_set.profiles if p.kind == "unknown_authorisation"]
        write_off = tuple(d for p in self._overrun + self._unknown for d in p.conditions.documents_present)
        self.compiled: CompiledSet = compile_profiles(tuple(p for p in profile_set.profiles if p.in_kernel), write_off)
        self._write_off = self.compiled.document_mask(write_off)
        self.authorisations = authorisations
        self.party_screener = party_screener
        self.profile_version: str = profile_set.version
        self.list_version: str | None = party_screener.version if party_screener is not None else None
        self.limits: Limits = authorisation_limits(authorisations)   # for the running-total stage

    @classmethod
    def build(cls, profiles_dir: Path | None = None, authorisations: Sequence[Authorisation] = (),
              party_screener: "PartyScreener | None" = None, sample_rate: float | None = None) -> "Engine":
        return cls.from_profiles(load_profiles(profiles_dir), authorisations, party_screener, sample_rate)

    @classmethod
    def from_profiles(cls, profile_set: ProfileSet, authorisations: Sequence[Authorisation] = (),
                      party_screener: "PartyScreener | None" = None, sample_rate: float | None = None) -> "Engine":
        if sample_rate is not None:
            if not 0 <= sample_rate <= 1:
                raise ValueError("the sample rate is a fraction between 0 and 1")
            profiles = tuple(dataclasses.replace(p, rate=sample_rate) if p.kind == "sample" else p
                             for p in profile_set.profiles)
            profile_set = dataclasses.replace(profile_set, profiles=profiles)
        return cls(profile_set, AuthorisationIndex.build(authorisations), party_screener)

    def screen(self, events: Sequence[Declaration], detected_at: str) -> Screened:
        lines, owner = flatten(events)
        if not lines:
            return Screened()
        out = Screened()
        per_line: dict[int, list[Contribution]] = {}
        day_numbers = event_days(events)
        columns = build_columns(events, lines, owner, self.compiled, day_numbers)
        matched_lines, matched_profiles = evaluate(columns, self.compiled)
        for i, p in zip(matched_lines.tolist(), matched_profiles.tolist()):
            profile, decl = self.compiled.profiles[p], events[owner[i]]
            if profile.kind == "running_total":
                c = importer_year_contribution(profile, decl, lines[i], as_date(day_numbers[owner[i]]))
                if c is not None:
                    per_line.setdefault(i, []).append(c)
            else:
                out.hits.append(match_hit(profile, decl, lines[i], detected_at))
        citing = np.flatnonzero((columns.docs & self._write_off).any(axis=1))
        candidates = sorted({owner[i] for i in citing.tolist()} | {d for d, e in enumerate(events) if e.authorisations})
        out.hits += self._authorisation_stage(events, candidates, day_numbers, per_line, detected_at)
        if self.party_screener is not None:
            out.hits += self.party_screener.hits(events, detected_at)
        out.contributions = _in_event_order(events, per_line, owner)
        return out

    def _authorisation_stage(self, events: Sequence[Declaration], candidates: list[int], day_numbers: list[int],
                             per_line: dict[int, list[Contribution]], detected_at: str) -> list[Hit]:
        """Declarations citing authorisations: unknown references, and the lines' draws."""
        hits: list[Hit] = []
        first_line = list(accumulate((len(e.lines) for e in events), initial=0))
        for d in candidates:
            decl, day = events[d], as_date(day_numbers[d])
            for profile in self._unknown:
                if _filters_pass(profile, decl, day):
                    hits += unknown_hits(profile, decl, self.authorisations, detected_at)
            for profile in self._overrun:
                if not _filters_pass(profile, decl, day):
                    continue
                for offset, line in enumerate(decl.lines):
                    drawn = draw_contributions(profile, decl, line, day, self.authorisations)
                    if drawn:
                        per_line.setdefault(first_line[d] + offset, []).extend(drawn)
        return hits


def _in_event_order(events: Sequence[Declaration], per_line: dict[int, list[Contribution]],
                    owner: list[int]) -> list[Contribution]:
    """Each declaration's line contributions in line order, after its manifest (when it has
    contributions, or is an amendment that may withdraw earlier ones)."""
    by_event: dict[int, list[Contribution]] = {}
    for i in sorted(per_line):
        by_event.setdefault(owner[i], []).extend(per_line[i])
    out: list[Contribution] = []
    for d, decl in enumerate(events):
        mine = by_event.get(d)
        if mine or decl.version > 1:
            mine = mine or []
            out.append(manifest_for(decl.key, decl.version, decl.event_id, decl.event_time, mine))
            out += mine
    return out
