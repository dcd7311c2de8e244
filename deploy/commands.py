"""`grenswacht stack up | down | status | topics`: a real Kafka broker (KRaft) and Redis on this machine."""

from __future__ import annotations

import dataclasses

import click

from deploy import stack as local
from deploy.settings import StackSettings
from streams.commandgroup import Group


def _settings(partitions: int | None = None) -> StackSettings:
    settings = StackSettings.from_env()
    return dataclasses.replace(settings, partitions=partitions) if partitions else settings


@click.group(cls=Group)
def stack() -> None:
    """The local stack: Apache Kafka in KRaft mode (jars from Maven Central) and Debian's redis-server.

    Addresses: GRENSWACHT_KAFKA (127.0.0.1:9092), GRENSWACHT_REDIS (redis://127.0.0.1:6379/0);
    state in GRENSWACHT_HOME (~/.local/state/grenswacht), jars in GRENSWACHT_CACHE (~/.cache/grenswacht).
    """


@stack.command()
@click.option("--partitions", type=click.IntRange(1, 1000), help="Partitions of each topic created (default 6).")
def up(partitions: int | None) -> None:
    """Start Kafka and Redis if they are not running, and create the project's topics."""
    settings = _settings(partitions)
    created = local.up(settings, say=lambda m: click.echo(m, err=True))
    if created:
        click.echo(f"created {len(created)} topics with {settings.partitions} partitions each", err=True)
    _print_status(settings)


@stack.command()
@click.option("--wipe", is_flag=True, help="Also delete the broker's data and logs.")
def down(wipe: bool) -> None:
    """Stop the processes `stack up` started; anything else is left alone."""
    stopped = local.down(_settings(), wipe=wipe)
    click.echo(f"stopped: {', '.join(stopped)}" if stopped else "nothing of ours was running")


@stack.command()
def status() -> None:
    """What runs where; exit 1 unless both Kafka and Redis answer."""
    if not _print_status(_settings()):
        raise SystemExit(1)


def _print_status(settings: StackSettings) -> bool:
    services = local.status(settings)
    for service in services:
        click.echo(service.line())
    return all(s.answers for s in services)


@stack.command()
@click.option("--partitions", type=click.IntRange(1, 1000), help="Partitions of each topic created (default 6).")
def topics(partitions: int | None) -> None:
    """Create the project's topics on the configured broker (any broker, not only the local stack)."""
    settings = _settings(partitions)
    created = local.create_topics(settings)
    click.echo(f"created {len(created)} topics on {settings.bootstrap}" if created else "all topics exist")
