"""The `grenswacht` console script.

Subcommands load lazily so that `grenswacht screen` never pays for importing
Faust, and a missing optional piece breaks only the command that needs it.
"""

from __future__ import annotations

import importlib
import sys

import click

from rules.errors import GrenswachtError

# name -> "module:attribute" of a click command or group
COMMANDS: dict[str, str] = {
    "stack": "streams.commands.stack:stack",
    "screen": "streams.commands.screen:screen",
    "profiles": "streams.commands.profiles:profiles",
    "lists": "streams.commands.lists:lists",
    "bench": "loadtest.bench:bench",
    "worker": "streams.commands.worker:worker",
    "replay": "streams.commands.replay:replay",
    "hits": "streams.commands.hits:hits",
    "authorisations": "streams.commands.authorisations:authorisations",
    "topology": "streams.commands.topology:topology",
    "demo": "streams.commands.demo:demo",
    "generate": "loadtest.commands:generate",
    "avro": "streams.commands.avro:avro",
    "review": "streams.commands.review:review",
}


class LazyGroup(click.Group):
    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self._lazy:
            return super().get_command(ctx, name)
        module_name, attr = self._lazy[name].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None  # command not built into this installation
            raise
        return getattr(module, attr)

    def invoke(self, ctx: click.Context) -> object:
        # Every expected failure is a GrenswachtError: report it as one line, never a traceback.
        try:
            return super().invoke(ctx)
        except GrenswachtError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(package_name="grenswacht")
def cli() -> None:
    """grenswacht: real-time screening of customs declaration lines."""


def main() -> None:
    try:
        cli(standalone_mode=True)
    except GrenswachtError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
