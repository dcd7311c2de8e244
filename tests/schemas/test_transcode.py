"""The one-pass reader of declaration batches (Avro -> MessagePack -> msgspec) gives exactly what fastavro's
record-by-record reader gives: the same Declarations, and the same refusal, reason for reason."""

from __future__ import annotations

import copy
import io
import re
import sys
from pathlib import Path
from typing import Any

import fastavro
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loadtest.generator import generate_declarations
from rules.errors import RecordError
from rules.records import Declaration
from schemas import codec, transcode, wire
from schemas.avsc import SCHEMA_IDS, load_avsc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_roundtrip import full_declaration  # noqa: E402

PROGRAM = transcode.Program.compile(load_avsc("declaration"), wire.header(SCHEMA_IDS["declaration"]))
HEADER = wire.header(SCHEMA_IDS["declaration"])
ADDRESS = re.compile(r" at 0x[0-9a-f]+")    # fastavro names the stream it read, by its id in this process


def outcome(item: Declaration | RecordError) -> tuple[str, Any]:
    """What a caller sees of one result: NaN-safe bytes of a Declaration, or the refusal's reason and field."""
    if isinstance(item, Declaration):
        return "declaration", msgspec.msgpack.encode(item)
    return type(item).__name__, (ADDRESS.sub("", item.reason), item.field)


def assert_same_as_fastavro(raws: list[bytes]) -> list[Declaration | RecordError]:
    new = codec.decode_declarations(raws)
    old = codec.decode_declarations_with_fastavro(raws)
    assert [outcome(item) for item in new] == [outcome(item) for item in old]
    return new


def message(record: dict[str, Any]) -> bytes:
    return codec.encode("declaration", record)


