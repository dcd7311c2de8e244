"""The traffic of a scenario: generated declarations as Kafka messages, the poison among them, and what
the offline screen of the same declarations expects.

Messages are encoded once, up front, so that publishing them costs the paced loop
nothing but the producer call; the send time of each declaration version is kept
for event-to-hit latency (the file's own event times are synthetic and feed the
rules, so they are never restamped).
"""

from __future__ import annotations

import random
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from loadtest.chaos.oracle import offline_screen
from loadtest.files import write_authorisations, write_declarations
from loadtest.malformed import malformed_cases
from rules.engine import Engine
from rules.hits import Hit
from rules.records import Authorisation, authorisation_from_dict, decode_declaration
from schemas import codec
from streams.naming import Names
from streams.publish import invalid_value, producer

WIRE_POISON = ("bad_avro", "wrong_schema_id", "truncated_avro")


@dataclass(frozen=True)
class Message:
    topic: str
    key: bytes | None
    value: bytes
    lines: int                      # goods lines (0 for poison)
    ident: tuple[str, int] | None   # (declaration key, version); None for poison


@dataclass
class Traffic:
    path: Path
    authorisations: list[Authorisation]
    messages: list[Message]
    expected_hits: dict[str, Hit]
    expected_totals: dict[str, float]
    poison: list[tuple[str, bytes]]          # (kind, value on the wire): what must reach the dead letters
    clean_prefix: int = 0                    # messages before the first place poison may sit

    @property
    def lines(self) -> int:
        return sum(m.lines for m in self.messages)


def build_traffic(workdir: Path, names: Names, lines: int, seed: int, *, poison_fraction: float = 0.0,
                  poison_from: float = 0.0, engine_lists: Sequence[Path] = ()) -> Traffic:
    """`lines` goods lines of generated traffic; a `poison_fraction` of malformed messages of every kind
    (contract breaks, bad Avro, a wrong schema id, truncated bytes) mixed in from the fraction
    `poison_from` of the traffic on."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"traffic-{seed}.jsonl"
    write_declarations(path, lines, seed)
    auths = [authorisation_from_dict(a) for a in write_authorisations(workdir / f"auth-{seed}.jsonl", seed)]
    messages = [_message(raw, names) for raw in path.read_bytes().splitlines() if raw.strip()]
    poison: list[tuple[str, bytes]] = []
    poison_after = int(len(messages) * poison_from)
    if poison_fraction > 0:
        count = max(len(WIRE_POISON) + 1, round((len(messages) - poison_after) * poison_fraction))
        poison = poison_values(count, seed)
        rng = random.Random(f"poison:{seed}")
        slots = sorted(rng.randrange(poison_after, len(messages) + 1) for _ in poison)
        for offset, (slot, (_kind, value)) in enumerate(zip(slots, poison)):
            messages.insert(slot + offset, Message(names.sources["DMS"], None, value, 0, None))
    screener = None
    if engine_lists:
        from rules.sanctions import PartyScreener, load_lists
        screener = PartyScreener.build(load_lists(list(engine_lists)))
    hits, totals, _ = offline_screen(Engine.build(None, auths, screener), path)
    return Traffic(path, auths, messages, hits, totals, poison, poison_after)


def _message(raw: bytes, names: Names) -> Message:
    decl = decode_declaration(raw)
    return Message(names.sources[decl.source], decl.key.encode(), codec.encode_declaration(decl),
                   len(decl.lines), (decl.key, decl.version))


def poison_values(count: int, seed: int) -> list[tuple[str, bytes]]:
    """`count` values that must each be dead-lettered: the kinds cycle through the wire-level ones and
    the contract breaks of the load test's malformed records."""
    cases = iter(malformed_cases(count, seed))     # every kind of contract break, in turn
    good = codec.encode("declaration", _valid_record(seed))
    out: list[tuple[str, bytes]] = []
    for i in range(count):
        kind = WIRE_POISON[i % 4] if i % 4 < len(WIRE_POISON) else "contract"
        if kind == "bad_avro":
            value = good[:5] + b"\xff" * 7 + good[12:]     # header right, body not Avro for this schema
        elif kind == "wrong_schema_id":
            value = good[:1] + struct.pack(">I", 99) + good[5:]
        elif kind == "truncated_avro":
            value = good[: len(good) // 2]
        else:
            case = next(cases)
            kind, value = case.kind, invalid_value(case.raw)
        out.append((kind, value))
    return out


def _valid_record(seed: int) -> dict:
    from loadtest.generator import DeclarationGenerator
    return next(iter(DeclarationGenerator(10, seed=seed + 7_919)))


class Publisher:
    """Publishes messages at a steady rate of goods lines per second in a thread of its own, and notes
    when each declaration version was first sent (wall clock, as the worker's detected_at)."""

    def __init__(self, bootstrap: str, messages: Sequence[Message], lines_per_second: float,
                 loops: int = 1, until: float | None = None) -> None:
        self.messages, self.rate, self.loops, self.until = messages, lines_per_second, loops, until
        self.out = producer(bootstrap)
        self.sent_at: dict[tuple[str, int], float] = {}
        self.sent = 0
        self.lines = 0
        self.failures: list[str] = []
        self.started = 0.0
        self.finished = 0.0
        self._thread = threading.Thread(target=self._run, name="chaos-publisher", daemon=True)

    def start(self) -> "Publisher":
        self.started = time.monotonic()
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def _run(self) -> None:
        begun = time.perf_counter()
        loop = 0
        while loop < self.loops or (self.until is not None and time.monotonic() < self.until):
            for message in self.messages:
                if self.until is not None and loop >= self.loops and time.monotonic() >= self.until:
                    break
                self._send(message)
                ahead = self.lines / self.rate - (time.perf_counter() - begun)
                if ahead > 0:
                    time.sleep(ahead)
            loop += 1
        remaining = self.out.flush(120.0)
        if remaining:
            self.failures.append(f"{remaining} messages undelivered after 120 s")
        self.finished = time.monotonic()

    def _send(self, message: Message) -> None:
        if message.ident is not None:
            self.sent_at.setdefault(message.ident, time.time())
        while True:
            try:
                self.out.produce(message.topic, message.value, key=message.key, on_delivery=self._delivered)
                break
            except BufferError:
                self.out.poll(0.05)
        self.sent += 1
        self.lines += message.lines or 1     # poison paces like a one-line event
        if self.sent % 500 == 0:
            self.out.poll(0)

    def _delivered(self, err, _msg) -> None:  # type: ignore[no-untyped-def]
        if err is not None:
            self.failures.append(err.str())
