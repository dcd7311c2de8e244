"""Broker housekeeping with confluent-kafka: reachability and the topics a worker needs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

from streams.errors import BrokerUnreachable
from streams.naming import Names
from streams.settings import Settings
from streams.topics import TopicSpec

log = logging.getLogger(__name__)


def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap, "socket.connection.setup.timeout.ms": 3000,
                        "log_level": 0, "logger": logging.getLogger("confluent_kafka.admin")})


def probe(bootstrap: str, timeout: float = 3.0) -> int:
    """Number of brokers answering a metadata request; raises BrokerUnreachable."""
    try:
        metadata = admin(bootstrap).list_topics(timeout=timeout)
    except KafkaException as exc:
        raise BrokerUnreachable(f"Kafka at {bootstrap} did not answer: {exc.args[0]}") from None
    if not metadata.brokers:
        raise BrokerUnreachable(f"Kafka at {bootstrap} answered without brokers")
    return len(metadata.brokers)


def require_broker(address: str, timeout: float = 5.0) -> str:
    """`address` once the broker there answers a metadata request; otherwise BrokerUnreachable,
    saying how to start the local stack."""
    try:
        probe(address, timeout)
    except BrokerUnreachable as exc:
        raise BrokerUnreachable(f"{exc}. Start the stack first: grenswacht stack up") from None
    return address


def stack_broker(timeout: float = 5.0) -> str:
    """The configured broker's address (GRENSWACHT_KAFKA) once it answers; see require_broker."""
    return require_broker(Settings.from_env().kafka, timeout)


def wait_for_broker(bootstrap: str, on_failure: Callable[[int, float, Exception], None],
                    first_delay: float = 1.0, max_delay: float = 30.0,
                    deadline: float | None = None) -> None:
    """Probe until the broker answers, backing off exponentially; `on_failure(attempt, delay, error)`
    reports each miss. Raises BrokerUnreachable only past `deadline` (monotonic seconds)."""
    delay, attempt = first_delay, 0
    while True:
        attempt += 1
        try:
            probe(bootstrap)
            return
        except BrokerUnreachable as exc:
            if deadline is not None and time.monotonic() + delay > deadline:
                raise
            on_failure(attempt, delay, exc)
            time.sleep(delay)
            delay = min(max_delay, delay * 2)


def worker_topics(names: Names) -> dict[str, TopicSpec]:
    """Topic -> specification of every topic the worker reads or writes besides its internal ones;
    without a namespace, the topics `grenswacht stack up` creates."""
    return names.topics("source", "hits", "dead_letter", "reference", "review")


def internal_topics(names: Names) -> dict[str, TopicSpec]:
    """The repartition topic and the table changelogs. Created before Faust starts: a topic Faust
    creates itself can be missing from the metadata the first group assignment sees, and its
    partitions then stay unassigned until the next metadata refresh, five minutes later."""
    return names.topics("internal")


def ensure_topics(bootstrap: str, topics: Mapping[str, TopicSpec], partitions: int,
                  timeout: float = 15.0) -> list[str]:
    """Create the missing topics (with `partitions` unless their specification fixes a number);
    returns the names created. Existing topics are left as they are."""
    client = admin(bootstrap)
    existing = set(client.list_topics(timeout=timeout).topics)
    missing = [NewTopic(name, num_partitions=spec.partitions or partitions, replication_factor=1,
                        config=spec.config())
               for name, spec in topics.items() if name not in existing]
    if not missing:
        return []
    created = []
    for name, future in client.create_topics(missing, operation_timeout=timeout).items():
        try:
            future.result(timeout=timeout)
            created.append(name)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
    _await_metadata(client, created, timeout)
    return created


def _await_metadata(client: AdminClient, topics: Iterable[str], timeout: float) -> None:
    """Creation returns before every broker knows the topic; producers that race it see errors."""
    wanted = set(topics)
    end = time.monotonic() + timeout
    while wanted and time.monotonic() < end:
        known = client.list_topics(timeout=timeout).topics
        wanted = {t for t in wanted if t not in known or known[t].error is not None}
        if wanted:
            time.sleep(0.1)


def delete_topics(bootstrap: str, topics: Iterable[str], timeout: float = 15.0) -> None:
    client = admin(bootstrap)
    existing = set(client.list_topics(timeout=timeout).topics)
    doomed = [t for t in topics if t in existing]
    for future in client.delete_topics(doomed, operation_timeout=timeout).values() if doomed else ():
        try:
            future.result(timeout=timeout)
        except KafkaException as exc:
            log.warning("could not delete a topic: %s", exc)
