"""JSON -> Avro -> JSON keeps every field of the contract, in every record type."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest

from loadtest.files import write_declarations
from rules.errors import RecordError
from rules.hits import Hit
from rules.records import Declaration, declaration_from_dict, to_dict
from schemas import codec
from schemas.avsc import SCHEMA_IDS


def party(tag: str) -> dict[str, Any]:
    return {"name": f"{tag} Trading B.V.", "eori": f"NL{sum(map(ord, tag)):09d}", "country": "NL",
            "address": f"Kade {len(tag)}, 3011 AA Rotterdam"}


def full_declaration() -> dict[str, Any]:
    """Every field of the contract set to a non-null value, nested objects included."""
    document = {"code": "C601", "reference": "NLIPO2026000123", "quantity": 1250.5, "unit": "KGM",
                "amount_eur": 98765.25}
    line = {
        "item_number": 1, "commodity_code": "7208511000", "description": "Hot-rolled steel plate, 12 mm",
        "procedure_code": "5100", "additional_procedure_codes": ["C07", "F44"], "origin_country": "TR",
        "dispatch_country": "DE", "export_country": "TR", "destination_country": "NL", "net_mass_kg": 1200.0,
        "gross_mass_kg": 1250.75, "supplementary_units": 3.0, "value_eur": 45000.5, "quota_order_number": "098765",
        "documents": [document, {"code": "Y128", "reference": "CBAM-NL-0042", "quantity": 0.0, "unit": "TNE",
                                 "amount_eur": 0.0}],
    }
    second = {**copy.deepcopy(line), "item_number": 2, "commodity_code": "76011000", "additional_procedure_codes": ["1RL"]}
    return {
        "event_id": "0f9e1c5a-0000-4000-8000-000000000001", "source": "DMS", "declaration_type": "H1",
        "direction": "IMPORT", "lrn": "IMP26100000000001", "mrn": "26NLK0SWGVRLHV00J1", "version": 3,
        "event_time": "2026-01-05T08:00:00.001Z", "acceptance_date": "2026-01-05",
        "declarant": party("declarant"), "importer": party("importer"), "exporter": party("exporter"),
        "consignor": party("consignor"), "consignee": party("consignee"), "representative": party("representative"),
        "authorisations": [{"type": "IPO", "reference": "NLIPO2026000123", "holder_eori": "NL123456789"},
                           {"type": "EUS", "reference": "NLEUS2026000007", "holder_eori": "NL987654321"}],
        "lines": [line, second],
    }


def full_authorisation() -> dict[str, Any]:
    return {"reference": "NLIPO2026000123", "type": "IPO", "holder_eori": "NL123456789",
            "commodity_prefixes": ["7208", "7601"], "max_quantity": 50000.0, "quantity_unit": "KGM",
            "max_value_eur": 1250000.5, "valid_from": "2026-01-01", "valid_to": "2026-12-31"}


def full_hit() -> dict[str, Any]:
    return {
        "hit_id": "h-5f0c", "event_id": "0f9e1c5a-0000-4000-8000-000000000001",
        "declaration_key": "26NLK0SWGVRLHV00J1", "declaration_version": 3, "item_number": 2, "queue": "overrun",
        "severity": "warning", "rule_id": "overrun.quantity", "rule_version": "2026.1", "list_version": "sha256:ab12",
        "score": 0.8, "reason": "Authorisation NLIPO2026000123 is at 80% of its quantity limit.",
        "evidence": {"used_kg": 40000, "big": 2**53 + 1, "negative": -7, "ratio": 0.8, "whole_float": 3.0,
                     "reference": "NLIPO2026000123", "empty": "", "nothing": None},
        "event_time": "2026-01-05T08:00:00.001Z", "detected_at": "2026-01-05T08:00:00.250Z",
    }


def dead_letter() -> dict[str, Any]:
    return {"original": bytes(range(256)), "topic": "decl.dms", "partition": 5, "offset": 2**40 + 3,
            "reason": "invalid JSON: unexpected end of data", "field": "lines[0].origin_country",
            "failed_at": "2026-01-05T08:00:01Z"}


def roundtrip(name: str, record: dict[str, Any]) -> dict[str, Any]:
    found, back = codec.decode(codec.encode(name, record))
    assert found == name
    return back


def through_json_text(name: str, record: dict[str, Any]) -> dict[str, Any]:
    """The path the command line takes: JSON text -> message -> JSON text."""
    raw = codec.from_json(name, orjson.dumps(record))
    return orjson.loads(codec.to_json(raw))


# --- every field, non-null -----------------------------------------------------------------------

@pytest.mark.parametrize("name, make", [("declaration", full_declaration), ("authorisation", full_authorisation),
                                        ("hit", full_hit)])
def test_full_record_round_trips(name: str, make: Any) -> None:
    record = make()
    assert roundtrip(name, record) == record
    assert through_json_text(name, record) == record


@pytest.mark.parametrize("name, make", [("declaration", full_declaration), ("authorisation", full_authorisation),
                                        ("hit", full_hit), ("dead_letter", dead_letter)])
def test_encoding_is_stable(name: str, make: Any) -> None:
    # Decoding and encoding again gives the same bytes: the JSON form loses nothing Avro holds.
    raw = codec.encode(name, make())
    assert codec.encode(name, codec.decode(raw)[1]) == raw
    assert codec.from_json(name, codec.to_json(raw)) == raw


def test_full_declaration_has_no_null_anywhere() -> None:
    # Guards the fixture itself: a null left in it would leave a branch of the schema untested.
    def nulls(value: Any, path: str) -> list[str]:
        if value is None:
            return [path]
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
        return []

    assert nulls(full_declaration(), "") == []
    assert nulls(full_authorisation(), "") == []


def test_evidence_integers_stay_integers() -> None:
    evidence = roundtrip("hit", full_hit())["evidence"]
    assert type(evidence["used_kg"]) is int and evidence["used_kg"] == 40000
    assert type(evidence["big"]) is int and evidence["big"] == 2**53 + 1
    assert type(evidence["negative"]) is int
    assert type(evidence["ratio"]) is float
    assert type(evidence["whole_float"]) is float and evidence["whole_float"] == 3.0
    assert evidence["reference"] == "NLIPO2026000123" and evidence["empty"] == ""
    assert "nothing" in evidence and evidence["nothing"] is None


def test_long_fields_come_back_as_int() -> None:
    back = roundtrip("declaration", full_declaration())
    assert type(back["version"]) is int
    assert all(type(line["item_number"]) is int for line in back["lines"])
    hit = roundtrip("hit", full_hit())
    assert type(hit["declaration_version"]) is int and type(hit["item_number"]) is int


def test_integers_in_double_fields_come_back_as_floats() -> None:
    record = full_declaration()
    record["lines"][0].update(net_mass_kg=12, gross_mass_kg=13, supplementary_units=0, value_eur=45000)
    record["lines"][0]["documents"][0].update(quantity=7, amount_eur=100)
    back = roundtrip("declaration", record)
    assert back == record       # 12 == 12.0
    line = back["lines"][0]
    assert line["net_mass_kg"] == 12.0 and type(line["net_mass_kg"]) is float
    assert type(line["supplementary_units"]) is float
    assert type(line["documents"][0]["quantity"]) is float
    auth = roundtrip("authorisation", {**full_authorisation(), "max_quantity": 500, "max_value_eur": 10})
    assert type(auth["max_quantity"]) is float and auth["max_quantity"] == 500.0
    assert type(roundtrip("hit", {**full_hit(), "score": 1})["score"]) is float


def test_unicode_text_survives() -> None:
    record = full_declaration()
    record["consignor"]["name"] = "Ōsaka Kōgyō 株式会社 — Zürich Straße ✓ \U0001f6a2"
    record["lines"][0]["description"] = "tab\tnewline\nquote\" backslash\\ nul\x00"
    assert roundtrip("declaration", record) == record
    assert through_json_text("declaration", record) == record


# --- nulls and defaults --------------------------------------------------------------------------

def minimal_declaration() -> dict[str, Any]:
    return {"event_id": "e-1", "source": "NCTS", "declaration_type": "D1", "direction": "TRANSIT", "version": 1,
            "event_time": "2026-01-05T08:00:00Z", "lines": [{"item_number": 1, "commodity_code": "870323"}]}


def test_absent_optional_fields_come_back_as_null_or_empty() -> None:
    back = roundtrip("declaration", minimal_declaration())
    for name in ("lrn", "mrn", "acceptance_date", "declarant", "importer", "exporter", "consignor", "consignee",
                 "representative"):
        assert back[name] is None, name
    assert back["authorisations"] == []
    line = back["lines"][0]
    assert line["additional_procedure_codes"] == [] and line["documents"] == []
    assert all(line[k] is None for k in ("description", "procedure_code", "origin_country", "dispatch_country",
                                         "export_country", "destination_country", "net_mass_kg", "gross_mass_kg",
                                         "supplementary_units", "value_eur", "quota_order_number"))


def test_explicit_nulls_round_trip() -> None:
    record = full_declaration()
    for name in ("lrn", "mrn", "acceptance_date", "importer", "exporter", "representative"):
        record[name] = None
    record["declarant"] = {"name": None, "eori": None, "country": None, "address": None}
    record["authorisations"][0]["holder_eori"] = None
    line = record["lines"][0]
    for name in ("description", "procedure_code", "origin_country", "net_mass_kg", "value_eur", "quota_order_number"):
        line[name] = None
    line["documents"] = [{"code": "Y923", "reference": None, "quantity": None, "unit": None, "amount_eur": None}]
    line["additional_procedure_codes"] = []
    assert roundtrip("declaration", record) == record


def test_empty_party_object_comes_back_with_null_fields() -> None:
    record = {**minimal_declaration(), "consignee": {}}
    assert roundtrip("declaration", record)["consignee"] == {"name": None, "eori": None, "country": None,
                                                             "address": None}


def test_minimal_authorisation_and_hit_get_their_defaults() -> None:
    auth = {"reference": "R1", "type": "EUS", "holder_eori": "NL1", "valid_from": "2026-01-01",
            "valid_to": "2026-06-30"}
    assert roundtrip("authorisation", auth) == {**auth, "commodity_prefixes": [], "max_quantity": None,
                                                "quantity_unit": None, "max_value_eur": None}
    hit = {k: v for k, v in full_hit().items()
           if k not in ("item_number", "severity", "list_version", "evidence", "event_time")}
    assert roundtrip("hit", hit) == {**hit, "item_number": None, "severity": "hit", "list_version": None,
                                     "evidence": {}, "event_time": None}


def test_defaults_are_not_shared_between_records() -> None:
    first = roundtrip("declaration", minimal_declaration())
    first["authorisations"].append({"type": "X"})
    assert roundtrip("declaration", minimal_declaration())["authorisations"] == []


def test_encoding_leaves_the_input_untouched() -> None:
    record = full_declaration()
    record["lines"][0]["net_mass_kg"] = 12
    before = copy.deepcopy(record)
    codec.encode("declaration", record)
    assert record == before and type(record["lines"][0]["net_mass_kg"]) is int


# --- dead letters: arbitrary bytes ---------------------------------------------------------------

def test_dead_letter_keeps_every_byte() -> None:
    record = dead_letter()
    back = roundtrip("dead_letter", record)
    assert back == record
    assert back["original"] == bytes(range(256)) and isinstance(back["original"], bytes)


def test_dead_letter_bytes_through_json_text() -> None:
    record = dead_letter()
    text = codec.to_json(codec.encode("dead_letter", record))
    as_json = orjson.loads(text)
    assert as_json["original"] == bytes(range(256)).decode("latin-1")   # Avro's JSON form of bytes
    assert codec.decode(codec.from_json("dead_letter", text))[1] == record


def test_dead_letter_with_empty_original_and_null_field() -> None:
    record = {**dead_letter(), "original": b"", "field": None, "offset": 0, "partition": 0}
    assert roundtrip("dead_letter", record) == record


def test_dead_letter_of_a_real_message() -> None:
    # What the worker does: wrap a refused Avro message whole.
    message = codec.encode("declaration", full_declaration())
    back = roundtrip("dead_letter", {**dead_letter(), "original": message})
    assert back["original"] == message
    assert codec.decode(back["original"])[1] == full_declaration()


# --- the wire header ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, make", [("declaration", full_declaration), ("authorisation", full_authorisation),
                                        ("hit", full_hit), ("dead_letter", dead_letter)])
def test_wire_header(name: str, make: Any) -> None:
    raw = codec.encode(name, make())
    assert raw[0] == 0
    assert raw[1:5] == SCHEMA_IDS[name].to_bytes(4, "big")
    assert int.from_bytes(raw[1:5], "big") == SCHEMA_IDS[name]


def test_schema_ids_are_distinct() -> None:
    assert len(set(SCHEMA_IDS.values())) == len(SCHEMA_IDS) == 7
    assert sorted(SCHEMA_IDS.values()) == list(range(1, 8))


# --- the typed paths: Declaration and Hit structs -----------------------------------------------------

def test_encode_declaration_matches_the_json_form() -> None:
    record = full_declaration()
    decl = declaration_from_dict(record)
    raw = codec.encode_declaration(decl)
    assert raw == codec.encode("declaration", record)
    [back] = codec.decode_declarations([raw])
    assert isinstance(back, Declaration) and back == decl
    assert to_dict(back) == record


def test_encode_declaration_with_integers_in_double_fields() -> None:
    record = full_declaration()
    record["lines"][0].update(net_mass_kg=12, value_eur=3)
    decl = declaration_from_dict(record)
    assert codec.encode_declaration(decl) == codec.encode("declaration", record)


def test_hit_struct_round_trips() -> None:
    hit = msgspec.convert(full_hit(), Hit)
    back = codec.decode_hit(codec.encode_hit(hit))
    assert back == hit
    assert type(back.evidence["used_kg"]) is int and type(back.evidence["ratio"]) is float
    assert codec.decode(codec.encode_hit(hit))[1] == full_hit()


# --- generated traffic ---------------------------------------------------------------------------

GENERATED_LINES = 2_000
MALFORMED = 18


def assert_covers(back: Any, original: Any, path: str = "") -> None:
    """`back` equals `original` where the original has a value, and is null/empty where it has none
    (a generated record leaves optional fields out). 12 == 12.0, so doubles compare by value."""
    if isinstance(original, dict):
        assert isinstance(back, dict), path
        for key in back.keys() - original.keys():
            assert back[key] in (None, [], {}), f"{path}.{key}: {back[key]!r} for an absent field"
        for key, value in original.items():
            assert key in back, f"{path}.{key} lost"
            assert_covers(back[key], value, f"{path}.{key}")
    elif isinstance(original, list):
        assert isinstance(back, list) and len(back) == len(original), path
        for i, (b, o) in enumerate(zip(back, original)):
            assert_covers(b, o, f"{path}[{i}]")
    else:
        assert back == original, path
        assert type(back) is type(original) or {type(back), type(original)} == {int, float}, path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    path = tmp_path_factory.mktemp("generated") / "declarations.jsonl"
    written = write_declarations(path, GENERATED_LINES, seed=5, malformed=MALFORMED)
    return path, written.malformed


def test_generated_file_round_trips(generated: tuple[Path, dict[int, str]]) -> None:
    path, malformed = generated
    good = refused = 0
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            raw = codec.from_json("declaration", line)
        except RecordError:
            refused += 1
            assert number in malformed, f"line {number}: a generated record was refused"
            continue
        record = orjson.loads(line)
        back = codec.decode(raw)[1]
        assert_covers(back, record, f"line {number}")
        assert codec.encode("declaration", back) == raw
        assert orjson.loads(codec.to_json(raw)) == back
        good += 1
    assert good >= 900          # 2,000 lines at about two lines an event
    assert 0 < refused <= MALFORMED


def test_generated_declarations_decode_as_declarations(generated: tuple[Path, dict[int, str]]) -> None:
    path, malformed = generated
    lines = path.read_bytes().splitlines()
    raws = [codec.from_json("declaration", line) for n, line in enumerate(lines, start=1) if n not in malformed]
    decoded = codec.decode_declarations(raws)
    assert all(isinstance(d, Declaration) for d in decoded), [d for d in decoded if isinstance(d, RecordError)][:3]
    # The typed fast path writes the very same bytes as the checked JSON path.
    assert [codec.encode_declaration(d) for d in decoded] == raws