def zigzag(value: int) -> bytes:
    """An Avro long, written by hand for the block counts and sizes fastavro's writer never produces."""
    n = (value << 1) ^ (value >> 63)
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def record_schema(name: str) -> dict[str, Any]:
    def find(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("type") == "record" and node.get("name") == name:
                return node
            return next((found for value in node.values() if (found := find(value)) is not None), None)
        if isinstance(node, list):
            return next((found for value in node if (found := find(value)) is not None), None)
        return None
    return find(load_avsc("declaration"))


LINE = fastavro.parse_schema(record_schema("Line"))
DOCUMENT = fastavro.parse_schema(record_schema("Document"))


def avro(schema: Any, value: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    fastavro.schemaless_writer(out, schema, value)
    return out.getvalue()


def blocks(items: list[bytes], sizes: list[int]) -> bytes:
    """An Avro array in blocks of the given item counts; a negative count writes the block with its byte size."""
    assert sum(abs(size) for size in sizes) == len(items)
    out, at = bytearray(), 0
    for size in sizes:
        chunk = items[at:at + abs(size)]
        at += abs(size)
        out += zigzag(-len(chunk)) + zigzag(sum(map(len, chunk))) if size < 0 else zigzag(len(chunk))
        out += b"".join(chunk)
    return bytes(out + b"\x00")


def with_blocks(record: dict[str, Any], line_sizes: list[int], document_sizes: list[int]) -> bytes:
    """`record`'s message with `lines` (the last field, as `documents` is of a line) written in blocks."""
    head = message({**record, "lines": []})
    lines = []
    for line in record["lines"]:
        bare = avro(LINE, {**line, "documents": []})
        documents = [avro(DOCUMENT, document) for document in line["documents"]]
        lines.append(bare[:-1] + blocks(documents, document_sizes))
    return head[:-1] + blocks(lines, line_sizes)


def many_lines(count: int) -> dict[str, Any]:
    record = full_declaration()
    line = record["lines"][0]
    line["documents"] = [{**line["documents"][0], "reference": f"DOC{i}"} for i in range(4)]
    record["lines"] = [{**copy.deepcopy(line), "item_number": i + 1} for i in range(count)]
    return record


# --- the same Declarations -------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(12))
def test_generated_traffic_reads_the_same(seed: int) -> None:
    raws = [message(record) for record in generate_declarations(400, seed=seed)]
    read = assert_same_as_fastavro(raws)
    assert all(isinstance(item, Declaration) for item in read)
    assert transcode.transcode(PROGRAM, raws).read == len(raws)     # none left to fastavro


def every_union_null() -> dict[str, Any]:
    record = full_declaration()
    for field in ("lrn", "mrn", "acceptance_date", "declarant", "importer", "exporter", "consignor", "consignee",
                  "representative"):
        record[field] = None
    record["authorisations"] = []
    record["lines"] = [{"item_number": 1, "commodity_code": "870321", "additional_procedure_codes": [],
                        "documents": []}]
    return record


def edge_cases() -> list[dict[str, Any]]:
    full = full_declaration()
    line = full["lines"][0]
    return [
        full, every_union_null(),
        {**full, "importer": {"name": None, "eori": None, "country": None, "address": None}},
        {**full, "lines": [{**line, "description": "x" * 300}]},                   # str16
        {**full, "lines": [{**line, "description": "€" * 200 + "𝄞" * 50}]},         # 800 bytes, 250 characters
        {**full, "importer": {"name": "Ærøskøbing Şirketi 北京 Ωmega 🚢", "country": "DK"}},
        {**full, "lines": [{**line, "description": "x" * 70_000}]},                # str32, refused for its length
        {**full, "version": 2**63 - 1}, {**full, "version": -2**63}, {**full, "version": -1},
        {**full, "version": 127}, {**full, "version": 128}, {**full, "version": 0},
        {**full, "lines": [{**line, "item_number": 99_999}]}, {**full, "lines": [{**line, "item_number": 100_000}]},
        {**full, "lines": [{**line, "net_mass_kg": float("inf"), "gross_mass_kg": -0.0, "value_eur": 5e-324,
                            "supplementary_units": 1.7976931348623157e308}]},
        {**full, "lines": [{**line, "net_mass_kg": float("nan")}]},
        {**full, "lines": [{**line, "net_mass_kg": -1.5}]},
        {**full, "lines": [line, line]},                                           # duplicate item number
        {**full, "source": "NCTS", "direction": "TRANSIT"},
    ]


def test_edge_cases_read_the_same_alone_and_together() -> None:
    raws = [message(record) for record in edge_cases()]
    assert transcode.transcode(PROGRAM, raws).read == len(raws)      # all well-formed Avro: refusals are msgspec's
    together = assert_same_as_fastavro(raws)
    assert [outcome(item) for item in together] == [outcome(codec.decode_declarations([raw])[0]) for raw in raws]
    kinds = [isinstance(item, Declaration) for item in together]
    assert kinds.count(True) >= 10 and kinds.count(False) >= 6


@pytest.mark.parametrize("line_sizes, document_sizes", [([5], [4]), ([1, 1, 1, 1, 1], [2, 2]), ([-2, 3], [-4]),
                                                        ([2, -1, -2], [1, -1, 2]), ([-5], [-1, -1, -1, -1])])
def test_arrays_written_in_blocks_read_as_one(line_sizes: list[int], document_sizes: list[int]) -> None:
    record = many_lines(5)
    raw = with_blocks(record, line_sizes, document_sizes)
    assert transcode.transcode(PROGRAM, [raw]).read == 1
    read = assert_same_as_fastavro([raw, message(record)])
    assert isinstance(read[0], Declaration) and read[0] == read[1]
    assert len(read[0].lines) == 5 and all(len(line.documents) == 4 for line in read[0].lines)


def test_empty_arrays_read_as_empty_lists() -> None:
    record = full_declaration()
    record["authorisations"] = []
    record["lines"][0]["documents"] = []
    record["lines"][0]["additional_procedure_codes"] = []
    [read] = assert_same_as_fastavro([message(record)])
    line = read.lines[0]
    assert read.authorisations == [] and line.documents == [] and line.additional_procedure_codes == []


# --- the same refusals ------------------------------------------------------------------------------

def test_a_body_cut_at_every_byte_is_refused_as_fastavro_refuses_it() -> None:
    raw = message(full_declaration())
    cuts = [raw[:size] for size in range(len(raw))]
    assert not (transcode.transcode(PROGRAM, cuts).status == transcode.OK).any()
    read = assert_same_as_fastavro(cuts + [raw])
    assert all(isinstance(item, RecordError) for item in read[:-1]) and isinstance(read[-1], Declaration)


def test_bytes_left_over_are_refused() -> None:
    raw = message(full_declaration())
    read = assert_same_as_fastavro([raw + b"\x00", raw + b"junk", raw])
    assert "left over" in read[0].reason and isinstance(read[2], Declaration)


def set_byte(raw: bytes, at: int, value: bytes) -> bytes:
    return raw[:at] + value + raw[at + len(value):]


def positions(record: dict[str, Any]) -> dict[str, int]:
    """Where the source enum and the lrn union index lie in `record`'s message (1-byte lengths)."""
    source = len(HEADER) + 1 + len(record["event_id"])
    return {"source": source, "lrn": source + 1 + 1 + len(record["declaration_type"]) + 1}


@pytest.mark.parametrize("field, index", [("source", 4), ("source", 5), ("source", -1), ("source", -5),
                                          ("lrn", 2), ("lrn", -1), ("lrn", -2), ("lrn", 64)])
def test_enum_and_union_indexes_out_of_range(field: str, index: int) -> None:
    record = full_declaration()
    raw = message(record)
    bad = set_byte(raw, positions(record)[field], zigzag(index))
    assert transcode.transcode(PROGRAM, [bad]).status[0] != transcode.OK
    assert_same_as_fastavro([raw, bad, raw])


@pytest.mark.parametrize("junk", [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82",
                                  b"\x80", b"\xf0\x8f\xbf\xbf"])
def test_strings_that_are_not_utf8_are_refused_as_corrupt(junk: bytes) -> None:
    record = full_declaration()
    raw = message(record)
    bad = set_byte(raw, len(HEADER) + 1 + 3, junk)      # inside event_id
    assert transcode.transcode(PROGRAM, [bad]).status[0] == transcode.BAD_UTF8
    read = assert_same_as_fastavro([bad, raw])
    assert read[0].reason.startswith("corrupt declaration Avro body: UnicodeDecodeError")


def test_wrong_headers_are_refused_as_before() -> None:
    raw = message(full_declaration())
    hit = codec.encode("hit", __import__("test_roundtrip").full_hit())
    read = assert_same_as_fastavro([b"", b"\x00\x00", b"\x01" + raw[1:], raw[:1] + b"\x00\x00\x03\xe7" + raw[5:],
                                    hit, raw])
    assert all(isinstance(item, RecordError) for item in read[:-1])


def test_a_batch_mixing_good_bad_and_invalid_keeps_its_order() -> None:
    good = [message(record) for record in generate_declarations(60, seed=3)]
    full = full_declaration()
    invalid = message({**full, "declaration_type": "ZZ"})
    mixed = [good[0], invalid, good[1][:40], good[2], b"\x00", good[3] + b"\x01", invalid, *good[4:]]
    read = assert_same_as_fastavro(mixed)
    assert [isinstance(item, Declaration) for item in read[:7]] == [True, False, False, True, False, False, False]
    assert read[1].field == "declaration_type"


def test_the_output_buffer_grows_for_a_batch_of_small_messages_with_long_keys() -> None:
    raw = message(every_union_null())
    batch = transcode.transcode(PROGRAM, [raw] * 500)
    assert len(batch.msgpack) > 4 * 500 * len(raw) and batch.read == 500
    assert_same_as_fastavro([raw] * 500)


flips = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4)
BASES = [message(full_declaration()), message(every_union_null()),
         *[message(record) for record in generate_declarations(20, seed=9)][:4]]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BASES), flips, st.integers(0, 64))
def test_flipped_bytes_are_read_or_refused_as_fastavro_does(raw: bytes, changes: list[tuple[int, int]],
                                                            cut: int) -> None:
    bad = bytearray(raw)
    for at, value in changes:
        bad[len(HEADER) + at % (len(raw) - len(HEADER))] = value
    assert_same_as_fastavro([bytes(bad), raw, bytes(bad[:len(bad) - cut])])


@pytest.mark.parametrize("field_type", ["int", "boolean", ["null", "string", "long"], ["string", "null"],
                                        {"type": "map", "values": "string"},
                                        {"type": "array", "items": {"type": "record", "name": "E", "fields": []}}])
def test_schemas_the_kernel_would_not_read_exactly_are_refused_when_compiled(field_type: Any) -> None:
    avsc = {"type": "record", "name": "R", "fields": [{"name": "a", "type": field_type}]}
    with pytest.raises(ValueError, match="not supported"):
        transcode.Program.compile(avsc, HEADER)
