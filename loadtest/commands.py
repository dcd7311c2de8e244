"""`grenswacht generate`: a seeded file of declaration events with planted cases."""

from __future__ import annotations

import time
from pathlib import Path

import click

from loadtest.files import write_authorisations, write_declarations
from loadtest.generator import DEFAULT_START
from loadtest.listnames import sanctioned_names
from streams.commandgroup import Command


@click.command(cls=Command)
@click.option("--lines", "lines", type=click.IntRange(min=1), required=True,
              help="Goods items in total (exact).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Declarations, JSON Lines.")
@click.option("--authorisations", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the authorisations the file draws on.")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--malformed", type=click.IntRange(min=0), default=0, show_default=True, help="Broken records to mix in.")
@click.option("--lists", "lists", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Sanctions list file or folder: plant some listed names as parties.")
@click.option("--start", default=DEFAULT_START, show_default=True, help="Event time of the first event (UTC).")
def generate(lines: int, output: Path, authorisations: Path | None, seed: int, malformed: int,
             lists: tuple[Path, ...], start: str) -> None:
    """Write LINES goods items of realistic declaration events, with planted hits for every queue."""
    names = sanctioned_names(list(lists), seed) if lists else []
    began = time.perf_counter()
    written = write_declarations(output, lines, seed, malformed=malformed, sanctioned_names=names, start=start)
    elapsed = time.perf_counter() - began
    click.echo(f"wrote {output}: {written.events} events, {written.lines} lines "
               f"in {elapsed:.2f} s ({written.lines / elapsed:,.0f} lines/s)")
    click.echo("types: " + ", ".join(f"{k} {v}" for k, v in written.types.items()))
    click.echo("planted:")
    for kind, count in written.planted.items():
        click.echo(f"  {kind:32} {count}")
    if malformed:
        numbers = sorted(written.malformed)
        shown = ", ".join(map(str, numbers[:20])) + (", ..." if len(numbers) > 20 else "")
        click.echo(f"malformed: {len(numbers)} records at lines {shown}")
    if authorisations:
        records = write_authorisations(authorisations, seed, start=start)
        click.echo(f"wrote {authorisations}: {len(records)} authorisations")
