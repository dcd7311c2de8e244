"""The contributions topic's two message kinds, and how stateless hits are grouped per declaration version."""

from __future__ import annotations

import pytest

from rules.hits import Hit, hit_id
from rules.records import declaration_from_dict
from rules.totals import Contribution
from streams.messages import HitGroup, decode_message, encode_message, group_hits, ledger_key, routing_key


def _decl(key: str, version: int, event_id: str):
    return declaration_from_dict({
        "event_id": event_id, "source": "DMS", "declaration_type": "H1", "direction": "IMPORT", "version": version,
        "event_time": "2026-03-02T10:00:00Z", "lrn": key,
        "lines": [{"item_number": 1, "commodity_code": "870323"}]})


def _hit(key: str, version: int, event_id: str, rule: str = "embargo.ru_car") -> Hit:
    return Hit(hit_id=hit_id(key, version, 1, rule, "v1"), event_id=event_id, declaration_key=key,
               declaration_version=version, queue="embargo", rule_id=rule, rule_version="v1", score=1.0,
               reason="Russian car.", detected_at="2026-03-02T10:00:01Z", item_number=1)


def test_both_kinds_round_trip_and_route_by_the_key_they_touch() -> None:
    contribution = Contribution(total_key="auth:IPO-1:quantity", declaration_key="K1", declaration_version=1,
                                event_id="e1", item_number=1, amount=12.5)
    group = HitGroup(key="K1", version=2, event_id="e2", hits=[_hit("K1", 2, "e2")])
    assert decode_message(encode_message(contribution)) == contribution
    assert decode_message(encode_message(group)) == group
    assert routing_key(contribution) == "auth:IPO-1:quantity"
    assert routing_key(group) == ledger_key("K1") == "hits|K1"


def test_an_unknown_tag_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown message tag"):
        decode_message(b"X{}")


def test_groups_cover_versions_with_hits_and_every_amendment() -> None:
    events = [_decl("A", 1, "a1"), _decl("B", 1, "b1"), _decl("C", 2, "c2"), _decl("A", 1, "a1")]
    hits = [_hit("A", 1, "a1"), _hit("A", 1, "a1")]      # the redelivered copy of a1 screened twice
    groups = group_hits(events, hits)
    assert [(g.key, g.version) for g in groups] == [("A", 1), ("C", 2)]   # B: first version, no hits
    assert len(groups[0].hits) == 1                                     # the same hit once
    assert groups[1].hits == [] and groups[1].event_id == "c2"
