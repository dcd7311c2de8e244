"""Malformed records are refused by the contract decoder with a reason; files say where they are."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from loadtest.files import write_declarations
from loadtest.malformed import BREAKERS, malformed_cases, malformed_records
from rules.errors import RecordError
from rules.records import decode_declaration


def test_every_kind_is_rejected_with_a_reason() -> None:
    records = malformed_cases(len(BREAKERS) * 2, seed=3)
    assert {r.kind for r in records} == set(BREAKERS)
    for record in records:
        assert b"\n" not in record.raw
        with pytest.raises(RecordError) as caught:
            decode_declaration(record.raw)
        assert caught.value.reason, record.kind


@pytest.mark.parametrize(("kind", "field"), [
    ("missing_event_id", "event_id"), ("bad_commodity_code", "lines[0].commodity_code"),
    ("bad_country", "lines[0].origin_country"), ("empty_lines", "lines"), ("bad_source", "source"),
])
def test_schema_breaks_name_the_field(kind: str, field: str) -> None:
    record = next(r for r in malformed_cases(len(BREAKERS), seed=1) if r.kind == kind)
    with pytest.raises(RecordError) as caught:
        decode_declaration(record.raw)
    assert field in str(caught.value)


def test_only_the_broken_part_differs_from_a_valid_event() -> None:
    record = next(r for r in malformed_cases(len(BREAKERS), seed=2) if r.kind == "unknown_field")
    event = orjson.loads(record.raw)
    del event["customs_office"]
    decode_declaration(orjson.dumps(event))


def test_file_marks_malformed_line_numbers_and_keeps_good_records_unchanged(tmp_path: Path) -> None:
    mixed = write_declarations(tmp_path / "mixed.jsonl", 4000, seed=11, malformed=25)
    clean = write_declarations(tmp_path / "clean.jsonl", 4000, seed=11)
    rows = (tmp_path / "mixed.jsonl").read_bytes().splitlines()
    assert len(mixed.malformed) == 25 and len(rows) == mixed.events + 25
    good = []
    for number, raw in enumerate(rows, start=1):
        if number in mixed.malformed:
            with pytest.raises(RecordError):
                decode_declaration(raw)
        else:
            decode_declaration(raw)
            good.append(raw)
    assert good == (tmp_path / "clean.jsonl").read_bytes().splitlines()
    assert mixed.lines == clean.lines == 4000
    assert max(mixed.malformed) < len(rows) * 0.999, "spread through the file, not piled at the end"


def test_more_malformed_than_events_go_at_the_end(tmp_path: Path) -> None:
    written = write_declarations(tmp_path / "tiny.jsonl", 3, seed=1, malformed=10)
    rows = (tmp_path / "tiny.jsonl").read_bytes().splitlines()
    assert len(rows) == written.events + 10
    assert sorted(written.malformed) == [n for n, raw in enumerate(rows, 1) if _rejected(raw)]


def _rejected(raw: bytes) -> bool:
    try:
        decode_declaration(raw)
    except RecordError:
        return True
    return False


def test_malformed_records_are_the_raw_bytes_of_the_cases() -> None:
    raw = malformed_records(7, seed=5)
    assert raw == [case.raw for case in malformed_cases(7, seed=5)]
    assert all(isinstance(r, bytes) for r in raw)
