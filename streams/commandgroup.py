"""The command line's building blocks: commands that report failures as one line, groups that load lazily.

Every expected failure is a GrenswachtError; `Command` and `Group` turn it into a
click error (one line on stderr, exit status 1), never a traceback. Subcommands a
group creates inherit both classes, so a command module only says `cls=Group`.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from rules.errors import GrenswachtError


class _ReportsErrors:
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except GrenswachtError as exc:
            raise click.ClickException(str(exc)) from None


class Command(_ReportsErrors, click.Command):
    """A click command whose GrenswachtErrors end as a one-line message."""


class Group(_ReportsErrors, click.Group):
    """A click group whose commands and subgroups report GrenswachtErrors as one-line messages."""

    command_class = Command
    group_class = type      # subgroups are of this class too


class LazyGroup(Group):
    """Subcommands named "module:attribute" are imported only when used: `grenswacht screen`
    never pays for importing Faust, and a module this installation lacks hides only its command."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return super().get_command(ctx, name)
        module_name, attribute = self.lazy[name].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None     # not built into this installation
            raise
        command: click.Command = getattr(module, attribute)
        return command
