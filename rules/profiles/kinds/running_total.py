"""Kind `running_total`: lines add to a total with warning levels and a limit (rules.totals).

Two keys: `importer_year` (the importer's, else the declarant's, net mass in a
calendar year, with the limit in the profile) runs in the kernel; `authorisation`
(what lines draw on an authorisation they cite, with the limits of the
authorisation data) runs at the authorisation stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rules.authorisations import AuthorisationIndex, draw_contributions
from rules.profiles.kinds.base import Found, ProfileKind, Stage
from rules.profiles.reading import Ctx, number, template
from rules.profiles.schema import Profile, Total
from rules.records import Declaration, Line
from rules.totals import Contribution, Level

TOTAL_KEYS = ("importer_year", "authorisation")
TOTAL_MEASURES = {"importer_year": ("net_mass_kg",), "authorisation": ("authorisation",)}
# placeholders of a running total's `subject`, per key
SUBJECT_FIELDS = {"importer_year": frozenset({"eori", "role", "year"}),
                  "authorisation": frozenset({"measure", "type", "reference"})}


def read_total(ctx: Ctx, value: Any) -> Total:
    spec = ctx.mapping(value, ("total",), {"key", "measure", "limit", "warning_levels", "subject", "note"})
    key = spec.get("key")
    if key not in TOTAL_KEYS:
        raise ctx.fail(("total", "key"), f"`key` must be one of {list(TOTAL_KEYS)}")
    measure = spec.get("measure", TOTAL_MEASURES[key][0])
    if measure not in TOTAL_MEASURES[key]:
        raise ctx.fail(("total", "measure"), f"`measure` for key {key} must be one of {list(TOTAL_MEASURES[key])}")
    limit = None
    if key == "importer_year":
        if "limit" not in spec:
            raise ctx.fail(("total", "limit"), "a total per importer and year needs a `limit`")
        limit = number(ctx, spec["limit"], ("total", "limit"))
    elif "limit" in spec:
        raise ctx.fail(("total", "limit"), "authorisation limits come from the authorisation data")
    levels = spec.get("warning_levels", [])
    if not isinstance(levels, list):
        raise ctx.fail(("total", "warning_levels"), "must be a list of fractions of the limit")
    parsed = tuple(number(ctx, v, ("total", "warning_levels", i)) for i, v in enumerate(levels))
    if any(not 0 < v < 1 for v in parsed) or list(parsed) != sorted(set(parsed)):
        raise ctx.fail(("total", "warning_levels"), "warning levels are rising fractions between 0 and 1")
    subject = template(ctx, spec.get("subject"), ("total", "subject"), SUBJECT_FIELDS[key])
    note = template(ctx, spec.get("note"), ("total", "note"), frozenset())
    return Total(key, measure, limit, parsed, subject, note)


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


class RunningTotalKind(ProfileKind):
    name = "running_total"
    fields = frozenset({"total"})

    def read(self, ctx: Ctx, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"total": read_total(ctx, data.get("total"))}

    def stage(self, profile: Profile) -> Stage:
        by_importer = profile.total is not None and profile.total.key == "importer_year"
        return Stage.KERNEL if by_importer else Stage.AUTHORISATION

    def on_match(self, profile: Profile, decl: Declaration, line: Line, day: dt.date,
                 detected_at: str) -> Contribution | None:
        return importer_year_contribution(profile, decl, line, day)

    def on_declaration(self, profile: Profile, decl: Declaration, day: dt.date, index: AuthorisationIndex,
                       detected_at: str) -> Found:
        found = Found()
        for position, line in enumerate(decl.lines):
            drawn = draw_contributions(profile, decl, line, day, index)
            if drawn:
                found.draws[position] = drawn
        return found
