"""The load test's Dutch-mix traffic: proportions, determinism, wire validity, labels, constant memory."""

from __future__ import annotations

import gc
import itertools
import sys
from collections import Counter

import pytest

from loadtest.dutch import LINE_MIX, SAMPLE_PROFILE, SAMPLE_RATE, DutchTraffic, Message, Template, build_pool
from rules.checks import check_declaration
from rules.columns import key_hash
from rules.profiles.kinds.sample import salt
from rules.engine import Engine
from rules.errors import RecordError
from rules.reference_eval import sample_draw
from schemas import codec

STAMP = "2026-12-06T01:23:45.678Z"
NAMES = ("BANCO NACIONAL DE CUBA", "AEROCARIBBEAN AIRLINES")


@pytest.fixture(scope="module")
def pool() -> dict[str, list[Template]]:
    return build_pool(7, 12_000, NAMES)


@pytest.fixture
def traffic(pool: dict[str, list[Template]]) -> DutchTraffic:
    return DutchTraffic(7, pool=pool)


def _take(traffic: DutchTraffic, n: int) -> list[Message]:
    return list(itertools.islice(traffic.messages(), n))


def test_line_mix_follows_the_dutch_year(traffic: DutchTraffic) -> None:
    _take(traffic, 60_000)
    shares = {c: n / traffic.lines for c, n in traffic.counts.items()}
    assert abs(shares["H7"] - 718 / 1014) < 0.01
    for category in ("H1", "B1", "ICS2", "NCTS"):
        assert abs(shares[category] - LINE_MIX[category]) < 0.01 + 0.1 * LINE_MIX[category]


def test_same_seed_same_bytes_other_seed_other_traffic() -> None:
    a, b, c = (DutchTraffic(seed, pool_lines=3_000) for seed in (3, 3, 4))
    first = [m.value(STAMP) for m in _take(a, 500)]
    assert first == [m.value(STAMP) for m in _take(b, 500)]
    assert first != [m.value(STAMP) for m in _take(c, 500)]


def test_messages_are_valid_avro_with_fresh_keys_and_the_stamped_time(traffic: DutchTraffic) -> None:
    messages = _take(traffic, 3_000)
    engine = Engine.build(None, ())
    decoded = codec.decode_declarations([m.value(STAMP) for m in messages])
    keys: Counter[str] = Counter()
    for message, decl in zip(messages, decoded):
        assert not isinstance(decl, RecordError), decl
        check_declaration(decl, engine.profile_set.sets.known_countries)
        assert decl.event_time == STAMP and decl.key == message.key.decode() and decl.event_id == message.event_id
        assert len(decl.lines) == message.lines
        keys[(decl.key, decl.version, decl.event_id)] += 1
    versions = Counter(d.version for d in decoded)
    assert versions[2] > 0, "amendments are part of the traffic"
    assert any(n == 2 for n in keys.values()), "redeliveries repeat an event as it was"


def test_planted_labels_cover_every_queue_and_sample_labels_are_the_draw(traffic: DutchTraffic) -> None:
    messages = _take(traffic, 40_000)
    kinds = Counter(kind for m in messages for kind, _ in m.labels)
    assert {k.split(".")[0] for k in kinds} == {"embargo", "cbam", "overrun", "sanctions", "sample"}
    draw_salt = salt(SAMPLE_PROFILE)
    seen: set[str] = set()
    checked = 0
    for m in (m for m in messages if m.category == "H1"):
        decl = codec.decode_declarations([m.value(STAMP)])[0]
        if m.event_id in seen or decl.version != 1:     # a revision: its original carries the labels
            continue
        seen.add(m.event_id)
        drawn = {l.item_number for l in decl.lines if sample_draw(key_hash(decl.key), l.item_number, draw_salt) < SAMPLE_RATE}
        assert {item for kind, item in m.labels if kind == SAMPLE_PROFILE} == drawn
        checked += len(drawn)
    assert checked > 0


def test_generation_streams_in_constant_memory(traffic: DutchTraffic) -> None:
    stream = traffic.messages()
    for _ in itertools.islice(stream, 5_000):
        pass
    gc.collect()
    before = sys.getallocatedblocks()
    for _ in itertools.islice(stream, 60_000):
        pass
    gc.collect()
    # what stays alive is the pool and the revisions due soon, not what was produced
    assert sys.getallocatedblocks() - before < 5_000
    assert len(traffic._pending) < 50
