"""`grenswacht avro`: contract records between JSON Lines and Avro frames files.

A frames file holds the exact Kafka values (Confluent wire format), each behind a
4-byte length, so a file written here can be replayed or inspected byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import click

from schemas.avsc import SCHEMA_IDS, schema_path
from schemas.frames import decode_file, encode_file
from streams.commandgroup import Group


def _report(message: str) -> None:
    click.echo(message, err=True)


@click.group(cls=Group)
def avro() -> None:
    """Contract records as Avro (Confluent wire format) in length-prefixed frames files."""


@avro.command()
@click.option("--schema", "name", required=True, type=click.Choice(list(SCHEMA_IDS)), help="Record type.")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Records, JSON Lines.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Frames file.")
def encode(name: str, input_path: Path, output: Path) -> None:
    """Encode JSON Lines as Avro frames; refused lines are reported on stderr (exit 1 if any)."""
    with open(input_path, "rb") as source, open(output, "wb") as out:
        written, refused = encode_file(name, source, out, _report)
    click.echo(f"wrote {written} {name} records to {output}, refused {refused}")
    if refused:
        click.get_current_context().exit(1)


@avro.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Frames file.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Records, JSON Lines.")
def decode(input_path: Path, output: Path) -> None:
    """Decode Avro frames (any record type, by schema id) to JSON Lines (exit 1 if a frame is refused)."""
    with open(input_path, "rb") as source, open(output, "wb") as out:
        written, refused = decode_file(source, out, _report)
    click.echo(f"wrote {written} records to {output}, refused {refused}")
    if refused:
        click.get_current_context().exit(1)


@avro.command()
def schemas() -> None:
    """Each record name, its fixed schema id and its .avsc file."""
    for name, schema_id in SCHEMA_IDS.items():
        click.echo(f"{name}\t{schema_id}\t{schema_path(name)}")
