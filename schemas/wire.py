"""The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id
(big-endian), the rest the Avro body written without a container."""

from __future__ import annotations

import struct

from rules.errors import RecordError

MAGIC = 0
HEADER_SIZE = 5
_HEADER = struct.Struct(">bI")


def header(schema_id: int) -> bytes:
    return _HEADER.pack(MAGIC, schema_id)


def split(raw: bytes) -> tuple[int, memoryview]:
    """Schema id and body of one message; RecordError when it is not in the wire format."""
    if len(raw) < HEADER_SIZE:
        raise RecordError(f"not Avro in the Confluent wire format: {len(raw)} bytes, "
                          f"shorter than the {HEADER_SIZE}-byte header")
    magic, schema_id = _HEADER.unpack_from(raw)
    if magic != MAGIC:
        raise RecordError(f"not Avro in the Confluent wire format: magic byte is {raw[0]:#04x}, "
                          f"expected {MAGIC:#04x}")
    return schema_id, memoryview(raw)[HEADER_SIZE:]
