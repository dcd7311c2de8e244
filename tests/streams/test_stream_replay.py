"""`grenswacht replay` and `authorisations load` before any message leaves: validation and clear failures."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from loadtest.malformed import malformed_records
from streams.authorisations import read_authorisations
from streams.commands.authorisations import authorisations
from streams.commands.replay import replay
from streams.errors import ReplayError
from streams.naming import Names
from streams.publish import _raw_target, check_file

UNREACHABLE = "127.0.0.1:1"     # nothing listens on port 1


def _file(tmp_path: Path, records: list[bytes]) -> Path:
    path = tmp_path / "decl.jsonl"
    path.write_bytes(b"\n".join(records) + b"\n")
    return path


def test_check_file_names_the_first_invalid_line(tmp_path: Path, small_events: list[bytes]) -> None:
    path = _file(tmp_path, small_events[:3] + [b""] + malformed_records(2, seed=5) + small_events[3:5])
    with pytest.raises(ReplayError, match=rf"{path.name}:5: invalid declaration event: .*nothing was sent"):
        check_file(path)
    assert check_file(_file(tmp_path, small_events[:20])) == 20


def test_an_invalid_file_is_refused_before_kafka_is_asked(tmp_path: Path, small_events: list[bytes],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_KAFKA", UNREACHABLE)
    path = _file(tmp_path, small_events[:2] + malformed_records(1, seed=5))
    result = CliRunner().invoke(replay, ["--input", str(path)])
    assert result.exit_code != 0
    assert "decl.jsonl:3: invalid declaration event" in result.output


def test_an_unreachable_broker_fails_with_a_clear_message(tmp_path: Path, small_events: list[bytes],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_KAFKA", UNREACHABLE)
    result = CliRunner().invoke(replay, ["--input", str(_file(tmp_path, small_events[:2]))])
    assert result.exit_code != 0
    assert f"Kafka at {UNREACHABLE} did not answer" in result.output and "stack up" in result.output
    assert "Traceback" not in result.output


def test_raw_invalid_records_go_to_the_source_they_name() -> None:
    names = Names("t")
    assert _raw_target(orjson.dumps({"source": "AES", "mrn": "26NL0000000000000A"}), names) == (
        "t.decl.aes", b"26NL0000000000000A")
    assert _raw_target(b'{"source": "SAP", "lrn": "L-1"}', names) == ("t.decl.dms", b"L-1")
    assert _raw_target(b'{"event_id": "e-1", "lines": [', names) == ("t.decl.dms", None)
    assert _raw_target(b"[1, 2]", names) == ("t.decl.dms", None)


def test_an_invalid_authorisation_refuses_the_file(tmp_path: Path) -> None:
    good = {"reference": "IPO-1", "type": "IPO", "holder_eori": "NL1", "valid_from": "2026-01-01",
            "valid_to": "2026-12-31", "max_quantity": 10.0, "quantity_unit": "KGM"}
    path = tmp_path / "auth.jsonl"
    path.write_bytes(orjson.dumps(good) + b"\n" + orjson.dumps({**good, "valid_to": "2025-01-01"}) + b"\n")
    with pytest.raises(ReplayError, match=r"auth.jsonl:2: invalid authorisation"):
        read_authorisations(path)
    result = CliRunner().invoke(authorisations, ["load", str(path)])
    assert result.exit_code != 0 and "auth.jsonl:2" in result.output
