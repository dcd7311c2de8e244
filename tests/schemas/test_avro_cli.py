"""`grenswacht avro encode|decode|schemas` through the console script's click group."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from loadtest.files import write_declarations
from schemas import codec
from schemas.avsc import SCHEMA_IDS, schema_path
from schemas.frames import read_frames, write_frame
from streams.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_roundtrip import assert_covers  # noqa: E402

# Malformed kinds the Avro schema itself refuses; the others (a bad country, a negative value, ...)
# fit the Avro types and are refused later, by the contract's patterns and ranges.
AVRO_REFUSES = {"invalid_json", "not_an_object", "missing_event_id", "missing_lines", "unknown_field",
                "bad_source", "version_as_text", "unknown_line_field"}
MALFORMED = 18     # one of each kind the generator knows


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)     # click < 8.2 mixes stderr into output unless told
    except TypeError:
        return CliRunner()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    path = tmp_path_factory.mktemp("cli") / "declarations.jsonl"
    written = write_declarations(path, 600, seed=13, malformed=MALFORMED)
    return path, written.malformed


@pytest.fixture(scope="module")
def encoded(generated: tuple[Path, dict[int, str]]) -> tuple[Path, object]:
    path, _ = generated
    frames = path.with_suffix(".frames")
    result = runner().invoke(cli, ["avro", "encode", "--schema", "declaration", "--input", str(path),
                                   "--output", str(frames)])
    return frames, result


def test_encode_reports_each_refused_line(generated: tuple[Path, dict[int, str]],
                                          encoded: tuple[Path, object]) -> None:
    _, malformed = generated
    _, result = encoded
    expected = sorted(n for n, kind in malformed.items() if kind in AVRO_REFUSES)
    assert expected, "the generated file must hold records the Avro schema refuses"
    assert result.exit_code == 1, result.output
    reported = [int(n) for n in re.findall(r"^line (\d+): ", result.stderr, flags=re.MULTILINE)]
    assert reported == expected
    assert f"refused {len(expected)}" in result.stdout


def test_encode_names_field_and_reason(generated: tuple[Path, dict[int, str]],
                                       encoded: tuple[Path, object]) -> None:
    _, malformed = generated
    _, result = encoded
    by_line = dict(re.findall(r"^line (\d+): (.*)$", result.stderr, flags=re.MULTILINE))
    reasons = {malformed[int(n)]: text for n, text in by_line.items()}
    assert reasons["unknown_line_field"] == "lines[0].hs_code: unknown field, not in the schema"
    assert reasons["unknown_field"] == "customs_office: unknown field, not in the schema"
    assert reasons["missing_event_id"] == "event_id: missing required field"
    assert reasons["version_as_text"] == "version: expected integer, got string"
    assert reasons["bad_source"].startswith("source: 'SAP' is not one of")
    assert reasons["invalid_json"].startswith("invalid JSON")


def test_decode_gives_back_the_good_records(generated: tuple[Path, dict[int, str]],
                                            encoded: tuple[Path, object], tmp_path: Path) -> None:
    path, malformed = generated
    frames, _ = encoded
    out = tmp_path / "back.jsonl"
    result = runner().invoke(cli, ["avro", "decode", "--input", str(frames), "--output", str(out)])
    assert result.exit_code == 0, result.output
    kept = [orjson.loads(line) for n, line in enumerate(path.read_bytes().splitlines(), start=1)
            if malformed.get(n) not in AVRO_REFUSES]
    back = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(back) == len(kept) > 200
    for number, (original, decoded) in enumerate(zip(kept, back), start=1):
        # Absent optional fields come back as null or empty; present ones equal (12 == 12.0).
        assert_covers(decoded, original, f"record {number}")
    assert f"wrote {len(kept)} records" in result.stdout


def test_frames_are_the_kafka_values(generated: tuple[Path, dict[int, str]], encoded: tuple[Path, object]) -> None:
    path, malformed = generated
    frames, _ = encoded
    with open(frames, "rb") as source:
        messages = list(read_frames(source))
    good = [line for n, line in enumerate(path.read_bytes().splitlines(), start=1) if malformed.get(n) not in AVRO_REFUSES]
    assert messages == [codec.from_json("declaration", line) for line in good]


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    source = tmp_path / "hits.jsonl"
    hit = {"hit_id": "h1", "event_id": "e1", "declaration_key": "k", "declaration_version": 1, "queue": "sample",
           "rule_id": "sample.random", "rule_version": "1", "score": 1, "reason": "Random selection.",
           "evidence": {"draw": 17, "p": 0.01}, "detected_at": "2026-01-05T08:00:00Z"}
    source.write_bytes(b"\xef\xbb\xbf" + orjson.dumps(hit) + b"\r\n\n")
    frames, back = tmp_path / "hits.frames", tmp_path / "back.jsonl"
    result = runner().invoke(cli, ["avro", "encode", "--schema", "hit", "--input", str(source),
                                   "--output", str(frames)])
    assert result.exit_code == 0, result.output
    assert runner().invoke(cli, ["avro", "decode", "--input", str(frames), "--output", str(back)]).exit_code == 0
    [decoded] = [orjson.loads(line) for line in back.read_bytes().splitlines()]
    assert decoded["evidence"] == {"draw": 17, "p": 0.01} and decoded["severity"] == "hit"
    assert decoded["score"] == 1.0


def test_dead_letter_bytes_through_the_files(tmp_path: Path) -> None:
    record = {"original": bytes(range(256)).decode("latin-1"), "topic": "decl.aes", "partition": 1, "offset": 9,
              "reason": "r", "field": None, "failed_at": "2026-01-05T08:00:00Z"}
    source, frames, back = tmp_path / "dl.jsonl", tmp_path / "dl.frames", tmp_path / "dl.back.jsonl"
    source.write_bytes(orjson.dumps(record) + b"\n")
    assert runner().invoke(cli, ["avro", "encode", "--schema", "dead_letter", "--input", str(source),
                                 "--output", str(frames)]).exit_code == 0
    assert runner().invoke(cli, ["avro", "decode", "--input", str(frames), "--output", str(back)]).exit_code == 0
    assert orjson.loads(back.read_bytes()) == record
    with open(frames, "rb") as handle:
        [message] = list(read_frames(handle))
    assert codec.decode(message)[1]["original"] == bytes(range(256))


def test_decode_reports_bad_frames_and_goes_on(tmp_path: Path) -> None:
    good = codec.encode("authorisation", {"reference": "R", "type": "IPO", "holder_eori": "NL1",
                                          "valid_from": "2026-01-01", "valid_to": "2026-12-31"})
    frames, out = tmp_path / "mixed.frames", tmp_path / "mixed.jsonl"
    with open(frames, "wb") as handle:
        for message in (good, b"\x01" + good[1:], good + b"xx", good):
            write_frame(handle, message)
        handle.write(b"\x00\x00\x01\x00abc")       # a last frame cut short
    result = runner().invoke(cli, ["avro", "decode", "--input", str(frames), "--output", str(out)])
    assert result.exit_code == 1
    assert "frame 2: " in result.stderr and "magic byte" in result.stderr
    assert "frame 3: " in result.stderr and "left over" in result.stderr
    assert "frame 5: file ends after 3 of 256 bytes" in result.stderr
    assert len(out.read_bytes().splitlines()) == 2


def test_unknown_schema_option_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "x.jsonl"
    source.write_bytes(b"{}\n")
    result = runner().invoke(cli, ["avro", "encode", "--schema", "invoice", "--input", str(source),
                                   "--output", str(tmp_path / "x.frames")])
    assert result.exit_code == 2 and "invoice" in result.stderr


def test_schemas_lists_names_ids_and_files() -> None:
    result = runner().invoke(cli, ["avro", "schemas"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(name, int(schema_id)) for name, schema_id, _ in rows] == list(SCHEMA_IDS.items())
    for name, _, path in rows:
        assert Path(path) == schema_path(name) and Path(path).is_file()
