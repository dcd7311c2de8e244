"""Amendments repeat no hit of the version they replace; redelivery gets the same hits again."""

from __future__ import annotations

from rules.ledger import new_hits

CAR = {"commodity_code": "87032319", "origin_country": "RU"}
STEEL = {"commodity_code": "72083900", "origin_country": "RU"}


def _screen(engine, events, store):
    hits = []
    for event in events:
        hits += new_hits([event], engine.screen([event], "2026-11-24T12:00:00Z").hits, store)
    return [(h.declaration_version, h.item_number, h.rule_id) for h in hits if h.queue == "embargo"]


def test_amendment_hits_only_where_it_differs(engine, decl):
    v1 = decl([CAR], lrn="L-AM")
    v2 = decl([CAR, STEEL], lrn="L-AM", version=2)
    v3 = decl([{**CAR, "origin_country": "JP"}, STEEL], lrn="L-AM", version=3)
    v4 = decl([CAR, STEEL], lrn="L-AM", version=4)
    assert _screen(engine, [v1, v2, v3, v4], {}) == [
        (1, 1, "embargo.ru.cars"), (2, 2, "embargo.ru.iron_steel"), (4, 1, "embargo.ru.cars")]


def test_redelivery_repeats_and_a_late_old_version_is_silent(engine, decl):
    v1 = decl([CAR], lrn="L-RD")
    v2 = decl([STEEL], lrn="L-RD", version=2)
    assert _screen(engine, [v1, v1, v2, v1], {}) == [
        (1, 1, "embargo.ru.cars"), (1, 1, "embargo.ru.cars"), (2, 1, "embargo.ru.iron_steel")]


def test_a_redelivered_amendment_still_holds_back_what_it_repeated(engine, decl):
    """v2 repeats v1's car hit (held back) and adds steel; v2 again, and the whole file replayed, give the
    steel hit again and never the repeat held back the first time."""
    v1 = decl([CAR], lrn="L-RA")
    v2 = decl([CAR, STEEL], lrn="L-RA", version=2)
    store: dict = {}
    assert _screen(engine, [v1, v2], store) == [(1, 1, "embargo.ru.cars"), (2, 2, "embargo.ru.iron_steel")]
    assert _screen(engine, [v2], store) == [(2, 2, "embargo.ru.iron_steel")]
    assert _screen(engine, [v1, v2], store) == [(2, 2, "embargo.ru.iron_steel")]
