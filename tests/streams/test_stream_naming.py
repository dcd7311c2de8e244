"""Namespaced names: every topic, the group and the reload channel move together; illegal names are refused."""

from __future__ import annotations

import pytest

from deploy import topics
from streams.errors import NamespaceError
from streams.naming import Names


def test_without_namespace_the_names_are_the_stacks() -> None:
    names = Names("")
    assert names.sources == topics.SOURCE_TOPICS
    assert names.hit_topics == topics.HIT_TOPICS
    assert names.dead_letter == topics.DEAD_LETTER_TOPIC
    assert names.authorisations == topics.AUTHORISATIONS_TOPIC


def test_a_namespace_prefixes_every_name() -> None:
    plain, spaced = Names(""), Names("it-42")
    every = [*spaced.sources.values(), *spaced.hit_topics.values(), spaced.dead_letter, spaced.authorisations,
             spaced.app_id, spaced.contributions, spaced.changelog("totals"), spaced.reload_channel]
    assert all(name.startswith("it-42.") for name in every)
    assert spaced.app_id != plain.app_id
    assert spaced.source_system(spaced.sources["ICS2"]) == "ICS2"
    assert spaced.source_system(plain.sources["ICS2"]) is None


def test_namespace_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_NAMESPACE", "demo-1")
    assert Names.from_env().dead_letter == f"demo-1.{topics.DEAD_LETTER_TOPIC}"


@pytest.mark.parametrize("bad", ["a b", "x/y", "ns:1", "é"])
def test_a_namespace_kafka_cannot_name_is_refused(bad: str) -> None:
    with pytest.raises(NamespaceError):
        Names(bad)
