"""The `grenswacht` console script.

Subcommands load lazily so that `grenswacht screen` never pays for importing
Faust, and a missing optional piece breaks only the command that needs it.
"""

from __future__ import annotations

import click

from streams.commandgroup import LazyGroup

# name -> "module:attribute" of a click command or group
COMMANDS: dict[str, str] = {
    "stack": "deploy.commands:stack",
    "screen": "streams.commands.screen:screen",
    "profiles": "streams.commands.profiles:profiles",
    "lists": "streams.commands.lists:lists",
    "bench": "loadtest.bench:bench",
    "worker": "streams.commands.worker:worker",
    "replay": "streams.commands.replay:replay",
    "hits": "streams.commands.hits:hits",
    "authorisations": "streams.commands.authorisations:authorisations",
    "topology": "streams.commands.topology:topology",
    "demo": "loadtest.demo_command:demo",
    "generate": "loadtest.commands:generate",
    "loadtest": "loadtest.run:loadtest",
    "avro": "streams.commands.avro:avro",
    "review": "streams.commands.review:review",
    "chaos": "loadtest.chaos.command:chaos",
}


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(package_name="grenswacht")
def cli() -> None:
    """grenswacht: real-time screening of customs declaration lines."""


def main() -> None:
    cli()
