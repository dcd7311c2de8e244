"""MRNs, LRNs, event ids and the event clock."""

from __future__ import annotations

import re

from loadtest.ids import EventClock, Identifiers, _iso6346_check


def test_iso6346_check_digit_matches_a_known_container_number() -> None:
    assert _iso6346_check("CSQU305438") == "3"


def test_mrns_are_unique_well_formed_and_check_digit_correct() -> None:
    ids = Identifiers(seed=7, year=2026)
    mrns = [ids.mrn(letter) for letter in "JART" * 2000]
    assert len(set(mrns)) == len(mrns)
    for mrn in mrns:
        assert re.fullmatch(r"26NL[A-Z0-9]{14}", mrn)
        assert mrn[-1] == _iso6346_check(mrn[:-1])


def test_seeds_give_disjoint_identifiers() -> None:
    a, b = Identifiers(1, 2026), Identifiers(2, 2026)
    assert {a.mrn("J") for _ in range(3000)}.isdisjoint({b.mrn("J") for _ in range(3000)})
    assert {a.event_id() for _ in range(3000)}.isdisjoint({b.event_id() for _ in range(3000)})


def test_lrns_fit_the_contract_and_event_ids_are_unique() -> None:
    ids = Identifiers(seed=123456789, year=2026)
    assert all(len(ids.lrn("PKG")) <= 22 for _ in range(1000))
    events = [ids.event_id() for _ in range(10000)]
    assert len(set(events)) == len(events) and all(len(e) == 36 for e in events)


def test_clock_formats_milliseconds_and_dates() -> None:
    clock = EventClock("2026-12-31T23:59:59Z")
    assert clock.now() == "2026-12-31T23:59:59.000Z" and clock.date() == "2026-12-31"
    clock.advance(1234)
    assert clock.now() == "2027-01-01T00:00:00.234Z" and clock.date() == "2027-01-01"
