"""The contract validator: every schema break is refused with the field that broke it."""

from __future__ import annotations

import copy
import json

import pytest

from rules.errors import RecordError
from rules.records import (
    decode_authorisation,
    decode_declaration,
    declaration_from_dict,
    to_dict,
)

GOOD = {
    "event_id": "evt-1",
    "source": "DMS",
    "declaration_type": "H1",
    "direction": "IMPORT",
    "version": 1,
    "event_time": "2026-03-02T10:15:00Z",
    "mrn": "26NL0000000000001A",
    "importer": {"name": "Acme Trading B.V.", "eori": "NL123456789", "country": "NL"},
    "lines": [
        {
            "item_number": 1,
            "commodity_code": "7208390000",
            "procedure_code": "4000",
            "origin_country": "CN",
            "net_mass_kg": 1200.5,
            "documents": [{"code": "Y128", "reference": "CBAM-NL-2026-AAA12345678901"}],
        }
    ],
}


def _broken(path: list[object], value: object) -> bytes:
    record = copy.deepcopy(GOOD)
    target = record
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    if value is _DELETE:
        del target[path[-1]]  # type: ignore[arg-type]
    else:
        target[path[-1]] = value  # type: ignore[index]
    return json.dumps(record).encode()


_DELETE = object()


def test_good_record_decodes_and_keeps_every_field() -> None:
    decl = decode_declaration(json.dumps(GOOD).encode())
    assert decl.key == "26NL0000000000001A"
    back = to_dict(decl)
    assert back["lines"][0]["documents"][0]["reference"] == "CBAM-NL-2026-AAA12345678901"
    assert declaration_from_dict(back) == decl


def test_key_falls_back_to_lrn_then_event_id() -> None:
    record = copy.deepcopy(GOOD)
    record["mrn"] = None
    record["lrn"] = "LRN-77"
    assert decode_declaration(json.dumps(record)).key == "LRN-77"
    record["lrn"] = None
    assert decode_declaration(json.dumps(record)).key == "evt-1"


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (["source"], "CDS", "source"),
        (["declaration_type"], "Z9", "declaration_type"),
        (["version"], 0, "version"),
        (["event_id"], "", "event_id"),
        (["event_time"], "2026-02-30T10:00:00Z", "event_time"),
        (["event_time"], "yesterday", "event_time"),
        (["mrn"], "26nl0000000000001A", "mrn"),
        (["lines"], [], "lines"),
        (["lines", 0, "commodity_code"], "72083", "lines[0].commodity_code"),
        (["lines", 0, "origin_country"], "cn", "lines[0].origin_country"),
        (["lines", 0, "net_mass_kg"], -1, "lines[0].net_mass_kg"),
        (["lines", 0, "item_number"], 100000, "lines[0].item_number"),
        (["lines", 0, "documents", 0, "code"], "Y12", "lines[0].documents[0].code"),
        (["lines", 0, "surprise"], 1, "lines[0]"),
        (["importer", "eori"], "X" * 18, "importer.eori"),
    ],
)
def test_schema_breaks_name_the_field(path: list[object], value: object, field: str) -> None:
    with pytest.raises(RecordError) as info:
        decode_declaration(_broken(path, value))
    assert info.value.field == field
    assert info.value.reason


def test_missing_required_field_is_named() -> None:
    with pytest.raises(RecordError) as info:
        decode_declaration(_broken(["event_id"], _DELETE))
    assert "event_id" in info.value.reason


def test_duplicate_item_numbers_are_refused() -> None:
    record = copy.deepcopy(GOOD)
    record["lines"].append(copy.deepcopy(record["lines"][0]))
    with pytest.raises(RecordError, match="duplicate item_number 1"):
        decode_declaration(json.dumps(record))


@pytest.mark.parametrize("raw", [b"{", b"not json", b"[]", b'"text"'])
def test_invalid_json_is_refused(raw: bytes) -> None:
    with pytest.raises(RecordError):
        decode_declaration(raw)


def test_authorisation_window_must_be_ordered() -> None:
    good = {
        "reference": "IPO-1", "type": "IPO", "holder_eori": "NL1",
        "valid_from": "2026-01-01", "valid_to": "2026-12-31", "max_quantity": 10, "quantity_unit": "KGM",
    }
    assert decode_authorisation(json.dumps(good)).max_quantity == 10
    good["valid_to"] = "2025-12-31"
    with pytest.raises(RecordError, match="valid_to"):
        decode_authorisation(json.dumps(good))
