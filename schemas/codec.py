"""Avro encoding of the contract records in the Confluent wire format.

A message is byte 0 = 0 (magic), bytes 1-4 = the schema id (big-endian), then
the Avro body written with the record's .avsc and no container. Records go in
and come out in their JSON form (the dicts of JSON Lines: every field present
on the way out, nulls included; `bytes` as bytes in Python and, in JSON text,
as Avro's JSON encoding: one character U+0000-U+00FF per byte).

Schema ids are fixed in the repo (`SCHEMA_IDS`), so producers and consumers
agree without a registry. With a Confluent-compatible schema registry:

- register each .avsc under the subject `<topic>-value` of every topic that
  carries it (TopicNameStrategy): `decl.dms-value` ... `decl.ncts-value` ->
  declaration.avsc, `ref.authorisations-value` -> authorisation.avsc,
  `hits.<queue>-value` -> hit.avsc, `decl.deadletter-value` -> dead_letter.avsc;
- the registry answers with its own id per schema; keep the map registry id ->
  record name (the name of the .avsc registered under it). Because the Avro
  body is the same for both, a message changes between the two id spaces by
  rewriting bytes 1-4 only: registry id -> `SCHEMA_IDS[name]` on the way in,
  and back on the way out.

Every failure is a `rules.errors.RecordError` naming the field where there is one.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import fastavro
import msgspec
import orjson

from rules.errors import RecordError
from rules.hits import Hit
from rules.records import Declaration, declaration_from_dict
from schemas import transcode, wire
from schemas.avsc import NAMES_BY_ID, SCHEMA_IDS, load_avsc
from schemas.check import compile_checker

__all__ = ["SCHEMA_IDS", "decode", "decode_declarations", "decode_declarations_with_fastavro", "decode_hit", "encode",
           "encode_declaration", "encode_hit", "from_json", "to_json"]


@dataclass(frozen=True)
class _Schema:
    name: str
    parsed: dict[str, Any]                 # fastavro's parsed form, parsed once
    check: Callable[[Any], Any]            # JSON form -> value for the writer, or RecordError
    header: bytes                          # magic byte + schema id

    @classmethod
    def load(cls, name: str) -> "_Schema":
        avsc = load_avsc(name)
        return cls(name, fastavro.parse_schema(avsc), compile_checker(avsc), wire.header(SCHEMA_IDS[name]))

    def write(self, value: Any) -> bytes:
        out = io.BytesIO()
        out.write(self.header)
        fastavro.schemaless_writer(out, self.parsed, value)
        return out.getvalue()

    def read(self, body: memoryview) -> dict[str, Any]:
        source = io.BytesIO(body)
        try:
            record = fastavro.schemaless_reader(source, self.parsed, None)
        except EOFError as exc:
            raise RecordError(f"truncated {self.name} Avro body: {exc}") from None
        except Exception as exc:   # corrupt bytes surface as IndexError, UnicodeDecodeError, ...: all mean the same
            raise RecordError(f"corrupt {self.name} Avro body: {type(exc).__name__}: {exc}") from None
        left = len(body) - source.tell()
        if left:
            raise RecordError(f"{left} bytes left over after the {self.name} Avro body")
        return record


_SCHEMAS: dict[str, _Schema] = {name: _Schema.load(name) for name in SCHEMA_IDS}


def _schema(name: str) -> _Schema:
    try:
        return _SCHEMAS[name]
    except KeyError:
        raise RecordError(f"no Avro schema named {name!r}; known: {', '.join(SCHEMA_IDS)}") from None


def encode(name: str, record: dict[str, Any]) -> bytes:
    """A JSON-form record as one wire-format message; RecordError naming the field that does not fit."""
    schema = _schema(name)
    return schema.write(schema.check(record))


def decode(raw: bytes) -> tuple[str, dict[str, Any]]:
    """Record name (from the schema id) and the record in JSON form."""
    schema_id, body = wire.split(raw)
    name = NAMES_BY_ID.get(schema_id)
    if name is None:
        raise RecordError(f"unknown schema id {schema_id}; known: "
                          + ", ".join(f"{i} ({n})" for i, n in NAMES_BY_ID.items()))
    return name, _SCHEMAS[name].read(body)


def decode_as(name: str, raw: bytes) -> dict[str, Any]:
    """The record in JSON form, refused with a RecordError unless its schema id names `name`."""
    found, record = decode(raw)
    if found != name:
        raise RecordError(f"expected a {name} record, found a {found} record")
    return record


def encode_declaration(decl: Declaration) -> bytes:
    """A declaration that msgspec already validated: written without the JSON-form check."""
    schema = _SCHEMAS["declaration"]
    record = msgspec.to_builtins(decl)
    try:
        return schema.write(record)
    except Exception:
        schema.check(record)    # a struct built by hand can hold anything: name the field
        raise


def decode_declarations(raws: Sequence[bytes]) -> list[Declaration | RecordError]:
    """Each message as a validated Declaration, or the RecordError that refuses it, in order.

    The batch's Avro bodies are rewritten as one MessagePack array in one compiled pass and validated
    in one msgspec call. A message the transcoder does not read, or a batch holding an invalid record,
    is read again as `decode_declarations_with_fastavro` reads it, so each refusal keeps that reason."""
    if not raws:
        return []
    batch = transcode.transcode(_DECLARATION_PROGRAM, raws)
    try:
        read: list[Declaration] | None = _batch_decoder.decode(batch.msgpack)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        read = None
    if read is not None and batch.read == len(raws):
        return read
    out: list[Declaration | RecordError] = []
    taken = iter(read or ())
    for i, (raw, status) in enumerate(zip(raws, batch.status.tolist())):
        if status != transcode.OK:
            out.append(_declaration_with_fastavro(raw))
        elif read is not None:
            out.append(next(taken))
        else:
            out.append(_declaration_from_msgpack(batch.msgpack[batch.starts[i]:batch.ends[i]], raw))
    return out


_DECLARATION_PROGRAM = transcode.Program.compile(load_avsc("declaration"), _SCHEMAS["declaration"].header)
_batch_decoder = msgspec.msgpack.Decoder(list[Declaration])
_one_decoder = msgspec.msgpack.Decoder(Declaration)


def _declaration_from_msgpack(body: Any, raw: bytes) -> Declaration | RecordError:
    """One transcoded record; a refused one is read again with fastavro, for fastavro's reason."""
    try:
        return _one_decoder.decode(body)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return _declaration_with_fastavro(raw)


