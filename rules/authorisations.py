"""Authorisations with limits: which lines draw on which authorisation, and unknown references.

A line draws on authorisation R when it carries a write-off document (C601, N990,
C990) with reference R, or when its declaration lists R in DE 12 12; each
(line, R) counts once, and only inside R's validity and commodity prefixes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from rules.hits import Hit, hit_id
from rules.profiles.schema import Profile, Total
from rules.records import Authorisation, Declaration, Line
from rules.refsets import content_hash
from rules.totals import Contribution, Level

UNITS = {"KGM": "kg", "NAR": "units", "LTR": "l"}


@dataclass(frozen=True)
class AuthorisationIndex:
    by_reference: dict[str, Authorisation]
    version: str

    @classmethod
    def build(cls, records: Sequence[Authorisation]) -> "AuthorisationIndex":
        """A later record of the same reference replaces the earlier one (compacted-topic semantics)."""
        by_reference = {a.reference: a for a in records}
        return cls(by_reference, content_hash([msgspec.to_builtins(a) for a in by_reference.values()]))

    def get(self, reference: str | None) -> Authorisation | None:
        return None if reference is None else self.by_reference.get(reference)


def _applies(auth: Authorisation, line: Line, day: dt.date) -> bool:
    if not auth.valid_from <= day.isoformat() <= auth.valid_to:
        return False
    return not auth.commodity_prefixes or any(line.commodity_code.startswith(p) for p in auth.commodity_prefixes)


def line_references(line: Line, write_off: frozenset[str]) -> list[tuple[str, str | None]]:
    """(document code, reference) of the line's write-off documents."""
    return [(d.code, d.reference) for d in line.documents if d.code in write_off]


def draws(decl: Declaration, line: Line, day: dt.date, index: AuthorisationIndex,
          write_off: frozenset[str]) -> list[tuple[Authorisation, str]]:
    """The known authorisations the line draws on, each once, with what cites it."""
    cited: dict[str, str] = {}
    for code, ref in line_references(line, write_off):
        if ref is not None and ref in index.by_reference:
            cited.setdefault(ref, f"document {code}")
    for ref in decl.authorisations:
        if ref.reference in index.by_reference:
            cited.setdefault(ref.reference, f"declared {ref.type} authorisation")
    out = []
    for reference, via in cited.items():
        auth = index.by_reference[reference]
        if _applies(auth, line, day):
            out.append((auth, via))
    return out


def _measure(profile: Profile, decl: Declaration, line: Line, auth: Authorisation, via: str,
             measure: str, amount: float | None, limit: float, unit: str) -> Contribution:
    base = f"{profile.id}.{measure}"
    total = profile.total or Total("authorisation", "authorisation")
    levels = total.warning_levels
    return Contribution(
        total_key=f"auth:{auth.reference}:{measure}", declaration_key=decl.key,
        declaration_version=decl.version, event_id=decl.event_id, item_number=line.item_number,
        event_time=decl.event_time, amount=amount or 0.0, limit=limit,
        levels=[Level(f, f"{base}.warning_{round(f * 100)}") for f in levels], limit_rule_id=f"{base}.limit",
        rule_version=profile.version, queue=profile.queue, severity=profile.severity, unit=unit,
        subject=(total.subject or "the {measure} drawn on {type} authorisation {reference}").format(
            measure=measure, type=auth.type, reference=auth.reference),
        note=f"{total.note or ''} ({profile.legal_basis})",
        evidence={"authorisation": auth.reference, "authorisation_type": auth.type, "holder_eori": auth.holder_eori,
                  "valid_from": auth.valid_from, "valid_to": auth.valid_to, "cited_by": via, "measure": measure,
                  "commodity_code": line.commodity_code},
    )


def draw_contributions(profile: Profile, decl: Declaration, line: Line, day: dt.date,
                       index: AuthorisationIndex) -> list[Contribution]:
    """Per drawn authorisation: a quantity contribution (KGM: net mass, NAR/LTR: supplementary
    units) and a value contribution, each only where the authorisation has that limit."""
    out = []
    for auth, via in draws(decl, line, day, index, frozenset(profile.conditions.documents_present)):
        if auth.max_quantity is not None and auth.quantity_unit is not None:
            amount = line.net_mass_kg if auth.quantity_unit == "KGM" else line.supplementary_units
            out.append(_measure(profile, decl, line, auth, via, "quantity", amount, auth.max_quantity,
                                UNITS[auth.quantity_unit]))
        if auth.max_value_eur is not None:
            out.append(_measure(profile, decl, line, auth, via, "value", line.value_eur, auth.max_value_eur, "EUR"))
    return out


def _unknown_hit(profile: Profile, decl: Declaration, item: int | None, refs: list[str], cited: str,
                 detected_at: str) -> Hit:
    names = ", ".join(refs)
    where = f"Line {item} cites" if item is not None else "The declaration lists"
    return Hit(
        hit_id=hit_id(decl.key, decl.version, item, profile.id, profile.version), event_id=decl.event_id,
        declaration_key=decl.key, declaration_version=decl.version, queue=profile.queue,  # type: ignore[arg-type]
        rule_id=profile.id, rule_version=profile.version, score=1.0,
        reason=f"{where} authorisation {names} ({cited}), which is not in the authorisation data.",
        detected_at=detected_at, item_number=item, severity=profile.severity,  # type: ignore[arg-type]
        evidence={"references": names, "cited_by": cited, "legal_basis": profile.legal_basis},
        event_time=decl.event_time,
    )


def unknown_hits(profile: Profile, decl: Declaration, index: AuthorisationIndex, detected_at: str) -> list[Hit]:
    """One hit per line citing unknown references in write-off documents (a document without a
    reference cites nothing known either), one per declaration for unknown declared references."""
    write_off = frozenset(profile.conditions.documents_present)
    out = []
    for line in decl.lines:
        missing = [(code, ref) for code, ref in line_references(line, write_off) if index.get(ref) is None]
        if missing:
            refs = list(dict.fromkeys(ref or "(no reference)" for _, ref in missing))
            codes = ", ".join(dict.fromkeys(code for code, _ in missing))
            out.append(_unknown_hit(profile, decl, line.item_number, refs, f"document {codes}", detected_at))
    declared = [a for a in decl.authorisations
                if a.type in profile.authorisation_types and a.reference not in index.by_reference]
    if declared:
        refs = list(dict.fromkeys(a.reference for a in declared))
        types = ", ".join(dict.fromkeys(a.type for a in declared))
        out.append(_unknown_hit(profile, decl, None, refs, f"declared {types}", detected_at))
    return out
