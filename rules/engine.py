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

from rules.authorisations import AuthorisationIndex
from rules.columns import as_date, build_columns, event_days, flatten
from rules.compile import CompiledSet, compile_profiles
from rules.hits import Hit
from rules.kernels import evaluate
from rules.profiles import ProfileSet, load_profiles
from rules.profiles.kinds import Stage, kind_of, stage_of
from rules.profiles.schema import Profile
from rules.records import Authorisation, Declaration
from rules.totals import Contribution, Limits, manifest_for

if TYPE_CHECKING:
    from rules.sanctions import PartyScreener


@dataclass
class Screened:
    hits: list[Hit] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)


def _filters_pass(profile: Profile, decl: Declaration, day: dt.date) -> bool:
    return (profile.active_on(day) and (not profile.directions or decl.direction in profile.directions)
            and (not profile.declaration_types or decl.declaration_type in profile.declaration_types))


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
        by_stage: dict[Stage, list[Profile]] = {stage: [] for stage in Stage}
        for p in profile_set.profiles:
            by_stage[stage_of(p)].append(p)
        self._authorisation_profiles = by_stage[Stage.AUTHORISATION]
        # the authorisation stage finds its declarations by these documents in the line columns
        write_off = tuple(d for p in self._authorisation_profiles for d in p.conditions.documents_present)
        self.compiled: CompiledSet = compile_profiles(tuple(by_stage[Stage.KERNEL]), write_off)
        self._on_match = [kind_of(p).on_match for p in self.compiled.profiles]
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
            profiles = tuple(dataclasses.replace(p, rate=sample_rate) if p.rate is not None else p
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
            d = owner[i]
            found = self._on_match[p](self.compiled.profiles[p], events[d], lines[i], as_date(day_numbers[d]),
                                      detected_at)
            if isinstance(found, Contribution):
                per_line.setdefault(i, []).append(found)
            elif found is not None:
                out.hits.append(found)
        citing = np.flatnonzero((columns.docs & self._write_off).any(axis=1))
        candidates = sorted({owner[i] for i in citing.tolist()} | {d for d, e in enumerate(events) if e.authorisations})
        out.hits += self._authorisation_stage(events, candidates, day_numbers, per_line, detected_at)
        if self.party_screener is not None:
            out.hits += self.party_screener.hits(events, detected_at)
        out.contributions = _in_event_order(events, per_line, owner)
        return out

    def _authorisation_stage(self, events: Sequence[Declaration], candidates: list[int], day_numbers: list[int],
                             per_line: dict[int, list[Contribution]], detected_at: str) -> list[Hit]:
        """Declarations citing authorisations, through the profiles of this stage: hits (unknown
        references) and the lines' draws on running totals."""
        hits: list[Hit] = []
        first_line = list(accumulate((len(e.lines) for e in events), initial=0))
        for d in candidates:
            decl, day = events[d], as_date(day_numbers[d])
            for profile in self._authorisation_profiles:
                if not _filters_pass(profile, decl, day):
                    continue
                found = kind_of(profile).on_declaration(profile, decl, day, self.authorisations, detected_at)
                hits += found.hits
                for position, drawn in found.draws.items():
                    per_line.setdefault(first_line[d] + position, []).extend(drawn)
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
