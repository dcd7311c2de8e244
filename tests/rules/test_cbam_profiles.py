"""Shipped CBAM profiles (domain brief section 1): status codes, Y137 misuse, the 50-tonne rule."""

from __future__ import annotations

import pytest

STATUS_CODES = ["Y128", "Y238", "Y137", "Y134", "Y135", "Y136", "Y237"]
STEEL = {"commodity_code": "7208390000", "procedure_code": "4000", "origin_country": "TR"}

# (case, header, line, expected cbam rule ids)
STATUS_CASES = [
    ("flat steel, no code", {}, STEEL, {"cbam.missing_status"}),
    ("aluminium 4200", {}, {"commodity_code": "76011000", "procedure_code": "4200", "origin_country": "IN"},
     {"cbam.missing_status"}),
    ("cement end-use 4400", {}, {"commodity_code": "25232900", "procedure_code": "4400", "origin_country": "EG"},
     {"cbam.missing_status"}),
    ("fertiliser re-import 6121", {}, {"commodity_code": "31021010", "procedure_code": "6121", "origin_country": "MA"},
     {"cbam.missing_status"}),
    ("ammonia 2814", {}, {"commodity_code": "28141000", "procedure_code": "4000", "origin_country": "DZ"},
     {"cbam.missing_status"}),
    ("kaolinic clay ex 2507 00 80", {}, {"commodity_code": "25070080", "procedure_code": "4000", "origin_country": "UA"},
     {"cbam.missing_status"}),
    ("electricity without code", {}, {"commodity_code": "2716000000", "procedure_code": "4000", "origin_country": "RS"},
     {"cbam.missing_status"}),
    ("hydrogen without code", {}, {"commodity_code": "28041000", "procedure_code": "4000", "origin_country": "US"},
     {"cbam.missing_status"}),
    ("screws 7318", {}, {"commodity_code": "73181595", "procedure_code": "4000", "origin_country": "CN"},
     {"cbam.missing_status"}),
    ("Ceuta is outside", {}, {**STEEL, "origin_country": "XC"}, {"cbam.missing_status"}),
    ("ferro-silicon 7202 21 excepted", {}, {**STEEL, "commodity_code": "72022100"}, set()),
    ("ferro-alloy 7202 99 80 excepted", {}, {**STEEL, "commodity_code": "72029980"}, set()),
    ("scrap 7204 excepted", {}, {**STEEL, "commodity_code": "72044910"}, set()),
    ("P+K fertiliser 3105 60 excepted", {}, {**STEEL, "commodity_code": "31056000"}, set()),
    ("aluminium scrap 7602 not listed", {}, {**STEEL, "commodity_code": "76020090"}, set()),
    ("7615 household articles not listed", {}, {**STEEL, "commodity_code": "76151080"}, set()),
    ("Annex III Norway", {}, {**STEEL, "origin_country": "NO"}, set()),
    ("Annex III Switzerland", {}, {**STEEL, "origin_country": "CH"}, set()),
    ("EU origin", {}, {**STEEL, "origin_country": "DE"}, set()),
    ("Northern Ireland counts as EU", {}, {**STEEL, "origin_country": "XI"}, set()),
    ("no origin given", {}, {**STEEL, "origin_country": None}, set()),
    ("inward processing 5100", {}, {**STEEL, "procedure_code": "5100"}, set()),
    ("warehousing 7100", {}, {**STEEL, "procedure_code": "7100"}, set()),
    ("no procedure code", {}, {**STEEL, "procedure_code": None}, set()),
    ("before the definitive period", {"event_time": "2025-12-31T23:00:00Z"}, STEEL, set()),
    ("export of steel", {"direction": "EXPORT", "declaration_type": "B1"}, {**STEEL, "procedure_code": "1000"}, set()),
    ("Y137 for electricity", {}, {"commodity_code": "27160000", "procedure_code": "4000", "origin_country": "RS",
                                  "documents": [{"code": "Y137", "reference": "N/A"}]}, {"cbam.y137_electricity_hydrogen"}),
    ("Y137 for hydrogen", {}, {"commodity_code": "2804100000", "procedure_code": "4000", "origin_country": "US",
                               "documents": [{"code": "Y137"}]}, {"cbam.y137_electricity_hydrogen"}),
    ("Y136 for electricity is fine", {}, {"commodity_code": "27160000", "procedure_code": "4000", "origin_country": "RS",
                                          "documents": [{"code": "Y136"}]}, set()),
    ("Y137 for electricity from Norway", {}, {"commodity_code": "27160000", "procedure_code": "4000",
                                              "origin_country": "NO", "documents": [{"code": "Y137"}]}, set()),
    ("Y137 for steel is a threshold claim", {}, {**STEEL, "net_mass_kg": 10.0, "documents": [{"code": "Y137"}]}, set()),
]


