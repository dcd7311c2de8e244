"""`grenswacht topology`: print the stream graph the worker runs."""

from __future__ import annotations

from pathlib import Path

import click

from streams.commandgroup import Command
from streams.config import WorkerConfig
from streams.topology import Topology


@click.command(cls=Command)
@click.option("--profiles", type=click.Path(file_okay=False, path_type=Path), help="As for `grenswacht worker`.")
@click.option("--lists", multiple=True, type=click.Path(path_type=Path), help="As for `grenswacht worker`.")
def topology(profiles: Path | None, lists: tuple[Path, ...]) -> None:
    """Print the topics, agents, tables, timers and pages of a worker (namespace from GRENSWACHT_NAMESPACE)."""
    click.echo(Topology.plan(WorkerConfig(profiles_dir=profiles, lists=lists)).describe())
