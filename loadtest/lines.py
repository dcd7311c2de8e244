"""Goods items (declaration lines) in the contract's JSON form, one builder per kind of declaration.

These sit on the hot path (hundreds of thousands of calls a second), so they
index tuples with `random()` instead of calling `choice`/`uniform`, and leave
out optional fields a real message of that type would not carry.
"""

from __future__ import annotations

import random
from typing import Any

from loadtest.catalogue import ECOMMERCE, ECOMMERCE_ORIGINS, Goods

Line = dict[str, Any]
# Amounts are cut to cents and masses to grams with int(x * 100) / 100: round(x, 2)
# goes through a decimal conversion and costs several times more on this path.
# H7 is for consignments of intrinsic value up to EUR 150: keep every parcel below it.
H7_CEILING_EUR = 149.0


def pick(rng: random.Random, items: tuple[Any, ...] | list[Any]) -> Any:
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, bounds: tuple[float, float]) -> float:
    return bounds[0] + rng.random() * (bounds[1] - bounds[0])


def h7_line(rng: random.Random, item: int, lines: int, origin: str, ioss: bool) -> Line:
    """Low-value e-commerce: HS-6, intrinsic value, no net mass (H7 does not ask for it)."""
    random = rng.random
    code, description, price = ECOMMERCE[int(random() * len(ECOMMERCE))]
    value = min(int(price * (40.0 + 120.0 * random())) / 100, H7_CEILING_EUR / lines)
    return {
        "item_number": item,
        "commodity_code": code,
        "description": description,
        "procedure_code": "4000",
        # C07: relief for consignments of negligible value; F48: VAT paid through IOSS.
        "additional_procedure_codes": ["C07", "F48"] if ioss else ["C07"],
        "origin_country": origin,
        "dispatch_country": origin,
        "net_mass_kg": None,
        "gross_mass_kg": int(50.0 + 1500.0 * random()) / 1000,
        "value_eur": value,
    }


def ecommerce_origin(rng: random.Random) -> str:
    return pick(rng, ECOMMERCE_ORIGINS)


def goods_line(
    rng: random.Random, item: int, goods: Goods, *, procedure: str, origin: str,
    dispatch: str | None = None, mass: float | None = None, documents: list[dict[str, Any]] | None = None,
) -> Line:
    """A standard import line (H1): TARIC/CN code, procedure, net mass, statistical value."""
    net = int((mass if mass is not None else between(rng, goods.kg)) * 1000) / 1000
    value = int(net * between(rng, goods.eur_per_kg) * 100) / 100
    line: Line = {
        "item_number": item,
        "commodity_code": pick(rng, goods.codes),
        "description": goods.description,
        "procedure_code": procedure,
        "origin_country": origin,
        "dispatch_country": dispatch or origin,
        "net_mass_kg": net,
        "gross_mass_kg": int(net * 1060) / 1000,
        "value_eur": value,
        "documents": documents if documents is not None else [invoice(rng)],
    }
    if goods.unit_kg:
        line["supplementary_units"] = float(max(1, round(net / goods.unit_kg)))
    return line


def export_line(rng: random.Random, item: int, code: str, description: str, goods: Goods | None,
                destination: str, procedure: str) -> Line:
    """An export line (B1): CN-8, destination, mass and value."""
    net = int((between(rng, goods.kg) if goods else 5.0 + 400.0 * rng.random()) * 1000) / 1000
    value = int(net * (between(rng, goods.eur_per_kg) if goods else 80.0 + 900.0 * rng.random()) * 100) / 100
    return {
        "item_number": item,
        "commodity_code": code,
        "description": description,
        "procedure_code": procedure,
        "origin_country": goods.origins[0] if goods else "NL",
        "export_country": "NL",
        "destination_country": destination,
        "net_mass_kg": net,
        "gross_mass_kg": int(net * 1080) / 1000,
        "value_eur": value,
        "documents": [{"code": "N380", "reference": f"INV-{int(rng.random() * 10**7):07d}"}],
    }


def ens_line(rng: random.Random, item: int, dispatch: str) -> Line:
    """An entry summary (ICS2) house item: HS-6, description, gross mass; no value, no procedure."""
    code, description, _ = pick(rng, ECOMMERCE)
    return {
        "item_number": item,
        "commodity_code": code,
        "description": description,
        "dispatch_country": dispatch,
        "gross_mass_kg": int(100.0 + 30000.0 * rng.random()) / 1000,
    }


def transit_line(rng: random.Random, item: int, goods: Goods, destination: str) -> Line:
    """A transit item (NCTS): code, gross mass, countries; transit carries no statistical value."""
    gross = int(between(rng, goods.kg) * 1060) / 1000
    return {
        "item_number": item,
        "commodity_code": goods.codes[0][:8],
        "description": goods.description,
        "origin_country": pick(rng, goods.origins),
        "dispatch_country": "NL",
        "destination_country": destination,
        "gross_mass_kg": gross,
    }


def invoice(rng: random.Random) -> dict[str, Any]:
    """N935: the invoice the customs value is declared on."""
    return {"code": "N935", "reference": f"INV-{int(rng.random() * 10**7):07d}"}


def cbam_account(eori: str, year: int) -> str:
    """Y128 reference: CBAM-XX-YYYY-AAA + 11 digits, stable per importer."""
    digits = int(eori[2:]) * 7 % 10**11
    return f"CBAM-NL-{year}-AAA{digits:011d}"
