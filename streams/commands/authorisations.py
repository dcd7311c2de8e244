"""`grenswacht authorisations load`: publish authorisation records to their compacted topic."""

from __future__ import annotations

from pathlib import Path

import click

from rules.errors import RecordError
from rules.records import Authorisation, decode_authorisation, to_dict
from schemas import codec
from deploy.topics import COMPACTED
from streams.admin import ensure_topics, probe
from streams.config import DEFAULT_PARTITIONS, kafka_bootstrap
from streams.errors import BrokerUnreachable, ReplayError
from streams.naming import Names
from streams.publish import producer, records

SCHEMA = "authorisation"


def read_authorisations(path: Path) -> list[Authorisation]:
    """Every record of the file, validated; the first invalid one refuses the file."""
    out = []
    for number, raw in records(path):
        try:
            out.append(decode_authorisation(raw))
        except RecordError as exc:
            raise ReplayError(f"{path}:{number}: invalid authorisation: {exc} (nothing was sent)") from None
    return out


def publish_authorisations(auths: list[Authorisation], names: Names, bootstrap: str) -> str:
    """Publish keyed by reference (compaction keeps the latest per reference); returns the topic."""
    try:
        probe(bootstrap, timeout=5.0)
    except BrokerUnreachable as exc:
        raise ReplayError(f"{exc}; is the stack up? (grenswacht stack up)") from None
    topic = names.authorisations
    ensure_topics(bootstrap, {topic: dict(COMPACTED)}, DEFAULT_PARTITIONS)
    out, failures = producer(bootstrap), []
    for auth in auths:
        out.produce(topic, codec.encode(SCHEMA, to_dict(auth)), key=auth.reference.encode(),
                    on_delivery=lambda err, _m: failures.append(err.str()) if err else None)
    remaining = out.flush(30.0)
    if failures or remaining:
        raise ReplayError(f"Kafka at {bootstrap} refused authorisations: {failures[:1] or remaining}")
    return topic


@click.group()
def authorisations() -> None:
    """Authorisation reference data on Kafka."""


@authorisations.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(file: Path) -> None:
    """Publish the authorisations of FILE (JSON Lines) to the compacted reference topic."""
    names, bootstrap = Names.from_env(), kafka_bootstrap()
    try:
        auths = read_authorisations(file)
        topic = publish_authorisations(auths, names, bootstrap)
    except ReplayError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"published {len(auths)} authorisations to {topic}; running workers rebuild their screening set")
