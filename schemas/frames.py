"""Avro messages in a file: each message is preceded by its length as a 4-byte
big-endian unsigned integer. A message is what travels as a Kafka value
(Confluent wire format), so a frames file can be replayed byte for byte.
`encode_file` and `decode_file` convert between JSON Lines and frames files."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from typing import BinaryIO

from rules.errors import RecordError
from rules.jsonl import json_lines
from schemas import codec

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


def encode_file(name: str, source: BinaryIO, out: BinaryIO, report: Callable[[str], None]) -> tuple[int, int]:
    """Write each line of `source` as a frame; a refused line is reported and skipped.
    Returns (written, refused)."""
    written = refused = 0
    for number, line in json_lines(source):
        try:
            message = codec.from_json(name, line)
        except RecordError as exc:
            refused += 1
            report(f"line {number}: {exc}")
            continue
        write_frame(out, message)
        written += 1
    return written, refused


def decode_file(source: BinaryIO, out: BinaryIO, report: Callable[[str], None]) -> tuple[int, int]:
    """Write each frame of `source` as a JSON line; a frame that does not decode is reported and
    skipped. Returns (written, refused)."""
    written = refused = 0
    try:
        for number, message in enumerate(read_frames(source), start=1):
            try:
                out.write(codec.to_json(message) + b"\n")
            except RecordError as exc:
                refused += 1
                report(f"frame {number}: {exc}")
            else:
                written += 1
    except RecordError as exc:   # raised by read_frames: the file ends inside a frame, nothing follows
        refused += 1
        report(str(exc))
    return written, refused
