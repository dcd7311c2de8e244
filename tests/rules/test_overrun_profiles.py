"""Shipped overrun profiles (domain brief section 4): draws, 80/95% warnings, hits above the limit."""

from __future__ import annotations

import pytest

from rules.engine import Engine

REF = "IPO-NL-0001"


@pytest.fixture(scope="module")
def limited(auth):
    return Engine.build(authorisations=[
        auth(max_quantity=1000, quantity_unit="KGM", commodity_prefixes=["8471"]),
        auth(reference="EUS-NL-0002", type="EUS", max_quantity=100, quantity_unit="NAR", max_value_eur=10_000),
    ])


def _draw(kg, ref=REF, code="8471300000", **extra):
    return {"commodity_code": code, "procedure_code": "5100", "origin_country": "CN", "net_mass_kg": kg,
            "documents": [{"code": "C601", "reference": ref}], **extra}


def _overrun(hits):
    return [(h.item_number, h.rule_id.removeprefix("overrun.authorisation."), h.severity)
            for h in hits if h.queue == "overrun"]


def test_warnings_at_80_and_95_percent_and_hits_above_the_limit(limited, decl, offline):
    kgs = [700, 100, 100, 60, 40, 1, None]        # totals 70, 80, 90, 96, 100, 100.1 %, then a line with no mass
    hits = offline(limited, [decl([_draw(kg) for kg in kgs])])
    assert _overrun(hits) == [(2, "quantity.warning_80", "warning"), (4, "quantity.warning_95", "warning"),
                              (6, "quantity.limit", "hit"), (7, "quantity.limit", "hit")]
    over = [h for h in hits if h.rule_id.endswith("limit")][0]
    assert over.evidence["authorisation"] == REF and over.evidence["running_total"] == 1001
    assert over.evidence["limit"] == 1000 and over.evidence["cited_by"] == "document C601"


def test_one_line_past_every_level_is_one_limit_hit(limited, decl, offline):
    assert _overrun(offline(limited, [decl([_draw(2000)])])) == [(1, "quantity.limit", "hit")]


def test_a_line_from_90_to_102_percent_is_one_limit_hit(limited, decl, offline):
    hits = offline(limited, [decl([_draw(900), _draw(120)])])
    assert _overrun(hits) == [(1, "quantity.warning_80", "warning"), (2, "quantity.limit", "hit")]
    assert [h.evidence["running_total"] for h in hits if h.queue == "overrun"] == [900, 1020]


def test_a_line_past_80_and_95_percent_is_the_95_percent_warning_alone(limited, decl, offline):
    hits = offline(limited, [decl([_draw(700), _draw(260)])])
    assert _overrun(hits) == [(2, "quantity.warning_95", "warning")]
    assert "(warning at 95%)" in hits[-1].reason


@pytest.mark.parametrize("case,line,header", [
    ("outside the validity window", _draw(2000), {"event_time": "2026-07-01T08:00:00Z"}),
    ("before the validity window", _draw(2000), {"acceptance_date": "2025-12-31"}),
    ("code outside the prefixes", _draw(2000, code="8472900000"), {}),
    ("document that draws on nothing", {**_draw(2000), "documents": [{"code": "N935", "reference": REF}]}, {}),
])
def test_lines_that_do_not_draw(limited, decl, offline, case, line, header):
    assert _overrun(offline(limited, [decl([line], **header)])) == []


def test_declared_authorisation_draws_for_every_line_once(limited, decl, offline):
    listed = [{"type": "IPO", "reference": REF}]
    event = decl([_draw(500), {**_draw(500), "documents": []}], authorisations=listed)
    # two lines of 500 reach the limit exactly: both warning levels at once, the higher one alone
    assert _overrun(offline(limited, [event])) == [(2, "quantity.warning_95", "warning")]


def test_supplementary_units_and_value_are_separate_totals(limited, decl, offline):
    line = {"commodity_code": "2902300000", "procedure_code": "4400", "supplementary_units": 85, "value_eur": 9_600,
            "net_mass_kg": 99_999, "documents": [{"code": "N990", "reference": "EUS-NL-0002"}]}
    assert _overrun(offline(limited, [decl([line])])) == [
        (1, "quantity.warning_80", "warning"), (1, "value.warning_95", "warning")]


def test_amended_draw_is_not_counted_twice(limited, decl, offline):
    first = decl([_draw(900)], lrn="AMEND-OVR")
    amended = decl([_draw(500)], lrn="AMEND-OVR", version=2)
    third = decl([_draw(400)])
    hits = offline(limited, [first, amended, third])
    # 900 (90 %), amended to 500, then +400: 900 again, so 80 % is reached a second time but not 95 %
    assert _overrun(hits) == [(1, "quantity.warning_80", "warning")] * 2
    assert [h.event_id for h in hits] == [first.event_id, third.event_id]
    assert hits[-1].evidence["running_total"] == 900


def test_amendment_that_drops_the_document_withdraws_the_draw(limited, decl, offline):
    first = decl([_draw(900)], lrn="AMEND-DROP")
    amended = decl([{**_draw(900), "documents": []}], lrn="AMEND-DROP", version=2)
    assert _overrun(offline(limited, [first, amended, decl([_draw(900)])]))[-1] == (1, "quantity.warning_80", "warning")


@pytest.mark.parametrize("case,line,header,expected", [
    ("unknown document reference", _draw(1, ref="IPO-XX-9999"), {}, [1]),
    ("write-off document without reference", {**_draw(1), "documents": [{"code": "N990"}]}, {}, [1]),
    ("unknown declared IPO", _draw(1), {"authorisations": [{"type": "IPO", "reference": "IPO-XX-1"}]}, [None]),
    ("unknown declared EUS", _draw(1), {"authorisations": [{"type": "EUS", "reference": "EUS-XX-1"}]}, [None]),
    ("unknown declared CGU is not checked", _draw(1), {"authorisations": [{"type": "CGU", "reference": "CGU-1"}]}, []),
    ("known reference", _draw(1), {}, []),
])
def test_unknown_authorisation(limited, decl, offline, case, line, header, expected):
    hits = [h for h in offline(limited, [decl([line], **header)]) if h.rule_id == "overrun.unknown_authorisation"]
    assert [h.item_number for h in hits] == expected
    assert all(h.severity == "hit" and "not in the authorisation data" in h.reason for h in hits)


def test_without_authorisation_data_every_reference_is_unknown(engine, decl, offline):
    hits = offline(engine, [decl([_draw(1), _draw(2)])])
    assert [(h.item_number, h.rule_id) for h in hits if h.queue == "overrun"] == [
        (1, "overrun.unknown_authorisation"), (2, "overrun.unknown_authorisation")]
