"""Amendments: the same declaration again, one version up, with changed lines."""

from __future__ import annotations

import random
from typing import Any

from loadtest.lines import H7_CEILING_EUR
from loadtest.traffic import Traffic


def amend(event: dict[str, Any], rng: random.Random, traffic: Traffic, downward_only: bool = False) -> dict[str, Any]:
    """Next version of `event` (a decoded copy, changed in place): new event_id and time, same key.

    The change is what declarants amend most: a corrected value and mass, a
    line withdrawn, or a line added. `downward_only` keeps to withdrawals and
    corrections down, for declarations that feed a running total: the total
    can only shrink, so it stays below every alert level it was kept under.
    H7 stays below its EUR 150 ceiling.
    """
    event["event_id"] = traffic.ids.event_id()
    event["version"] += 1
    event["event_time"] = traffic.now
    lines = event["lines"]
    ceiling = H7_CEILING_EUR / len(lines) if event["declaration_type"] == "H7" else None
    u = rng.random()
    if u < 0.3 and len(lines) > 1:
        lines.pop()
    elif u < 0.55 and not downward_only and event["declaration_type"] != "H7":
        added = dict(lines[0], item_number=max(line["item_number"] for line in lines) + 1)
        added["documents"] = [dict(doc) for doc in lines[0].get("documents", [])]
        lines.append(_corrected(added, 0.8 + 0.4 * rng.random(), None))
    else:
        index = int(rng.random() * len(lines))
        factor = 0.8 + (0.18 if downward_only else 0.4) * rng.random()
        lines[index] = _corrected(lines[index], factor, ceiling)
    return event


def _corrected(line: dict[str, Any], factor: float, value_cap: float | None) -> dict[str, Any]:
    """Scale value, masses and units by `factor`; documents that quote them follow."""
    if line.get("value_eur") is not None:
        value = round(line["value_eur"] * factor, 2)
        line["value_eur"] = value if value_cap is None else min(value, value_cap)
    for field, digits in (("net_mass_kg", 3), ("gross_mass_kg", 3)):
        if line.get(field) is not None:
            line[field] = round(line[field] * factor, digits)
    if line.get("supplementary_units") is not None:
        line["supplementary_units"] = float(max(1, round(line["supplementary_units"] * factor)))
    for doc in line.get("documents", []):
        if doc.get("quantity") is not None:
            doc["quantity"] = line["net_mass_kg"] if doc.get("unit") == "KGM" else line["supplementary_units"]
        if doc.get("amount_eur") is not None:
            doc["amount_eur"] = line["value_eur"]
    return line
