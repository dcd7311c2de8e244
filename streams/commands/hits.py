"""`grenswacht hits export`: the review queues' hits as JSON Lines."""

from __future__ import annotations

from pathlib import Path

import click

from rules.hits import hit_to_json
from streams.commandgroup import Group
from streams.config import kafka_bootstrap
from streams.export import export_hits
from streams.naming import Names


@click.group(cls=Group)
def hits() -> None:
    """Hits on the review-queue topics."""


@hits.command()
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Hits, JSON Lines.")
@click.option("--idle-timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="Stop after this many seconds without a new hit.")
def export(output: Path, idle_timeout: float) -> None:
    """Read every hit topic from the start and write each hit once (by hit_id)."""
    names, bootstrap = Names.from_env(), kafka_bootstrap()
    topics = list(names.hit_topics.values())
    with open(output, "wb") as out:
        result = export_hits(bootstrap, topics, lambda h: out.write(hit_to_json(h) + b"\n"), idle_timeout)
    click.echo(f"exported {result.hits} hits from {result.topics} topics to {output} "
               f"({result.duplicates} duplicates dropped)")
