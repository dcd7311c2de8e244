"""`grenswacht worker`: the stream processor; `grenswacht worker reload`: ask workers to reload."""

from __future__ import annotations

from pathlib import Path

import click

from streams.commandgroup import Group
from streams.commands.list_options import list_options
from streams.config import DEFAULT_WEB_PORT, WorkerConfig, redis_url
from streams.lists import resolve
from streams.naming import Names
from streams.reload import WHAT, request_reload


@click.group(cls=Group, invoke_without_command=True)
@click.option("--profiles", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of profile files, watched for changes (default: the shipped profiles).")
@list_options
@click.option("--sample-rate", type=click.FloatRange(0, 1), help="Rate of the random sample (default 0.005).")
@click.option("--web-port", type=click.IntRange(1, 65535), default=DEFAULT_WEB_PORT, show_default=True,
              help="Port of /metrics, /totals and /status.")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the table state (default: $GRENSWACHT_STATE_DIR/<app id>, "
                   "GRENSWACHT_STATE_DIR defaulting to $GRENSWACHT_CACHE/state).")
@click.option("--partitions", type=click.IntRange(1),
              help="Partitions of topics the worker creates when missing (default: GRENSWACHT_PARTITIONS, 6).")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True,
              help="Most events screened in one batch.")
@click.option("--loglevel", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True)
@click.pass_context
def worker(ctx: click.Context, profiles: Path | None, lists: tuple[Path, ...], no_lists: bool,
           sample_rate: float | None, web_port: int, state_dir: Path | None, partitions: int | None,
           batch_size: int, loglevel: str) -> None:
    """Run the stream processor against the configured Kafka (env GRENSWACHT_KAFKA, default 127.0.0.1:9092)."""
    if ctx.invoked_subcommand is not None:
        return
    from streams.worker import run_worker      # faust only when a worker really starts

    fixed = {"partitions": partitions} if partitions else {}     # else WorkerConfig reads GRENSWACHT_PARTITIONS
    run_worker(WorkerConfig(profiles_dir=profiles, lists=resolve(lists, no_lists), sample_rate=sample_rate,
                            web_port=web_port, state_dir=state_dir, batch_max=batch_size, **fixed), loglevel)


@worker.command()
@click.option("--what", type=click.Choice(WHAT), default="all", show_default=True,
              help="Rebuild with new profiles, new lists, or both.")
def reload(what: str) -> None:
    """Ask every running worker (of this namespace) to rebuild its screening set now."""
    names = Names.from_env()
    receivers = request_reload(redis_url(), names.reload_channel, what)
    click.echo(f"reload ({what}) requested on {names.reload_channel}: {receivers} worker(s) listening")
