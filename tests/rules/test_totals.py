"""Running totals: replacement by version, redelivery, withdrawal by manifest, exact arithmetic."""

from __future__ import annotations

import pytest

from rules.stored import RunningTotal
from rules.totals import (
    Contribution, Level, Limits, apply_contributions, decode_contribution, encode_contribution, manifest_key,
    retractions_for,
    totals_snapshot,
)

T = "2026-11-24T12:00:00Z"


def line(amount, key="D1", version=1, item=1, total="auth:R:quantity", event=None, limit=100.0):
    return Contribution(total_key=total, declaration_key=key, declaration_version=version,
                        event_id=event or f"{key}-v{version}", item_number=item, amount=amount, limit=limit,
                        levels=[Level(0.8, "r.warning_80")], limit_rule_id="r.limit", rule_version="v1",
                        unit="kg", subject="the quantity of R")


def manifest(key, version, *targets):
    return Contribution(total_key=manifest_key(key), declaration_key=key, declaration_version=version,
                        event_id=f"{key}-v{version}", kind="manifest", targets=list(targets))


def test_higher_version_replaces_same_or_lower_changes_nothing():
    store: dict = {}
    apply_contributions([line(60), line(30, key="D2")], store, None, T)
    apply_contributions([line(10, version=2)], store, None, T)
    assert totals_snapshot(store) == {"auth:R:quantity": 40}
    apply_contributions([line(99, version=2, event="other-event"), line(99, version=1)], store, None, T)
    assert totals_snapshot(store) == {"auth:R:quantity": 40}


def test_redelivery_returns_the_same_hits_without_recounting():
    store: dict = {}
    first = apply_contributions([line(90), line(20, key="D2")], store, None, T)
    again = apply_contributions([line(90), line(20, key="D2")], store, None, "2026-11-25T00:00:00Z")
    assert [h.hit_id for h in first] == [h.hit_id for h in again] and len(first) == 2
    assert [h.detected_at for h in again] == [T, T]
    assert totals_snapshot(store) == {"auth:R:quantity": 110}


def test_amendment_does_not_repeat_a_hit_of_the_replaced_version():
    store: dict = {}
    assert [h.rule_id for h in apply_contributions([line(150)], store, None, T)] == ["r.limit"]
    assert apply_contributions([line(160, version=2)], store, None, T) == []
    # the amended version's hits come back on its own redelivery too (none)
    assert apply_contributions([line(160, version=2)], store, None, T) == []


def test_manifest_withdraws_lines_the_new_version_no_longer_draws():
    store: dict = {}
    apply_contributions([manifest("D1", 1, "auth:R:quantity|1", "auth:S:quantity|2"), line(50),
                         line(70, item=2, total="auth:S:quantity")], store, None, T)
    apply_contributions([manifest("D1", 2, "auth:R:quantity|1"), line(55, version=2)], store, None, T)
    assert totals_snapshot(store) == {"auth:R:quantity": 55, "auth:S:quantity": 0}
    # the late first version of the withdrawn line counts nowhere
    apply_contributions([line(70, item=2, total="auth:S:quantity")], store, None, T)
    assert totals_snapshot(store)["auth:S:quantity"] == 0


def test_totals_are_exact_after_many_replacements():
    store: dict = {}
    apply_contributions([line(0.1, key=f"D{i}", limit=None) for i in range(10)], store, None, T)
    apply_contributions([line(0.2, key=f"D{i}", version=2, limit=None) for i in range(10)], store, None, T)
    apply_contributions([line(0.1, key=f"D{i}", version=3, limit=None) for i in range(10)], store, None, T)
    assert totals_snapshot(store) == {"auth:R:quantity": 1.0}


@pytest.mark.parametrize("override,expected", [({}, []), ({"auth:R:quantity": 50.0}, ["r.limit"])])
def test_limits_replace_the_carried_limit(override, expected):
    hits = apply_contributions([line(60)], {}, Limits(override), T)
    assert [h.rule_id for h in hits] == expected


def test_store_keys_scale_per_contribution():
    store: dict = {}
    apply_contributions([line(1, key=f"D{i}") for i in range(3)], store, None, T)
    assert sorted(store) == ["auth:R:quantity", "auth:R:quantity|D0|1", "auth:R:quantity|D1|1", "auth:R:quantity|D2|1"]
    assert store["auth:R:quantity"] == RunningTotal(micro=3_000_000, lines=3, writes=3)


