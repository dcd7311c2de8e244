"""`grenswacht worker`: the stream processor; `grenswacht worker reload`: ask workers to reload."""

from __future__ import annotations

from pathlib import Path

import click

from streams.commands.list_options import list_options
from streams.config import DEFAULT_PARTITIONS, DEFAULT_WEB_PORT, WorkerConfig, redis_url
from streams.lists import resolve
from streams.naming import Names
from streams.reload import WHAT


@click.group(invoke_without_command=True)
@click.option("--profiles", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of profile files, watched for changes (default: the shipped profiles).")
@list_options
@click.option("--sample-rate", type=click.FloatRange(0, 1), help="Rate of the random sample (default 0.005).")
@click.option("--web-port", type=click.IntRange(1, 65535), default=DEFAULT_WEB_PORT, show_default=True,
              help="Port of /metrics, /totals and /status.")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the table state (default: ~/.cache/grenswacht/state/<app id>; "
                   "env GRENSWACHT_STATE_DIR sets the parent).")
@click.option("--partitions", type=click.IntRange(1), default=DEFAULT_PARTITIONS, show_default=True,
              help="Partitions of topics the worker creates when missing.")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True,
              help="Most events screened in one batch.")
@click.option("--loglevel", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True)
@click.pass_context
def worker(ctx: click.Context, profiles: Path | None, lists: tuple[Path, ...], no_lists: bool,
           sample_rate: float | None,
           web_port: int, state_dir: Path | None, partitions: int, batch_size: int, loglevel: str) -> None:
    """Run the stream processor against the configured Kafka (env GRENSWACHT_KAFKA, default 127.0.0.1:9092)."""
    if ctx.invoked_subcommand is not None:
        return
    from streams.worker import run_worker      # faust only when a worker really starts

    run_worker(WorkerConfig(profiles_dir=profiles, lists=resolve(lists, no_lists), sample_rate=sample_rate, web_port=web_port,
                            state_dir=state_dir, partitions=partitions, batch_max=batch_size), loglevel)


@worker.command()
@click.option("--what", type=click.Choice(WHAT), default="all", show_default=True,
              help="Rebuild with new profiles, new lists, or both.")
def reload(what: str) -> None:
    """Ask every running worker (of this namespace) to rebuild its screening set now."""
    names = Names.from_env()
    receivers = request_reload_or_fail(names, what)
    click.echo(f"reload ({what}) requested on {names.reload_channel}: {receivers} worker(s) listening")


def request_reload_or_fail(names: Names, what: str) -> int:
    from redis.exceptions import RedisError

    from streams.reload import request_reload
    url = redis_url()
    try:
        return request_reload(url, names.reload_channel, what)
    except (RedisError, OSError) as exc:
        raise click.ClickException(f"Redis at {url} is unreachable: {exc}") from None
