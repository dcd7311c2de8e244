"""Waiting for a worker to catch up survives a moment when its group's offsets cannot be read."""

from __future__ import annotations

from typing import Any

import pytest
from confluent_kafka import KafkaError, KafkaException, TopicPartition

from streams import drain
from streams.errors import StreamError


class _Group:
    """A consumer whose group coordinator is away for the first `away` offset reads."""

    def __init__(self, away: int, committed_at: int = 10, end: int = 10) -> None:
        self.away, self.committed_at, self.end = away, committed_at, end

    def list_topics(self, timeout: float) -> Any:
        class _Meta:
            topics = {"decl.dms": type("T", (), {"partitions": {0: None}})()}
        return _Meta()

    def committed(self, tps: list[TopicPartition], timeout: float) -> list[TopicPartition]:
        if self.away:
            self.away -= 1
            raise KafkaException(KafkaError(KafkaError.NOT_COORDINATOR))
        return [TopicPartition(tp.topic, tp.partition, self.committed_at) for tp in tps]

    def get_watermark_offsets(self, tp: TopicPartition, timeout: float) -> tuple[int, int]:
        return 0, self.end


def test_a_coordinator_away_for_a_moment_is_asked_again() -> None:
    assert drain._until_clean(_Group(away=3), ["decl.dms"], timeout=5.0, poll=0.01, settle=2) > 0


def test_a_coordinator_that_never_answers_is_reported() -> None:
    with pytest.raises(StreamError, match="could not be read"):
        drain._until_clean(_Group(away=10**6), ["decl.dms"], timeout=0.2, poll=0.01, settle=2)


def test_lag_left_is_reported_with_its_partition() -> None:
    with pytest.raises(StreamError, match="decl.dms:0 4"):
        drain._until_clean(_Group(away=0, committed_at=6), ["decl.dms"], timeout=0.2, poll=0.01, settle=2)
