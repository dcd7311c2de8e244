"""Hits from kernel matches: a one-sentence reason and the evidence a reviewer checks.

Matches are rare, so this runs in Python on the few (line, profile) pairs the
kernel returned and re-derives which prefix, country and document matched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rules.codes import display_code
from rules.hits import EvidenceValue, Hit, hit_id
from rules.profiles.schema import Profile
from rules.records import Declaration, Line

FIELD_NAMES = {"origin": "country of origin", "dispatch": "country of dispatch",
               "export": "country of export", "destination": "country of destination"}


def line_country(line: Line, field: str) -> str | None:
    return getattr(line, f"{field}_country")


def matched_prefix(profile: Profile, code: str) -> str | None:
    found = [p for p in profile.conditions.commodity_include if code.startswith(p)]
    return max(found, key=len) if found else None


def countries_text(profile: Profile, line: Line) -> str:
    parts: list[str] = []
    for clause in profile.conditions.countries:
        for field in clause.fields:
            value = line_country(line, field)
            if value is not None and (clause.negate or value in clause.codes):
                part = f"{FIELD_NAMES[field]} {value}"
                if part not in parts:
                    parts.append(part)
    return " and ".join(parts) or "no country condition"


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "none"
    return f"EUR {value:,.2f}" if unit == "EUR" else f"{value:,.3f}".rstrip("0").rstrip(".") + f" {unit}"


def _fields(profile: Profile, decl: Declaration, line: Line) -> dict[str, object]:
    return {
        "item": line.item_number, "code": display_code(line.commodity_code), "direction": decl.direction.lower(),
        "origin": line.origin_country or "none", "dispatch": line.dispatch_country or "none",
        "export": line.export_country or "none", "destination": line.destination_country or "none",
        "countries": countries_text(profile, line),
        "documents": ", ".join(d.code for d in line.documents) or "none",
        "procedure": line.procedure_code or "none", "value": _amount(line.value_eur, "EUR"),
        "mass": _amount(line.net_mass_kg, "kg"), "title": profile.title, "legal_basis": profile.legal_basis,
        "declaration_type": decl.declaration_type,
    }


def reason(profile: Profile, decl: Declaration, line: Line, default: Callable[[Mapping[str, object]], str]) -> str:
    """The profile's `reason` template filled in, else the kind's own sentence (`default`)."""
    fields = _fields(profile, decl, line)
    return profile.reason.format(**fields) if profile.reason else default(fields)


def evidence(profile: Profile, decl: Declaration, line: Line) -> dict[str, EvidenceValue]:
    """What the profile's conditions looked at on this line."""
    c = profile.conditions
    out: dict[str, EvidenceValue] = {"commodity_code": line.commodity_code, "direction": decl.direction,
                                     "declaration_type": decl.declaration_type, "legal_basis": profile.legal_basis}
    if c.commodity_include:
        out["matched_prefix"] = matched_prefix(profile, line.commodity_code)
        out["commodity_sets"] = ", ".join(c.commodity_sets) or None
    for clause in c.countries:
        for field in clause.fields:
            out[f"{field}_country"] = line_country(line, field)
    if c.procedures:
        out["procedure_code"] = line.procedure_code
    if c.documents_present or c.documents_absent:
        out["documents"] = ", ".join(d.code for d in line.documents) or None
    if c.documents_absent:
        out["documents_required_any_of"] = ", ".join(c.documents_absent)
    if c.value_eur is not None:
        out["value_eur"] = line.value_eur
    if c.net_mass_kg is not None:
        out["net_mass_kg"] = line.net_mass_kg
    return out


def match_hit(profile: Profile, decl: Declaration, line: Line, detected_at: str,
              default_reason: Callable[[Mapping[str, object]], str],
              extra: Mapping[str, EvidenceValue] | None = None) -> Hit:
    """The hit of a line match: the kind gives its default sentence and its own evidence."""
    rule_id = profile.id
    return Hit(
        hit_id=hit_id(decl.key, decl.version, line.item_number, rule_id, profile.version),
        event_id=decl.event_id, declaration_key=decl.key, declaration_version=decl.version,
        queue=profile.queue, rule_id=rule_id, rule_version=profile.version, score=1.0,  # type: ignore[arg-type]
        reason=reason(profile, decl, line, default_reason), detected_at=detected_at, item_number=line.item_number,
        severity=profile.severity,  # type: ignore[arg-type]
        evidence={**evidence(profile, decl, line), **(extra or {})}, event_time=decl.event_time,
    )
