"""hit_id depends on the hit's key alone."""

from __future__ import annotations

from rules.hits import Hit, hit_from_json, hit_to_json, hit_id


def test_hit_id_is_stable_and_distinguishes_every_key_part() -> None:
    base = ("26NL0000000000001A", 1, 3, "embargo.ru_cars", "abc123")
    assert hit_id(*base) == hit_id(*base)
    variants = [
        ("26NL0000000000001B", 1, 3, "embargo.ru_cars", "abc123"),
        ("26NL0000000000001A", 2, 3, "embargo.ru_cars", "abc123"),
        ("26NL0000000000001A", 1, 4, "embargo.ru_cars", "abc123"),
        ("26NL0000000000001A", 1, None, "embargo.ru_cars", "abc123"),
        ("26NL0000000000001A", 1, 3, "embargo.ru_steel", "abc123"),
        ("26NL0000000000001A", 1, 3, "embargo.ru_cars", "abc124"),
    ]
    ids = {hit_id(*v) for v in [base, *variants]}
    assert len(ids) == len(variants) + 1


def test_field_separator_prevents_concatenation_collisions() -> None:
    pairs = [("AB", "C"), ("A", "BC")]
    ids = {hit_id(key, 1, None, rule, "v") for key, rule in pairs}
    assert len(ids) == 2


def test_hit_json_round_trip() -> None:
    hit = Hit(
        hit_id=hit_id("K", 1, 1, "r", "v"), event_id="e", declaration_key="K", declaration_version=1,
        queue="overrun", severity="warning", rule_id="r", rule_version="v", score=0.8,
        reason="Authorisation IPO-1 is at 81% of its quantity.", detected_at="2026-01-01T00:00:00Z",
        item_number=1, evidence={"total": 81.0, "limit": 100.0, "reference": "IPO-1", "note": None},
    )
    assert hit_from_json(hit_to_json(hit)) == hit