def test_contribution_round_trips_through_its_encoding():
    c = line(12.5)
    assert decode_contribution(encode_contribution(c)) == c


def two_levels(amount, **kw):
    c = line(amount, **kw)
    c.levels = [Level(0.8, "r.warning_80"), Level(0.95, "r.warning_95")]
    return c


@pytest.mark.parametrize("amounts,expected", [
    ([90, 12], [(1, "r.warning_80", "warning"), (2, "r.limit", "hit")]),        # 90 % -> 102 %: the limit alone
    ([96], [(1, "r.warning_95", "warning")]),                                   # 80 % and 95 % at once: 95 % alone
    ([150], [(1, "r.limit", "hit")]),                                           # every level at once
    ([85, 11, 5], [(1, "r.warning_80", "warning"), (2, "r.warning_95", "warning"), (3, "r.limit", "hit")]),
    ([101, 1], [(1, "r.limit", "hit"), (2, "r.limit", "hit")]),                 # above the limit: every line
])
def test_a_line_gives_only_the_highest_level_it_crosses(amounts, expected):
    lines = [two_levels(a, key=f"D{i}", item=i + 1) for i, a in enumerate(amounts)]
    hits = apply_contributions(lines, {}, None, T)
    assert [(h.item_number, h.rule_id, h.severity) for h in hits] == expected


def test_a_redelivered_manifest_repeats_its_retractions():
    store: dict = {}
    first = manifest("K", 1, "auth:A:value|1", "auth:A:value|2")
    amended = manifest("K", 2, "auth:A:value|1")
    assert retractions_for(first, store) == []
    gone = retractions_for(amended, store)
    assert [(r.total_key, r.item_number, r.kind) for r in gone] == [("auth:A:value", 2, "retraction")]
    assert retractions_for(amended, store) == gone          # redelivered: the same, not nothing
    assert retractions_for(first, store) == []              # a late older version: nothing


class Changelog(dict):
    """A store that keeps every write in order, as a table's changelog does: its prefixes are what a
    worker that died can have left on the changelog, and replaying one is the state rebuilt from it."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, object]] = []

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.writes.append((key, value))

    def rebuilt(self, upto: int | None = None) -> "Changelog":
        state = Changelog()
        for key, value in self.writes[:upto]:
            state[key] = value
        return state


def test_a_draw_kept_without_its_total_counts_once_when_redelivered():
    """The worker died after the draw's record reached the changelog and before the total's did."""
    log = Changelog()
    apply_contributions([line(40), line(30, key="D2")], log, None, T)
    assert log.writes[-1][0] == "auth:R:quantity"
    state = log.rebuilt(-1)                 # D2's draw is there, the total still 40
    apply_contributions([line(30, key="D2")], state, None, T)
    assert totals_snapshot(state) == {"auth:R:quantity": 70}
    assert state["auth:R:quantity"].lines == 2


def test_a_redelivery_writes_again_what_never_reached_the_changelog():
    """The worker kept its local state, but D2's writes never left it: the redelivery, found applied,
    writes them again, so a worker that takes the partition over rebuilds the same total."""
    local = Changelog()
    apply_contributions([line(40)], local, None, T)
    sent = len(local.writes)
    apply_contributions([line(30, key="D2")], local, None, T)
    del local.writes[sent:]                 # lost with the worker
    apply_contributions([line(30, key="D2")], local, None, T)
    assert totals_snapshot(local) == totals_snapshot(local.rebuilt()) == {"auth:R:quantity": 70}


def test_a_late_redelivered_retraction_leaves_later_draws_standing():
    store = Changelog()
    apply_contributions([manifest("D1", 1, "auth:R:quantity|1"), line(50)], store, None, T)
    withdraw = manifest("D1", 2)
    apply_contributions([withdraw, line(20, key="D2")], store, None, T)
    for retraction in retractions_for(withdraw, store):     # the manifest redelivered much later
        apply_contributions([retraction], store, None, T)
    assert totals_snapshot(store) == totals_snapshot(store.rebuilt()) == {"auth:R:quantity": 20}
