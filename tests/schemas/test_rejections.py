"""Everything the codec refuses is a RecordError that says which field and why."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from rules.errors import RecordError
from rules.records import Declaration
from schemas import codec
from schemas.avsc import SCHEMA_IDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_roundtrip import dead_letter, full_declaration, full_hit  # noqa: E402


def refused(name: str, record: Any) -> RecordError:
    with pytest.raises(RecordError) as info:
        codec.encode(name, record)
    return info.value


def changed(**top: Any) -> dict[str, Any]:
    return {**full_declaration(), **top}


def good_message() -> bytes:
    return codec.encode("declaration", full_declaration())


# --- records that do not fit the schema ----------------------------------------------------------

def test_unknown_field_is_named_by_its_path() -> None:
    record = full_declaration()
    record["lines"][0]["colour"] = "red"
    error = refused("declaration", record)
    assert error.field == "lines[0].colour"
    assert "unknown field" in error.reason
    assert str(error).startswith("lines[0].colour: ")


@pytest.mark.parametrize("path, expected", [
    (("customs_office",), "customs_office"),
    (("declarant", "phone"), "declarant.phone"),
    (("authorisations", 1, "valid_to"), "authorisations[1].valid_to"),
    (("lines", 1, "documents", 0, "issuer"), "lines[1].documents[0].issuer"),
])
def test_unknown_nested_fields(path: tuple[Any, ...], expected: str) -> None:
    record = full_declaration()
    target: Any = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = "x"
    error = refused("declaration", record)
    assert error.field == expected and "unknown field" in str(error)


def test_unknown_field_in_a_hit_and_an_authorisation() -> None:
    assert refused("hit", {**full_hit(), "reviewer": "x"}).field == "reviewer"
    assert refused("dead_letter", {**dead_letter(), "key": "x"}).field == "key"


@pytest.mark.parametrize("name, path, expected", [
    ("declaration", ("event_time",), "event_time"),
    ("declaration", ("lines",), "lines"),
    ("declaration", ("lines", 0, "commodity_code"), "lines[0].commodity_code"),
    ("declaration", ("lines", 1, "documents", 1, "code"), "lines[1].documents[1].code"),
    ("declaration", ("authorisations", 0, "reference"), "authorisations[0].reference"),
    ("hit", ("detected_at",), "detected_at"),
])
def test_missing_required_field(name: str, path: tuple[Any, ...], expected: str) -> None:
    record = full_declaration() if name == "declaration" else full_hit()
    target: Any = record
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    error = refused(name, record)
    assert error.field == expected
    assert "missing required field" in str(error)


def test_wrong_type_string_for_version() -> None:
    error = refused("declaration", changed(version="2"))
    assert error.field == "version"
    assert "expected integer, got string" in str(error)


@pytest.mark.parametrize("field, value, expected", [
    ("version", True, "expected integer, got boolean"),
    ("version", 2.0, "expected integer, got number"),
    ("version", None, "expected integer, got null"),
    ("event_id", 7, "expected string, got integer"),
    ("lines", {}, "expected array, got object"),
    ("declarant", "Smit B.V.", "got string"),
])
def test_wrong_types(field: str, value: Any, expected: str) -> None:
    error = refused("declaration", changed(**{field: value}))
    assert error.field == field and expected in error.reason


def test_wrong_type_deep_inside() -> None:
    record = full_declaration()
    record["lines"][1]["documents"][0]["quantity"] = "12"
    error = refused("declaration", record)
    assert error.field == "lines[1].documents[0].quantity"
    assert "expected null or number, got string" in error.reason
    record = full_declaration()
    record["lines"][0]["additional_procedure_codes"] = ["C07", 7]
    assert refused("declaration", record).field == "lines[0].additional_procedure_codes[1]"


def test_not_an_object() -> None:
    error = refused("declaration", ["e-1", "DMS"])
    assert error.field is None and "expected object, got array" in str(error)


def test_bad_enum_symbol() -> None:
    error = refused("declaration", changed(source="XYZ"))
    assert error.field == "source"
    assert "'XYZ' is not one of DMS, AES, ICS2, NCTS" in str(error)


@pytest.mark.parametrize("name, record, field", [
    ("declaration", {"direction": "import"}, "direction"),
    ("hit", {"queue": "customs"}, "queue"),
    ("hit", {"severity": "HIT"}, "severity"),
])
def test_bad_enum_symbols_elsewhere(name: str, record: dict[str, Any], field: str) -> None:
    base = full_declaration() if name == "declaration" else full_hit()
    error = refused(name, {**base, **record})
    assert error.field == field and "is not one of" in error.reason


def test_bad_quantity_unit() -> None:
    auth = {"reference": "R", "type": "IPO", "holder_eori": "NL1", "quantity_unit": "TNE",
            "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
    error = refused("authorisation", auth)
    assert error.field == "quantity_unit" and "'TNE' is not one of KGM, NAR, LTR" in str(error)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30])
def test_integer_out_of_long_range(value: int) -> None:
    error = refused("declaration", changed(version=value))
    assert error.field == "version"
    assert "out of range" in error.reason and str(value) in error.reason


def test_long_range_edges_are_accepted() -> None:
    for value in (2**63 - 1, -(2**63)):
        assert codec.decode(codec.encode("declaration", changed(version=value)))[1]["version"] == value


def test_int_field_range_is_32_bit() -> None:
    error = refused("dead_letter", {**dead_letter(), "partition": 2**31})
    assert error.field == "partition" and "out of range" in str(error)


def test_evidence_value_out_of_range_and_of_wrong_kind() -> None:
    error = refused("hit", {**full_hit(), "evidence": {"n": 2**64}})
    assert error.field == "evidence.n" and "out of range" in str(error)
    error = refused("hit", {**full_hit(), "evidence": {"list": [1, 2]}})
    assert error.field == "evidence.list" and "got array" in str(error)
    error = refused("hit", {**full_hit(), "evidence": {"flag": True}})
    assert error.field == "evidence.flag" and "got boolean" in str(error)


def test_bytes_as_text_above_latin1() -> None:
    error = refused("dead_letter", {**dead_letter(), "original": "caf\u00e9 \u20ac"})
    assert error.field == "original" and "U+00FF" in str(error)


def test_unknown_schema_name() -> None:
    error = refused("invoice", {})
    assert "no Avro schema named 'invoice'" in str(error)


# --- JSON text ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [b'{"event_id": "e-1", "source": ', b"", b"not json", b'{"a": 1} trailing',
                                  b"\xff\xfe{}"])
def test_invalid_json_text(text: bytes) -> None:
    with pytest.raises(RecordError) as info:
        codec.from_json("declaration", text)
    assert info.value.field is None
    assert str(info.value).startswith("invalid JSON")


def test_valid_json_with_a_bad_field_names_the_field() -> None:
    record = full_declaration()
    record["lines"][1]["item_number"] = "2"
    with pytest.raises(RecordError) as info:
        codec.from_json("declaration", orjson.dumps(record))
    assert info.value.field == "lines[1].item_number"


# --- messages that are not what they claim ------------------------------------------------------

def decode_error(raw: bytes) -> RecordError:
    with pytest.raises(RecordError) as info:
        codec.decode(raw)
    return info.value


def test_bad_magic_byte() -> None:
    raw = bytearray(good_message())
    raw[0] = 1
    error = decode_error(bytes(raw))
    assert "magic byte is 0x01, expected 0x00" in str(error)


def test_plain_json_is_not_a_message() -> None:
    error = decode_error(orjson.dumps(full_declaration()))
    assert "magic byte is 0x7b" in str(error)   # '{'


@pytest.mark.parametrize("raw", [b"", b"\x00", b"\x00\x00\x00\x00"])
def test_shorter_than_the_header(raw: bytes) -> None:
    assert "shorter than the 5-byte header" in str(decode_error(raw))


@pytest.mark.parametrize("schema_id", [0, 8, 99, 2**32 - 1])
def test_unknown_schema_id(schema_id: int) -> None:
    raw = b"\x00" + schema_id.to_bytes(4, "big") + good_message()[5:]
    error = decode_error(raw)
    assert f"unknown schema id {schema_id}" in str(error)
    assert "1 (declaration)" in str(error)


def test_truncated_body() -> None:
    raw = good_message()
    assert "truncated declaration Avro body" in str(decode_error(raw[:-10]))
    assert "declaration Avro body" in str(decode_error(raw[:5]))


def test_every_truncation_is_refused() -> None:
    # A string cut short must never decode as a shorter string.
    raw = codec.encode("hit", full_hit())
    for cut in range(5, len(raw)):
        with pytest.raises(RecordError):
            codec.decode(raw[:cut])


@pytest.mark.parametrize("extra", [b"\x00", b"garbage", bytes(100)])
def test_trailing_garbage(extra: bytes) -> None:
    error = decode_error(good_message() + extra)
    assert f"{len(extra)} bytes left over after the declaration Avro body" in str(error)


def test_corrupt_body() -> None:
    raw = bytearray(good_message())
    raw[5] = 0x7F     # length of event_id: -64, a negative string length
    error = decode_error(bytes(raw))
    assert "declaration Avro body" in str(error)


def test_body_read_with_another_schema_id() -> None:
    # A hit body under the declaration id: fails or leaves bytes over, never passes as a declaration.
    hit = codec.encode("hit", full_hit())
    raw = b"\x00" + SCHEMA_IDS["declaration"].to_bytes(4, "big") + hit[5:]
    with pytest.raises(RecordError):
        codec.decode(raw)


def test_decode_hit_on_a_declaration() -> None:
    with pytest.raises(RecordError) as info:
        codec.decode_hit(good_message())
    assert "expected a hit record, found a declaration record" in str(info.value)


def test_to_json_of_a_bad_message() -> None:
    with pytest.raises(RecordError):
        codec.to_json(good_message() + b"x")


# --- decode_declarations: errors in place ----------------------------------------------------------

def test_decode_declarations_keeps_errors_in_place() -> None:
    good = good_message()
    second = copy.deepcopy(full_declaration())
    second["version"] = 4
    bad_country = full_declaration()
    bad_country["lines"][0]["origin_country"] = "Russia"     # fits Avro, breaks the contract's pattern
    raws = [good, b"\x01" + good[1:], codec.encode("declaration", second), codec.encode("hit", full_hit()),
            good + b"!", codec.encode("declaration", bad_country), good[:20]]
    out = codec.decode_declarations(raws)
    assert len(out) == len(raws)
    assert [type(item).__name__ for item in out] == ["Declaration", "RecordError", "Declaration", "RecordError",
                                                     "RecordError", "RecordError", "RecordError"]
    assert isinstance(out[0], Declaration) and out[0].version == 3
    assert isinstance(out[2], Declaration) and out[2].version == 4
    assert "magic byte" in str(out[1])
    assert "expected a declaration record, found a hit record" in str(out[3])
    assert "left over" in str(out[4])
    assert isinstance(out[5], RecordError) and out[5].field == "lines[0].origin_country"
    assert "truncated" in str(out[6])


def test_decode_declarations_of_nothing() -> None:
    assert codec.decode_declarations([]) == []
