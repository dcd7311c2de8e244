"""`grenswacht topology`: print the stream graph the worker runs."""

from __future__ import annotations

from pathlib import Path

import click

from streams.commandgroup import Command
from streams.commands.list_options import list_options
from streams.config import WorkerConfig
from streams.lists import resolve
from streams.topology import Topology


@click.command(cls=Command)
@click.option("--profiles", type=click.Path(file_okay=False, path_type=Path), help="As for `grenswacht worker`.")
@list_options
def topology(profiles: Path | None, lists: tuple[Path, ...], no_lists: bool) -> None:
    """Print the topics, agents, tables, timers and pages of a worker (namespace from GRENSWACHT_NAMESPACE)."""
    click.echo(Topology.plan(WorkerConfig(profiles_dir=profiles, lists=resolve(lists, no_lists))).describe())
