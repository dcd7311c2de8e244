"""The hit ledger in the screening agent: each group is read and written with its own source message
current, and a ledger entry this release cannot read holds back that group only."""

from __future__ import annotations

from typing import Any

from faust.streams import current_event

from rules.hits import Hit, hit_id
from rules.ledger import ledger_key
from rules.stored import RecordTable
from streams.ledger import pass_groups
from streams.messages import HitGroup

NEWER = b'{"r": "ledger", "f": 99, "v": 1}'      # a record format of a later release


class Source:
    """Stands for a faust Message: the ledger makes it current while its group passes."""

    def __init__(self, partition: int) -> None:
        self.partition = partition


class PartitionedStore(dict[str, Any]):
    """Records the partition of the current event's message at every write, as faust's rocksdict store
    reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.written_on: dict[str, int] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        self.written_on[key] = current_event().message.partition     # type: ignore[union-attr]
        super().__setitem__(key, value)


def _group(key: str, version: int) -> HitGroup:
    hit = Hit(hit_id=hit_id(key, version, 1, "embargo.ru_car", "v1"), event_id=f"{key}-{version}",
              declaration_key=key, declaration_version=version, queue="embargo", rule_id="embargo.ru_car",
              rule_version="v1", score=1.0, reason="Russian car.", detected_at="2026-03-02T10:00:01Z",
              item_number=1)
    return HitGroup(key=key, version=version, event_id=hit.event_id, hits=[hit])


def test_each_group_writes_on_the_partition_of_its_own_message() -> None:
    store = PartitionedStore()
    messages = [Source(partition=4), Source(partition=1)]
    passed = pass_groups(RecordTable(store), [_group("A", 1), _group("B", 1)], [1, 0], messages)  # type: ignore[arg-type]
    assert [h.declaration_key for h in passed.hits] == ["A", "B"] and not passed.refused
    assert store.written_on == {ledger_key("A"): 1, ledger_key("B"): 4}
    assert current_event() is None              # nothing stays current after the pass


def test_an_unreadable_entry_holds_back_its_group_and_the_others_pass() -> None:
    store: dict[str, Any] = {ledger_key("A"): NEWER}
    passed = pass_groups(RecordTable(store), [_group("A", 2), _group("B", 1)], [0, 1], [Source(0), Source(0)])  # type: ignore[list-item]
    assert [h.declaration_key for h in passed.hits] == ["B"]
    assert [origin for origin, _ in passed.refused] == [0]
    assert "newer release" in str(passed.refused[0][1])
    assert store[ledger_key("A")] == NEWER       # left as it was for the release that wrote it
