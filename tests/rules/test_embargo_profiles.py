"""Shipped embargo profiles: true positives and near misses from the domain brief (section 2)."""

from __future__ import annotations

from typing import Any

import pytest

EXPORT = {"direction": "EXPORT", "declaration_type": "B1", "source": "AES"}
IMPORT: dict[str, Any] = {}
BEFORE_SNAPBACK = {"event_time": "2025-09-01T10:00:00Z"}

# (case, header, line, expected embargo rule ids)
CASES = [
    # Russian cars, Art. 3i / Annex XXI: origin RU, or dispatched or exported from RU
    ("car origin RU", IMPORT, {"commodity_code": "8703231900", "origin_country": "RU"}, {"embargo.ru.cars"}),
    ("car dispatched from RU", IMPORT, {"commodity_code": "87038010", "origin_country": "DE", "dispatch_country": "RU"},
     {"embargo.ru.cars"}),
    ("car exported from RU via GE", IMPORT, {"commodity_code": "87032390", "origin_country": "JP",
                                           "dispatch_country": "GE", "export_country": "RU"}, {"embargo.ru.cars"}),
    ("car HS-6 only", {"declaration_type": "H7"}, {"commodity_code": "870323", "origin_country": "RU"},
     {"embargo.ru.cars"}),
    ("truck 8704 from RU", IMPORT, {"commodity_code": "87042110", "origin_country": "RU"}, set()),
    ("car from Belarus", IMPORT, {"commodity_code": "87032319", "origin_country": "BY"}, set()),
    ("car exported to RU", EXPORT, {"commodity_code": "87032319", "destination_country": "RU"}, set()),
    ("car from RU before Annex XXI", {"event_time": "2022-09-01T10:00:00Z"},
     {"commodity_code": "87032319", "origin_country": "RU"}, set()),
    # Russian iron and steel, Art. 3g / Annex XVII: 7206-7229 and chapter 73, origin or dispatch RU
    ("flat steel origin RU", IMPORT, {"commodity_code": "7208390000", "origin_country": "RU"}, {"embargo.ru.iron_steel"}),
    ("7206 first heading", IMPORT, {"commodity_code": "72061000", "origin_country": "RU"}, {"embargo.ru.iron_steel"}),
    ("7229 last heading", IMPORT, {"commodity_code": "72292000", "origin_country": "RU"}, {"embargo.ru.iron_steel"}),
    ("tubes ch. 73 dispatched RU", IMPORT, {"commodity_code": "73063077", "origin_country": "KZ",
                                          "dispatch_country": "RU"}, {"embargo.ru.iron_steel"}),
    ("ch. 73 article origin RU", IMPORT, {"commodity_code": "73269098", "origin_country": "RU"}, {"embargo.ru.iron_steel"}),
    ("7205 granules not in XVII", IMPORT, {"commodity_code": "72051000", "origin_country": "RU"}, set()),
    ("aluminium 7601 from RU", IMPORT, {"commodity_code": "76011000", "origin_country": "RU"}, set()),
    ("steel only exported from RU", IMPORT, {"commodity_code": "72083900", "origin_country": "CN",
                                            "dispatch_country": "CN", "export_country": "RU"}, set()),
    ("steel from RU in transit", {"direction": "TRANSIT", "declaration_type": "D1", "source": "NCTS"},
     {"commodity_code": "72083900", "origin_country": "RU"}, set()),
    # CHPL (HS-6, all tiers) exported to RU/BY or a circumvention watch country, never to Annex VIII partners
    ("tier 1 IC to RU", EXPORT, {"commodity_code": "8542310000", "destination_country": "RU"}, {"embargo.ru.chpl_export"}),
    ("tier 2 to BY", EXPORT, {"commodity_code": "85176200", "destination_country": "BY"}, {"embargo.ru.chpl_export"}),
    ("tier 4B CNC to KZ", EXPORT, {"commodity_code": "84571010", "destination_country": "KZ"},
     {"embargo.ru.chpl_circumvention"}),
    ("tier 3B bearings to TR", EXPORT, {"commodity_code": "84821010", "destination_country": "TR"},
     {"embargo.ru.chpl_circumvention"}),
    ("tier 3A to Serbia as XS", EXPORT, {"commodity_code": "85414900", "destination_country": "XS"},
     {"embargo.ru.chpl_circumvention"}),
    ("tier 4A to Hong Kong", EXPORT, {"commodity_code": "90302000", "destination_country": "HK"},
     {"embargo.ru.chpl_circumvention"}),
    ("CHPL to US (Annex VIII)", EXPORT, {"commodity_code": "8542310000", "destination_country": "US"}, set()),
    ("CHPL to CH (Annex VIII)", EXPORT, {"commodity_code": "84571010", "destination_country": "CH"}, set()),
    ("CHPL inside the EU", EXPORT, {"commodity_code": "8542310000", "destination_country": "FR"}, set()),
    ("not CHPL (854290) to RU", EXPORT, {"commodity_code": "85429000", "destination_country": "RU"}, set()),
    ("CHPL imported from RU", IMPORT, {"commodity_code": "8542310000", "origin_country": "RU"}, set()),
    # Iran, Reg. 267/2012 re-imposed 29.9.2025
    ("gold to IR", EXPORT, {"commodity_code": "71081200", "destination_country": "IR"}, {"embargo.ir.export_precious"}),
    ("diamonds to IR", EXPORT, {"commodity_code": "71023100", "destination_country": "IR"}, {"embargo.ir.export_precious"}),
    ("silver to IR", EXPORT, {"commodity_code": "71069100", "destination_country": "IR"}, {"embargo.ir.export_precious"}),
    ("platinum to IR", EXPORT, {"commodity_code": "71101100", "destination_country": "IR"}, {"embargo.ir.export_precious"}),
    ("drill pipe to IR", EXPORT, {"commodity_code": "73042200", "destination_country": "IR"},
     {"embargo.ir.export_energy_equipment"}),
    ("crude oil from IR", IMPORT, {"commodity_code": "27090090", "origin_country": "IR"}, {"embargo.ir.import_hydrocarbons"}),
    ("gas oil from IR", IMPORT, {"commodity_code": "27101943", "origin_country": "IR"}, {"embargo.ir.import_hydrocarbons"}),
    ("LNG from IR", IMPORT, {"commodity_code": "27111100", "origin_country": "IR"}, {"embargo.ir.import_hydrocarbons"}),
    ("polyethylene from IR", IMPORT, {"commodity_code": "39011010", "origin_country": "IR"},
     {"embargo.ir.import_hydrocarbons"}),
    ("gold to Iraq", EXPORT, {"commodity_code": "71081200", "destination_country": "IQ"}, set()),
    ("jewellery 7113 to IR", EXPORT, {"commodity_code": "71131900", "destination_country": "IR"}, set()),
    ("gold to IR before snapback", {**EXPORT, **BEFORE_SNAPBACK},
     {"commodity_code": "71081200", "destination_country": "IR"}, set()),
    ("crude from IR before snapback", BEFORE_SNAPBACK, {"commodity_code": "27090090", "origin_country": "IR"}, set()),
    ("crude of Iraqi origin", IMPORT, {"commodity_code": "27090090", "origin_country": "IQ"}, set()),
    ("PVC 3905 from IR", IMPORT, {"commodity_code": "39051200", "origin_country": "IR"}, set()),
]


