"""What a reviewer reads on a case: the evidence of a hit in words, the sanctions match side by side."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote

LABELS: dict[str, str] = {
    "commodity_code": "Commodity code", "matched_prefix": "Listed under code", "commodity_sets": "Goods list",
    "origin_country": "Country of origin", "dispatch_country": "Country of dispatch",
    "destination_country": "Country of destination", "procedure_code": "Customs procedure",
    "documents": "Documents declared", "documents_required_any_of": "One of these documents is required",
    "value_eur": "Statistical value (EUR)", "net_mass_kg": "Net mass (kg)", "legal_basis": "Legal basis",
    "direction": "Direction", "declaration_type": "Declaration type", "sample_rate": "Sampling rate",
    "authorisation": "Authorisation", "authorisation_type": "Authorisation type", "holder_eori": "Holder (EORI)",
    "eori": "EORI", "eori_of": "EORI of", "year": "Year", "total_key": "Running total of",
    "line_amount": "This line adds", "running_total": "Running total after this line", "limit": "Limit",
    "level": "Level crossed", "references": "References", "cited_by": "Cited by",
    "party_role": "Party", "declared_name": "Declared name", "party_eori": "Party EORI",
    "matched_name": "Listed name", "entity_id": "List entry", "list": "List", "programme": "Programme",
    "entity_type": "Listed as", "score": "Match score", "why": "How the names match",
}
SIDE_BY_SIDE = ("party_role", "declared_name", "party_eori", "matched_name", "entity_id", "list", "programme",
                "entity_type", "score", "why")


def evidence_rows(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for every piece of evidence that has a value, in the engine's order."""
    return [(LABELS.get(k, k.replace("_", " ").capitalize()), _value(v)) for k, v in evidence.items()
            if v is not None and v != ""]


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def list_entry_url(entity_id: str) -> str | None:
    """The public page of a listed entity, by the list's own identifier."""
    source, _, ident = entity_id.partition("-")
    if source == "OFAC" and ident.isdigit():
        return f"https://sanctionssearch.ofac.treas.gov/Details.aspx?id={ident}"
    if source == "UN" and ident:
        return f"https://scsanctions.un.org/search/?keywords={quote(ident)}"
    if source == "EU" and ident:
        return f"https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions?q={quote(ident)}"
    return None


def sanctions_match(hit: dict[str, Any]) -> dict[str, Any] | None:
    """The declared party beside the listed entity, for a sanctions hit."""
    e = hit.get("evidence") or {}
    if hit.get("queue") != "sanctions" or "entity_id" not in e:
        return None
    return {"role": e.get("party_role"), "declared": e.get("declared_name"), "eori": e.get("party_eori"),
            "listed": e.get("matched_name"), "entity_id": e.get("entity_id"), "list": e.get("list"),
            "programme": e.get("programme") or "(no programme given)", "type": e.get("entity_type"),
            "score": e.get("score"), "why": e.get("why"), "url": list_entry_url(str(e.get("entity_id")))}


def by_line(hits: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Hits grouped under their goods line; party hits (no line) under the declaration."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for hit in hits:
        item = hit.get("item_number")
        groups["Declaration (parties)" if item is None else f"Line {item}"].append(hit)
    return sorted(groups.items(), key=lambda kv: (kv[0].startswith("Line"), _line_number(kv[0])))


def _line_number(label: str) -> int:
    return int(label.split()[1]) if label.startswith("Line ") else 0


def header(case_fields: dict[str, str], hits: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What the case knows of its declaration, from the case and its hits' evidence."""
    rows = [("Declaration", case_fields.get("declaration_key", "")), ("Version", case_fields.get("version", "")),
            ("Queue", case_fields.get("queue", ""))]
    first = hits[0] if hits else {}
    rows += [("Event", first.get("event_id") or ""), ("Event time", first.get("event_time") or "")]
    for name in ("declaration_type", "direction"):
        value = next((h["evidence"].get(name) for h in hits if (h.get("evidence") or {}).get(name)), None)
        if value:
            rows.append((LABELS[name], str(value)))
    parties = sorted({(m["role"], m["declared"], m["eori"] or "") for h in hits if (m := sanctions_match(h))})
    for role, name, eori in parties:
        rows.append((f"Party ({role})", f"{name}" + (f", EORI {eori}" if eori else "")))
    return rows
