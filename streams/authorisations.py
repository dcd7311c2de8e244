"""Authorisation records from a JSON Lines file onto their compacted reference topic."""

from __future__ import annotations

from pathlib import Path

from rules.errors import RecordError
from rules.jsonl import json_lines
from rules.records import Authorisation, decode_authorisation, to_dict
from schemas import codec
from streams.admin import ensure_topics, require_broker
from streams.errors import ReplayError
from streams.naming import Names
from streams.publish import producer
from streams.settings import Settings

SCHEMA = "authorisation"


def read_authorisations(path: Path) -> list[Authorisation]:
    """Every record of the file, validated; the first invalid one refuses the file."""
    out = []
    for number, raw in json_lines(path):
        try:
            out.append(decode_authorisation(raw))
        except RecordError as exc:
            raise ReplayError(f"{path}:{number}: invalid authorisation: {exc} (nothing was sent)") from None
    return out


def publish_authorisations(auths: list[Authorisation], names: Names, bootstrap: str) -> str:
    """Publish keyed by reference (compaction keeps the latest per reference); returns the topic."""
    require_broker(bootstrap)
    topic = names.authorisations
    ensure_topics(bootstrap, names.topics("reference"), Settings.from_env().partitions)
    out, failures = producer(bootstrap), []
    for auth in auths:
        out.produce(topic, codec.encode(SCHEMA, to_dict(auth)), key=auth.reference.encode(),
                    on_delivery=lambda err, _m: failures.append(err.str()) if err else None)
    remaining = out.flush(30.0)
    if failures or remaining:
        raise ReplayError(f"Kafka at {bootstrap} refused authorisations: {failures[:1] or remaining}")
    return topic