@pytest.mark.parametrize("case,header,line,expected", CASES, ids=[c[0] for c in CASES])
def test_embargo_profile(engine, decl, offline, case, header, line, expected):
    hits = [h for h in offline(engine, [decl([line], **header)]) if h.queue == "embargo"]
    assert {h.rule_id for h in hits} == expected
    assert all(h.item_number == 1 and h.severity == "hit" for h in hits)


def test_embargo_hit_names_its_evidence(engine, decl, offline):
    (hit,) = [h for h in offline(engine, [decl([{"commodity_code": "87032319", "origin_country": "DE",
                                                  "dispatch_country": "RU"}])]) if h.queue == "embargo"]
    assert hit.evidence["matched_prefix"] == "8703" and hit.evidence["dispatch_country"] == "RU"
    assert "dispatch RU" in hit.reason and "833/2014" in hit.reason and hit.reason.endswith(".")


def test_each_line_is_judged_alone(engine, decl, offline):
    event = decl([{"commodity_code": "72083900", "origin_country": "CN"},
                  {"commodity_code": "72083900", "origin_country": "RU"}])
    hits = [h for h in offline(engine, [event]) if h.queue == "embargo"]
    assert [(h.item_number, h.rule_id) for h in hits] == [(2, "embargo.ru.iron_steel")]
