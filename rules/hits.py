"""The hit record (schemas/hit.avsc) and its deterministic id."""

from __future__ import annotations

import hashlib
from typing import Literal, Optional, Union

import msgspec

Queue = Literal["sanctions", "embargo", "cbam", "overrun", "sample"]
Severity = Literal["info", "warning", "hit"]
QUEUES: tuple[str, ...] = ("sanctions", "embargo", "cbam", "overrun", "sample")
EvidenceValue = Union[str, float, int, None]


def hit_id(
    declaration_key: str,
    declaration_version: int,
    item_number: int | None,
    rule_id: str,
    rule_version: str,
) -> str:
    """Derived from the hit's key alone, so redelivery and replay give the same id."""
    item = "-" if item_number is None else str(item_number)
    material = "\x1f".join((declaration_key, str(declaration_version), item, rule_id, rule_version))
    return hashlib.blake2b(material.encode(), digest_size=16).hexdigest()


class Hit(msgspec.Struct, kw_only=True):
    hit_id: str
    event_id: str
    declaration_key: str
    declaration_version: int
    queue: Queue
    rule_id: str
    rule_version: str
    score: float
    reason: str
    detected_at: str
    item_number: Optional[int] = None
    severity: Severity = "hit"
    list_version: Optional[str] = None
    evidence: dict[str, EvidenceValue] = {}
    event_time: Optional[str] = None


_hit_encoder = msgspec.json.Encoder()
_hit_decoder = msgspec.json.Decoder(Hit)


def hit_to_json(hit: Hit) -> bytes:
    return _hit_encoder.encode(hit)


def hit_from_json(raw: bytes | str) -> Hit:
    return _hit_decoder.decode(raw)
