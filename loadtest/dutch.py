"""Streaming traffic in the Dutch 2023 mix, as wire-ready Avro messages, fast enough to outrun any worker.

    traffic = DutchTraffic(seed=7)
    for message in traffic.messages():           # endless, constant memory
        produce(message.topic, message.value(now_iso()), message.key)

1.014 billion lines in 2023, 718 million of them H7 e-commerce under EUR 150;
the rest (H1 imports, B1 exports, ICS2 entry summaries, NCTS transit) is split
as the 2014 baseline split them (domain brief §5). Lines per declaration follow
each type's own count table (loadtest.traffic).

Speed comes from templates: a pool of declarations is drawn once from
loadtest.generator (ordinary traffic and planted cases at their rates) and
encoded to Avro with fixed-width stand-ins for the MRN, event id and event
time. Each message is a template with a fresh MRN and event id spliced in, and
the event time stamped when it is sent, so the bytes never go through the
encoder again. Amendments (next version, same lines) and exact redeliveries
follow their original a few hundred events later, at small rates.

Planted positives keep their labels: each message says which (queue kind,
item) it should hit, so recall can be measured on the stream. Stateful series
(authorisations walked past 100 %, the CBAM 50-tonne threshold) do not survive
cloning and are left out of the pool; the sample queue's labels are the
sample draw itself (hash of MRN, item, profile id), computed per H1 line.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from bisect import bisect_right

from loadtest.generator import DeclarationGenerator, Rates
from rules.columns import key_hash
from rules.profiles.kinds.sample import salt
from rules.reference_eval import sample_draw
from schemas import codec

YEAR_LINES = 1.014e9
H7_LINES = 718e6
# Rest of the year by the 2014 split of declarations: ENS 41.5 M, import 152.6 M, export 109.8 M, transit 16.4 M.
_REST = {"H1": 152.6, "B1": 109.8, "ICS2": 41.5, "NCTS": 16.4}
LINE_MIX: dict[str, float] = {"H7": H7_LINES / YEAR_LINES, **{
    k: (1 - H7_LINES / YEAR_LINES) * v / sum(_REST.values()) for k, v in _REST.items()}}
STATELESS_KINDS = ("embargo.ru_car", "embargo.ru_steel", "embargo.chpl_export", "cbam.no_status",
                   "cbam.y137_excluded", "overrun.unknown_authorisation", "sanctions.party")
SAMPLE_PROFILE, SAMPLE_RATE = "sample.h1", 0.005
AMENDMENT_RATE, REDELIVERY_RATE = 0.01, 0.005
REVISION_DELAY = (50, 500)          # messages between an original and its revision

_EVENT_ID = "ffffffff-ffff-4fff-8fff-ffffffffffff"
_MRN = "99ZZ99999999999999"
_TIME = "2099-12-31T23:59:59.999Z"


def category(declaration_type: str) -> str:
    if declaration_type in ("H7", "H1", "B1"):
        return declaration_type
    return {"F": "ICS2", "D": "NCTS"}.get(declaration_type[0], "other")


@dataclass(frozen=True)
class Template:
    topic_system: str                # DMS, AES, ICS2, NCTS
    category: str
    lines: int
    parts: tuple[bytes, bytes, bytes, bytes]    # before event id, before MRN, before time, after time
    version_at: int                  # offset of the version byte in parts[2]
    labels: tuple[tuple[str, int | None], ...]  # planted (kind, item)
    items: tuple[int, ...]


@dataclass
class Message:
    system: str
    key: bytes
    event_id: str
    lines: int
    category: str
    labels: list[tuple[str, int | None]]
    _parts: tuple[bytes, bytes, bytes, bytes]
    _middle: bytes                      # MRN and what follows up to the event time
    _version_at: int                    # offset of the version byte in _middle

    def value(self, event_time: str) -> bytes:
        """The Avro message with `event_time` (24 characters, ISO with milliseconds) stamped in."""
        p = self._parts
        return b"".join((p[0], self.event_id.encode(), p[1], self._middle, event_time.encode(), p[3]))


def _template(event: dict, labels: list[tuple[str, int | None]]) -> Template | None:
    if not event.get("mrn") or event["version"] != 1:
        return None
    marked = {**event, "event_id": _EVENT_ID, "mrn": _MRN, "event_time": _TIME}
    raw = codec.encode("declaration", marked)
    bumped = codec.encode("declaration", {**marked, "version": 2})
    a, b, c = raw.index(_EVENT_ID.encode()), raw.index(_MRN.encode()), raw.index(_TIME.encode())
    if not a < b < c or len(raw) != len(bumped):
        return None
    diff = [i for i in range(b, c) if raw[i] != bumped[i]]
    if len(diff) != 1 or raw[:b] != bumped[:b] or raw[c:] != bumped[c:]:
        return None
    parts = (raw[:a], raw[a + len(_EVENT_ID):b], raw[b + len(_MRN):c], raw[c + len(_TIME):])
    return Template(event["source"], category(event["declaration_type"]), len(event["lines"]), parts,
                    diff[0] - (b + len(_MRN)), tuple(labels),
                    tuple(int(line["item_number"]) for line in event["lines"]))


def build_pool(seed: int, pool_lines: int, sanctioned_names: Sequence[str] = ()) -> dict[str, list[Template]]:
    """Templates per category from the seeded generator, stateful series left out."""
    rates = Rates(amendment=0.0, redelivery=0.0)
    generator = DeclarationGenerator(pool_lines, seed, sanctioned_names=sanctioned_names, rates=rates)
    pool: dict[str, list[Template]] = {k: [] for k in LINE_MIX}
    labels_of: dict[str, list[tuple[str, int | None]]] = {}
    events = list(generator)
    for kind, refs in generator.planted.items():
        for event_id, item in refs:
            labels_of.setdefault(event_id, []).append((kind, item))
    for event in events:
        labels = labels_of.get(event["event_id"], [])
        if any(kind not in STATELESS_KINDS for kind, _ in labels):
            continue
        template = _template(event, labels)
        if template is not None and template.category in pool:
            pool[template.category].append(template)
    missing = [k for k, v in pool.items() if not v]
    if missing:
        raise ValueError(f"the template pool has no {', '.join(missing)} declarations; raise pool_lines")
    return pool


class DutchTraffic:
    """Endless seeded messages in the Dutch mix; `counts` tallies lines per category so far."""

    def __init__(self, seed: int = 7, *, pool_lines: int = 40_000, sanctioned_names: Sequence[str] = (),
                 mix: dict[str, float] | None = None, pool: dict[str, list[Template]] | None = None) -> None:
        self.seed = seed
        self.rng = random.Random(f"dutch:{seed}")
        self.pool = pool if pool is not None else build_pool(seed, pool_lines, sanctioned_names)
        mix = mix or LINE_MIX
        cats = [c for c in mix if self.pool.get(c)]
        # Categories are drawn per event: weight each by its line share over its mean lines per event.
        mean = {c: sum(t.lines for t in self.pool[c]) / len(self.pool[c]) for c in cats}
        weights = [mix[c] / mean[c] for c in cats]
        self._cats, self._cum = cats, list(accumulate(w / sum(weights) for w in weights))
        self._salt = salt(SAMPLE_PROFILE)
        self._head = f"{seed % 100:02d}NLX"
        self._counter = 0
        self._pending: deque[tuple[int, Message, bool]] = deque()   # (due, original, amend?)
        self.counts: dict[str, int] = {c: 0 for c in cats}
        self.events = 0
        self.lines = 0

    def _identity(self) -> tuple[str, str]:
        self._counter += 1
        n = self._counter
        return f"{self._head}{n:013X}", f"{self.seed & 0xFFFFFFFF:08x}-0000-4000-8000-{n:012x}"

    def _fresh(self) -> Message:
        rng = self.rng
        cat = self._cats[min(bisect_right(self._cum, rng.random()), len(self._cats) - 1)]
        choices = self.pool[cat]
        t = choices[int(rng.random() * len(choices))]
        mrn, event_id = self._identity()
        labels = list(t.labels)
        if cat == "H1":
            keyhash = key_hash(mrn)
            labels += [("sample.h1", item) for item in t.items
                       if sample_draw(keyhash, item, self._salt) < SAMPLE_RATE]
        key = mrn.encode()
        message = Message(t.topic_system, key, event_id, t.lines, cat, labels, t.parts, key + t.parts[2],
                          len(key) + t.version_at)
        u = rng.random()
        if u < AMENDMENT_RATE + REDELIVERY_RATE:
            due = self.events + rng.randrange(*REVISION_DELAY)
            self._pending.append((due, message, u < AMENDMENT_RATE))
        return message

    def _revision(self, original: Message, amend: bool) -> Message:
        if not amend:       # the same event again: same id, same version, no labels of its own
            return Message(original.system, original.key, original.event_id, original.lines, original.category,
                           [], original._parts, original._middle, original._version_at)
        _, event_id = self._identity()
        middle = bytearray(original._middle)
        middle[original._version_at] = 4     # zigzag varint of version 2
        return Message(original.system, original.key, event_id, original.lines, original.category, [],
                       original._parts, bytes(middle), original._version_at)

    def messages(self) -> Iterator[Message]:
        pending = self._pending
        while True:
            if pending and pending[0][0] <= self.events:
                _, original, amend = pending.popleft()
                message = self._revision(original, amend)
            else:
                message = self._fresh()
            self.events += 1
            self.lines += message.lines
            self.counts[message.category] += message.lines
            yield message
