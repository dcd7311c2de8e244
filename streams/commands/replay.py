"""`grenswacht replay`: publish a JSON Lines file of declaration events to the source topics."""

from __future__ import annotations

from pathlib import Path

import click

from rules.jsonl import json_lines
from streams.commandgroup import Command
from streams.config import kafka_bootstrap
from streams.naming import Names
from streams.progress import progress_bar
from streams.publish import replay as publish


def count_records(path: Path) -> int:
    return sum(1 for _ in json_lines(path))


@click.command(cls=Command)
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Declaration events, JSON Lines.")
@click.option("--rate", type=click.FloatRange(min=0, min_open=True), help="Events per second (default: as fast as possible).")
@click.option("--raw-invalid", is_flag=True,
              help="Send invalid records anyway (Avro when the schema admits them, else raw bytes) "
                   "instead of refusing the file: poison tests.")
@click.option("--restamp", is_flag=True,
              help="Set each event's event_time to the moment it is sent (latency measurements).")
def replay(input_path: Path, rate: float | None, raw_invalid: bool, restamp: bool) -> None:
    """Publish declaration events, Avro-encoded and keyed by declaration key, to their source topics."""
    names, bootstrap = Names.from_env(), kafka_bootstrap()
    with progress_bar(count_records(input_path), "replaying") as advance:
        result = publish(input_path, names, bootstrap, rate=rate, raw_invalid=raw_invalid, restamp=restamp,
                         advance=advance)
    invalid = f", {result.raw_invalid} invalid records sent raw" if result.raw_invalid else ""
    click.echo(f"sent {result.events} events ({result.lines} lines{invalid}) to {bootstrap} "
               f"in {result.seconds:.2f} s: {result.events_per_second:,.0f} events/s")
