"""Dead letters: a source message that could not be screened, kept whole with where it came from and why."""

from __future__ import annotations

from typing import Any

from schemas import codec
from streams.clock import now_iso

SCHEMA = "dead_letter"


def dead_letter_record(original: bytes | None, topic: str, partition: int, offset: int,
                       reason: str, field: str | None, failed_at: str | None = None) -> dict[str, Any]:
    return {"original": original if original is not None else b"", "topic": topic, "partition": partition,
            "offset": offset, "reason": reason, "field": field, "failed_at": failed_at or now_iso()}


def encode_dead_letter(record: dict[str, Any]) -> bytes:
    return codec.encode(SCHEMA, record)


def decode_dead_letter(raw: bytes) -> dict[str, Any]:
    return codec.decode_as(SCHEMA, raw)