@pytest.mark.parametrize("case,header,line,expected", STATUS_CASES, ids=[c[0] for c in STATUS_CASES])
def test_cbam_status_profiles(engine, decl, offline, case, header, line, expected):
    hits = [h for h in offline(engine, [decl([line], **header)]) if h.queue == "cbam"]
    assert {h.rule_id for h in hits} == expected


@pytest.mark.parametrize("code", STATUS_CODES)
def test_any_status_code_satisfies_the_check(engine, decl, offline, code):
    line = {**STEEL, "net_mass_kg": 1.0, "documents": [{"code": "N935"}, {"code": code}]}
    assert not [h for h in offline(engine, [decl([line])]) if h.rule_id == "cbam.missing_status"]


def _y137(kg: float, **extra):
    return {**STEEL, "net_mass_kg": kg, "documents": [{"code": "Y137", "reference": "N/A"}], **extra}


def _threshold(hits):
    return [(h.event_id, h.item_number) for h in hits if h.rule_id == "cbam.de_minimis_threshold"]


def test_threshold_hits_the_line_above_50_tonnes_and_every_later_line(engine, decl, offline):
    events = [decl([_y137(30_000)]), decl([_y137(20_000)]), decl([_y137(0.5), _y137(100)]),
              decl([_y137(5)])]
    hits = offline(engine, events)
    assert _threshold(hits) == [(events[2].event_id, 1), (events[2].event_id, 2), (events[3].event_id, 1)]
    first = next(h for h in hits if h.rule_id == "cbam.de_minimis_threshold")
    assert first.evidence["running_total"] == 50_000.5 and first.evidence["limit"] == 50_000
    assert first.evidence["eori"] == "NL000000001" and "50,000 kg" in first.reason


def test_exactly_50_tonnes_is_not_above(engine, decl, offline):
    assert _threshold(offline(engine, [decl([_y137(25_000), _y137(25_000)])])) == []


@pytest.mark.parametrize("other", [
    {"importer": {"eori": "NL000000002"}},                                   # another importer
    {"event_time": "2027-01-04T09:00:00Z"},                                   # another calendar year
])
def test_totals_are_per_importer_and_calendar_year(engine, decl, offline, other):
    assert _threshold(offline(engine, [decl([_y137(40_000)]), decl([_y137(40_000)], **other)])) == []


def test_acceptance_date_decides_the_year(engine, decl, offline):
    late = decl([_y137(40_000)], event_time="2027-01-01T00:10:00Z", acceptance_date="2026-12-31")
    assert len(_threshold(offline(engine, [decl([_y137(40_000)]), late]))) == 1


def test_declarant_eori_is_the_fallback_and_no_eori_counts_nowhere(engine, decl, offline):
    by_declarant = {"importer": None, "declarant": {"eori": "NL000000001"}}
    assert len(_threshold(offline(engine, [decl([_y137(40_000)]), decl([_y137(40_000)], **by_declarant)]))) == 1
    nobody = {"importer": None, "declarant": None}
    assert _threshold(offline(engine, [decl([_y137(40_000)], **nobody), decl([_y137(40_000)], **nobody)])) == []


@pytest.mark.parametrize("line", [
    {"commodity_code": "27160000", "procedure_code": "4000", "origin_country": "RS", "net_mass_kg": 40_000,
     "documents": [{"code": "Y137"}]},                                         # electricity is outside the count
    {**STEEL, "net_mass_kg": 40_000, "documents": [{"code": "Y128"}]},         # no Y137 claim
    {**STEEL, "net_mass_kg": 40_000, "origin_country": "NO", "documents": [{"code": "Y137"}]},  # Annex III
    {**STEEL, "commodity_code": "72044910", "net_mass_kg": 40_000, "documents": [{"code": "Y137"}]},  # scrap
])
def test_lines_outside_the_threshold_count_nothing(engine, decl, offline, line):
    assert _threshold(offline(engine, [decl([line]), decl([_y137(40_000)])])) == []


def test_amended_line_replaces_its_contribution(engine, decl, offline):
    first = decl([_y137(40_000)], lrn="AMEND-1")
    amended = decl([_y137(10_000)], lrn="AMEND-1", version=2)
    assert _threshold(offline(engine, [first, amended, decl([_y137(30_000)])])) == []
    assert len(_threshold(offline(engine, [first, decl([_y137(30_000)])]))) == 1


def test_redelivered_event_counts_once(engine, decl, offline):
    event = decl([_y137(30_000)])
    assert _threshold(offline(engine, [event, event])) == []