def _declaration_with_fastavro(raw: bytes) -> Declaration | RecordError:
    return decode_declarations_with_fastavro([raw])[0]


def decode_declarations_with_fastavro(raws: Sequence[bytes]) -> list[Declaration | RecordError]:
    """`decode_declarations` one body at a time with fastavro, then one msgspec conversion of the dicts:
    the reference the transcoded path must equal, and the reader of every message it refuses."""
    schema = _SCHEMAS["declaration"]
    out: list[Declaration | RecordError] = []
    good: list[dict[str, Any]] = []
    where: list[int] = []
    for raw in raws:
        try:
            body = memoryview(raw)[wire.HEADER_SIZE:] if raw[:wire.HEADER_SIZE] == schema.header \
                else _decode_as_body("declaration", raw)
            record = schema.read(body)
        except RecordError as exc:
            out.append(exc)
            continue
        where.append(len(out))
        good.append(record)
        out.append(_PENDING)
    for i, decl in zip(where, _declarations(good)):
        out[i] = decl
    return out


_PENDING = RecordError("not decoded")      # placeholder, replaced before decode_declarations returns
_declaration_list = list[Declaration]


def _declarations(records: list[dict[str, Any]]) -> list[Declaration | RecordError]:
    try:
        return list(msgspec.convert(records, _declaration_list))
    except msgspec.ValidationError:
        pass
    out: list[Declaration | RecordError] = []
    for record in records:
        try:
            out.append(declaration_from_dict(record))
        except RecordError as exc:
            out.append(exc)
    return out


def _decode_as_body(name: str, raw: bytes) -> memoryview:
    """The body of a message whose header is not `name`'s: RecordError saying what it is instead."""
    schema_id, body = wire.split(raw)
    found = NAMES_BY_ID.get(schema_id)
    if found is None:
        raise RecordError(f"unknown schema id {schema_id}; known: "
                          + ", ".join(f"{i} ({n})" for i, n in NAMES_BY_ID.items()))
    if found != name:
        raise RecordError(f"expected a {name} record, found a {found} record")
    return body


def encode_hit(hit: Hit) -> bytes:
    return encode("hit", msgspec.to_builtins(hit))


def decode_hit(raw: bytes) -> Hit:
    record = decode_as("hit", raw)
    try:
        return msgspec.convert(record, Hit)
    except msgspec.ValidationError as exc:
        raise RecordError(f"not a valid hit: {exc}") from None


def _bytes_as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(raw: bytes) -> bytes:
    """One message as a JSON object (no trailing newline)."""
    _, record = decode(raw)
    return orjson.dumps(record, default=_bytes_as_text)


def from_json(name: str, line: bytes) -> bytes:
    """One JSON object (a line of JSON Lines) as a wire-format message."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON: {exc}") from None
    return encode(name, record)
