"""Avro messages in a file: each message is preceded by its length as a 4-byte
big-endian unsigned integer. A message is what travels as a Kafka value
(Confluent wire format), so a frames file can be replayed byte for byte."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

from rules.errors import RecordError

_LENGTH = struct.Struct(">I")


def write_frame(out: BinaryIO, message: bytes) -> None:
    out.write(_LENGTH.pack(len(message)))
    out.write(message)


def read_frames(source: BinaryIO) -> Iterator[bytes]:
    """Messages in file order; RecordError when the file ends inside a frame."""
    number = 0
    while prefix := source.read(_LENGTH.size):
        number += 1
        if len(prefix) < _LENGTH.size:
            raise RecordError(f"frame {number}: file ends inside the length prefix")
        (size,) = _LENGTH.unpack(prefix)
        message = source.read(size)
        if len(message) < size:
            raise RecordError(f"frame {number}: file ends after {len(message)} of {size} bytes")
        yield message
