"""Stored records: typed, versioned, and the state of the previous release still reads."""

from __future__ import annotations

import msgspec
import pytest

from rules.hits import Hit, hit_id
from rules.ledger import ledger_key, new_hits
from rules.records import declaration_from_dict
from rules.stored import (
    FORMAT, LedgerEntry, LineDraw, Manifest, RecordFormatError, RecordTable, RunningTotal, decode_record,
    encode_record,
)
from rules.totals import Contribution, Level, apply_contributions, manifest_key, totals_snapshot

T = "2026-11-24T12:00:00Z"
HIT = Hit(hit_id=hit_id("D1", 1, 1, "r.warning_80", "v1"), event_id="D1-v1", declaration_key="D1",
          declaration_version=1, queue="overrun", rule_id="r.warning_80", rule_version="v1", score=0.9,
          reason="Line 1 takes the quantity of R to 90 kg.", detected_at=T, item_number=1, severity="warning",
          evidence={"total_key": "auth:R:quantity", "running_total": 90.0})


def _line(amount: float, key: str = "D1", version: int = 1, item: int = 1) -> Contribution:
    return Contribution(total_key="auth:R:quantity", declaration_key=key, declaration_version=version,
                        event_id=f"{key}-v{version}", item_number=item, amount=amount, limit=100.0,
                        levels=[Level(0.8, "r.warning_80")], limit_rule_id="r.limit", rule_version="v1",
                        unit="kg", subject="the quantity of R")


@pytest.mark.parametrize("record", [
    RunningTotal(micro=90_000_000, lines=1),
    LineDraw(version=2, event_id="e", micro=5, live=True, hits=[HIT], rules=["r.warning_80"]),
    LineDraw(version=1, event_id="e", micro=5, live=True, total=RunningTotal(micro=9, lines=2, writes=4)),
    Manifest(version=3, targets=["auth:R:quantity|1"], gone=["auth:S:value|2"]),
    LedgerEntry(version=1, rules=["1|embargo.ru_car|abc"]),
])
def test_records_round_trip_with_their_kind_and_format(record):
    raw = encode_record(record)
    assert decode_record(raw) == record
    head = msgspec.json.decode(raw)
    assert head["f"] == FORMAT and head["r"] in ("total", "line", "manifest", "ledger")


# The state as the previous release wrote it: untyped JSON mappings, no kind, no format.
FORMAT0 = {
    "auth:R:quantity": {"t": 90_000_000, "n": 1},
    "auth:R:quantity|D1|1": {"v": 1, "e": "D1-v1", "a": 90_000_000, "live": True,
                             "hits": [msgspec.to_builtins(HIT)], "rules": ["r.warning_80"]},
    "manifest|D1": {"v": 1, "targets": ["auth:R:quantity|1"]},
}


def test_a_record_of_the_previous_shape_decodes_into_todays_type():
    raw = msgspec.json.encode(FORMAT0["auth:R:quantity|D1|1"])
    assert decode_record(raw) == LineDraw(version=1, event_id="D1-v1", micro=90_000_000, live=True,
                                          hits=[HIT], rules=["r.warning_80"])
    assert decode_record(b'{"t": 5, "n": 1}') == RunningTotal(micro=5, lines=1)
    assert decode_record(b'{"v": 2, "targets": ["a|1"]}') == Manifest(version=2, targets=["a|1"])
    assert decode_record(b'{"v": 2, "rules": ["1|r|v"]}') == LedgerEntry(version=2, rules=["1|r|v"])


def test_a_changelog_of_the_previous_release_carries_on():
    """Totals restored from format-0 records: a redelivery gets its old hits back, new lines add up,
    and what is written back is today's format."""
    table = {key: msgspec.json.encode(value) for key, value in FORMAT0.items()}
    store = RecordTable(table)
    assert apply_contributions([_line(90)], store, None, "2026-11-25T00:00:00Z") == [HIT]
    hits = apply_contributions([_line(20, key="D2")], store, None, T)
    assert [h.rule_id for h in hits] == ["r.limit"]
    assert totals_snapshot(store) == {"auth:R:quantity": 110}
    assert msgspec.json.decode(table["auth:R:quantity"]) == {"r": "total", "t": 110_000_000, "n": 2, "w": 1,
                                                                 "f": FORMAT}
    # the format-0 manifest still withdraws the line its amendment no longer draws
    amend = Contribution(total_key=manifest_key("D1"), declaration_key="D1", declaration_version=2,
                         event_id="D1-v2", kind="manifest", targets=[])
    apply_contributions([amend], store, None, T)
    assert totals_snapshot(store) == {"auth:R:quantity": 20}


def test_a_ledger_of_the_previous_release_carries_on():
    decl = declaration_from_dict({"event_id": "e2", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT",
                                  "version": 2, "lrn": "L1", "event_time": "2026-03-02T10:00:00Z",
                                  "lines": [{"item_number": 1, "commodity_code": "8703230000"}]})
    repeated = msgspec.structs.replace(HIT, declaration_key=decl.key, declaration_version=2, rule_id="embargo.ru_car",
                                       rule_version="abc", event_id="e2")
    table = {ledger_key(decl.key): msgspec.json.encode({"v": 1, "rules": ["1|embargo.ru_car|abc"]})}
    assert new_hits([decl], [repeated], RecordTable(table)) == []     # the amendment repeats a version-1 hit
    assert decode_record(table[ledger_key(decl.key)]) == LedgerEntry(version=2, rules=["1|embargo.ru_car|abc"],
                                                                     repeats=["1|embargo.ru_car|abc"])


def test_a_record_of_format_1_reads_with_its_writes_unknown():
    assert decode_record(b'{"r": "total", "f": 1, "t": 5, "n": 1}') == RunningTotal(micro=5, lines=1, writes=0, f=1)
    draw = decode_record(b'{"r": "line", "f": 1, "v": 1, "e": "e", "a": 5, "live": true}')
    assert isinstance(draw, LineDraw) and draw.total is None


@pytest.mark.parametrize("raw,message", [
    (b'{"r": "total", "f": 99, "t": 1, "n": 1}', "format 99, written by a newer release"),
    (b'{"r": "colour", "f": 1}', "malformed stored record"),
    (b'{"x": 1}', "not a stored record of format 0"),
    (b'not json', "malformed stored record"),
    (b'{"r": "total", "f": 1, "t": "many"}', "malformed stored record"),
])
def test_records_this_release_cannot_read_are_refused_by_name(raw, message):
    with pytest.raises(RecordFormatError, match=message):
        decode_record(raw)


def test_a_key_holding_another_kind_of_record_is_refused():
    store = RecordTable({"auth:R:quantity": encode_record(Manifest(version=1))})
    with pytest.raises(RecordFormatError, match="expected a RunningTotal"):
        apply_contributions([_line(1)], store, None, T)
