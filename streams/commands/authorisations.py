"""`grenswacht authorisations load`: publish authorisation records to their compacted topic."""

from __future__ import annotations

from pathlib import Path

import click

from streams.authorisations import publish_authorisations, read_authorisations
from streams.commandgroup import Group
from streams.config import kafka_bootstrap
from streams.naming import Names


@click.group(cls=Group)
def authorisations() -> None:
    """Authorisation reference data on Kafka."""


@authorisations.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(file: Path) -> None:
    """Publish the authorisations of FILE (JSON Lines) to the compacted reference topic."""
    auths = read_authorisations(file)
    topic = publish_authorisations(auths, Names.from_env(), kafka_bootstrap())
    click.echo(f"published {len(auths)} authorisations to {topic}; running workers rebuild their screening set")
