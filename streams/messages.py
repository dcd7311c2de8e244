"""What travels on the internal contributions topic, and the hit groups of a screening batch.

- a running-total `Contribution` (rules.totals), keyed by its `total_key`, so that one
  partition (and one worker) owns each total;
- a `HitGroup`: the stateless hits of one declaration version. The screening agent passes
  it through the hit ledger itself (streams.ledger); on the topic, keyed by
  `rules.ledger.ledger_key` (`hits|<declaration key>`), it comes only from workers of
  an earlier release, and the totals agent still applies it.

A one-byte tag tells them apart; the body is msgspec JSON.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from rules.hits import Hit
from rules.ledger import ledger_key
from rules.records import Declaration
from rules.totals import Contribution, decode_contribution, encode_contribution

_CONTRIBUTION = b"C"
_HIT_GROUP = b"H"


class HitGroup(msgspec.Struct, kw_only=True):
    """The hits of one declaration version in one batch; `key`, `version`, `event_id` are what
    rules.ledger.new_hits reads of a declaration."""

    key: str
    version: int
    event_id: str
    hits: list[Hit] = []

    @property
    def routing_key(self) -> str:
        return ledger_key(self.key)


_group_encoder = msgspec.json.Encoder()
_group_decoder = msgspec.json.Decoder(HitGroup)


def encode_message(item: Contribution | HitGroup) -> bytes:
    if isinstance(item, HitGroup):
        return _HIT_GROUP + _group_encoder.encode(item)
    return _CONTRIBUTION + encode_contribution(item)


def decode_message(raw: bytes) -> Contribution | HitGroup:
    tag, body = raw[:1], raw[1:]
    if tag == _CONTRIBUTION:
        return decode_contribution(body)
    if tag == _HIT_GROUP:
        return _group_decoder.decode(body)
    raise ValueError(f"unknown message tag {tag!r} on the contributions topic")


def routing_key(item: Contribution | HitGroup) -> str:
    return item.routing_key if isinstance(item, HitGroup) else item.total_key


def group_hits(events: Sequence[Declaration], hits: Sequence[Hit]) -> list[HitGroup]:
    """One group per declaration version of the batch, in event order, for the versions that have
    hits and for every amendment (an amendment without hits still resets what counts as repeated)."""
    by_version: dict[tuple[str, int], dict[str, Hit]] = {}
    for hit in hits:
        by_version.setdefault((hit.declaration_key, hit.declaration_version), {})[hit.hit_id] = hit
    groups: list[HitGroup] = []
    seen: set[tuple[str, int]] = set()
    for decl in events:
        version = (decl.key, decl.version)
        if version in seen:
            continue
        mine = by_version.get(version)
        if mine is None and decl.version == 1:
            continue
        seen.add(version)
        found = list(mine.values()) if mine else []
        groups.append(HitGroup(key=decl.key, version=decl.version,
                               event_id=found[0].event_id if found else decl.event_id, hits=found))
    return groups
