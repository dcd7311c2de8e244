"""Publishing declaration events from a JSON Lines file to their source topics (`grenswacht replay`).

Records are validated against the contract before anything is sent: an invalid
file is refused whole, naming the line. For poison tests, `raw_invalid` sends
invalid records anyway, to the source topic they name (DMS when they name none):
Avro-encoded when the Avro schema admits them (a producer that checks types but
not the contract's patterns), else as their raw bytes, so that the worker's
dead-letter path sees both kinds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import orjson
from confluent_kafka import KafkaError, Producer

from rules.errors import RecordError
from rules.jsonl import json_lines
from rules.records import Declaration, decode_declaration
from schemas import codec
from streams.admin import require_broker
from streams.clock import now_iso
from streams.errors import ReplayError
from streams.naming import Names


@dataclass
class Replayed:
    events: int = 0
    lines: int = 0
    raw_invalid: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def check_file(path: Path) -> int:
    """Validate every record; raises ReplayError naming the first invalid line. Returns the record count."""
    count = 0
    for number, raw in json_lines(path):
        try:
            decode_declaration(raw)
        except RecordError as exc:
            raise ReplayError(f"{path}:{number}: invalid declaration event: {exc} "
                              "(nothing was sent; --raw-invalid sends such records as raw bytes)") from None
        count += 1
    return count


def producer(bootstrap: str) -> Producer:
    return Producer({
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,      # retries keep per-partition order: amendments stay behind originals
        "linger.ms": 5,
        "batch.num.messages": 10000,
        "queue.buffering.max.messages": 500000,
        "queue.buffering.max.kbytes": 1048576,
        "socket.connection.setup.timeout.ms": 5000,
        "message.timeout.ms": 60000,
    })


class Pacer:
    """Sleeps so that `rate` events per second are not exceeded (None: as fast as possible)."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self.started = time.perf_counter()

    def wait(self, sent: int) -> None:
        if self.rate:
            ahead = sent / self.rate - (time.perf_counter() - self.started)
            if ahead > 0:
                time.sleep(ahead)


def _raw_target(raw: bytes, names: Names) -> tuple[str, bytes | None]:
    """Where an invalid record goes: the source topic it names, keyed by its key when it has one."""
    data = _json_object(raw)
    sources = names.sources
    if data is None:
        return sources["DMS"], None
    key = data.get("mrn") or data.get("lrn") or data.get("event_id")
    topic = sources.get(data.get("source")) if isinstance(data.get("source"), str) else None
    return topic or sources["DMS"], str(key).encode() if key else None


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def invalid_value(raw: bytes) -> bytes:
    """An invalid record as it goes on the wire: Avro when the schema admits it, else the raw bytes."""
    data = _json_object(raw)
    if data is not None:
        try:
            return codec.encode("declaration", data)
        except Exception:   # the Avro schema refuses it too (missing field, wrong type): raw it is
            pass
    return raw


def replay(path: Path, names: Names, bootstrap: str, *, rate: float | None = None, raw_invalid: bool = False,
           restamp: bool = False, advance: Callable[[int], None] = lambda n: None) -> Replayed:
    """Publish every record of the file in order; `advance(records)` reports progress."""
    if not raw_invalid:
        check_file(path)
    require_broker(bootstrap)
    out, sources, result = producer(bootstrap), names.sources, Replayed()
    failures: list[str] = []

    def delivered(err: KafkaError | None, _msg: Any) -> None:
        if err is not None:
            failures.append(err.str())

    pacer = Pacer(rate)
    started = time.perf_counter()
    for number, raw in json_lines(path):
        try:
            decl: Declaration = decode_declaration(raw)
        except RecordError:
            topic, key = _raw_target(raw, names)
            _produce(out, topic, invalid_value(raw), key, delivered)
            result.raw_invalid += 1
        else:
            if restamp:
                decl = msgspec.structs.replace(decl, event_time=now_iso())
            _produce(out, sources[decl.source], codec.encode_declaration(decl), decl.key.encode(), delivered)
            result.events += 1
            result.lines += len(decl.lines)
        sent = result.events + result.raw_invalid
        if sent % 1000 == 0:
            out.poll(0)
            advance(1000)
        pacer.wait(sent)
    remaining = out.flush(60.0)
    result.seconds = time.perf_counter() - started
    advance((result.events + result.raw_invalid) % 1000)
    if remaining:
        failures.append(f"{remaining} messages still undelivered after 60 s")
    if failures:
        raise ReplayError(f"Kafka at {bootstrap} refused {len(failures)} message(s); first: {failures[0]}")
    return result


def _produce(out: Producer, topic: str, value: bytes, key: bytes | None, callback: Callable[..., None]) -> None:
    while True:
        try:
            out.produce(topic, value, key=key, on_delivery=callback)
            return
        except BufferError:         # the local queue is full: let deliveries drain it
            out.poll(0.05)
