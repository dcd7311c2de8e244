"""`grenswacht profiles`: the profile register and the check an analyst runs before shipping a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from rules.profiles import load_profiles
from streams.commandgroup import Group


def _validity(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    return f"{valid_from or '...'} .. {valid_to or '...'}"


@click.group(cls=Group)
def profiles() -> None:
    """Risk profiles: list the register, check a folder of profile files."""


@profiles.command("list")
@click.option("--profiles", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of profile files (default: the shipped profiles).")
@click.option("--on", "on_day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Show the profiles active on this date (default: today).")
@click.option("--all", "show_all", is_flag=True, help="Also show profiles not active on that date.")
def list_profiles(folder: Path | None, on_day: dt.datetime | None, show_all: bool) -> None:
    """Every active profile: id, version, queue, validity and description."""
    loaded = load_profiles(folder)
    day = on_day.date() if on_day else dt.date.today()
    click.echo(f"profile set {loaded.version} (reference sets {loaded.sets.version}), active on {day}")
    for p in loaded.profiles:
        if not show_all and not p.active_on(day):
            continue
        click.echo(f"{p.id}  {p.version}  {p.queue}/{p.severity}  {_validity(p.valid_from, p.valid_to)}")
        click.echo(f"    {p.title}: {p.description}")


@profiles.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(folder: Path) -> None:
    """Validate a folder of profile files (and its sets/ subfolder); exit 1 naming file, line and field."""
    loaded = load_profiles(folder)      # a ProfileError ends the command with its message, exit 1
    click.echo(f"ok: {len(loaded.profiles)} profiles, set version {loaded.version}, "
               f"{len(loaded.sets.sets)} reference sets ({loaded.sets.version})")
