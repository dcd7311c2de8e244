"""`--lists` and `--no-lists`, the same on every command that screens party names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def list_options(command: F) -> F:
    """Adds `lists` (paths) and `no_lists` (flag) parameters; resolve them with streams.lists.resolve."""
    command = click.option(
        "--no-lists", is_flag=True,
        help="Screen without sanctions lists: party names are not checked (said in the log and on /status).",
    )(command)
    return click.option(
        "--lists", multiple=True, type=click.Path(exists=True, path_type=Path),
        help="Sanctions list file or folder (repeatable; gzipped files too). Default: the folder "
             "`grenswacht lists update` last wrote, else the snapshot shipped with grenswacht.",
    )(command)
