"""Namespaced names: every topic, the group and the reload channel move together; illegal names are refused."""

from __future__ import annotations

import pytest

from streams import topics
from rules.hits import QUEUES
from streams.errors import NamespaceError
from streams.naming import Names


def test_without_namespace_the_names_are_the_stacks() -> None:
    names = Names("")
    assert names.sources == {"DMS": "decl.dms", "AES": "decl.aes", "ICS2": "decl.ics2", "NCTS": "decl.ncts"}
    assert names.hit_topics == {queue: f"hits.{queue}" for queue in QUEUES}
    assert (names.dead_letter, names.authorisations) == ("decl.deadletter", "ref.authorisations")
    assert set(names.topics()) == {*names.sources.values(), *names.hit_topics.values(), names.dead_letter,
                                   names.authorisations, names.contributions, names.changelog("totals"),
                                   names.changelog("declaration-ledger"), names.allow_list, names.decisions, names.audit}
    assert (names.allow_list, names.decisions, names.audit) == ("ref.allowlist", "decisions", "review.audit")


def test_every_topic_is_one_specification_in_the_table() -> None:
    names = Names("ns")
    assert len(names.topics()) == len(topics.TOPICS)
    specs = names.topics()
    assert specs[names.authorisations].config() == {"cleanup.policy": "compact"}
    assert specs[names.changelog("totals")].compacted and specs[names.changelog("declaration-ledger")].compacted
    assert {specs[t].record for t in names.sources.values()} == {"declaration"}
    assert {specs[t].record for t in names.hit_topics.values()} == {"hit"}
    assert specs[names.hit_topics["cbam"]].config() == {"retention.ms": str(30 * topics.DAY_MS)}
    assert specs[names.allow_list].config() == {"cleanup.policy": "compact"}
    for trail in (names.decisions, names.audit):     # the audit trail never ages out
        assert specs[trail].config() == {"retention.ms": "-1", "retention.bytes": "-1"}


def test_a_namespace_prefixes_every_name() -> None:
    plain, spaced = Names(""), Names("it-42")
    every = [*spaced.sources.values(), *spaced.hit_topics.values(), spaced.dead_letter, spaced.authorisations,
             spaced.app_id, spaced.contributions, spaced.changelog("totals"), spaced.reload_channel,
             spaced.allow_list, spaced.decisions, spaced.audit, spaced.review_group, spaced.review_prefix]
    assert all(name.startswith("it-42.") for name in every)
    assert spaced.app_id != plain.app_id
    assert spaced.source_system(spaced.sources["ICS2"]) == "ICS2"
    assert spaced.source_system(plain.sources["ICS2"]) is None


def test_namespace_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_NAMESPACE", "demo-1")
    assert Names.from_env().dead_letter == "demo-1.decl.deadletter"


@pytest.mark.parametrize("bad", ["a b", "x/y", "ns:1", "é"])
def test_a_namespace_kafka_cannot_name_is_refused(bad: str) -> None:
    with pytest.raises(NamespaceError):
        Names(bad)
