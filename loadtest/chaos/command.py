"""`grenswacht chaos SCENARIO`: one fault scenario on a private stack, its figures, one line each."""

from __future__ import annotations

import dataclasses
import tempfile
import time
from pathlib import Path

import click

from loadtest.chaos.run import Options, execute
from loadtest.chaos.scenarios import DEFAULTS, NUMBERED, SCENARIOS, resolve
from loadtest.chaos.stack import PrivateStack


@click.command()
@click.argument("scenario", type=click.Choice([*SCENARIOS, *NUMBERED]))
@click.option("--rate", type=float, default=None, help="Goods lines per second (default 2,000; soak 3,200).")
@click.option("--duration", type=float, default=None, help="Seconds of traffic (default 60; soak 1,200).")
@click.option("--fault-seconds", type=float, default=None,
              help="How long an outage or a pause lasts (broker 20, Redis 30, hit reader 40 % of the run).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--kill-during-startup", is_flag=True,
              help="sigkill: do not wait for a restarted worker to be ready before the next kill.")
@click.option("--workdir", type=click.Path(path_type=Path), default=None,
              help="Where the private stack, the traffic and the worker logs go (default: a new temporary folder).")
def chaos(scenario: str, rate: float | None, duration: float | None, fault_seconds: float | None, seed: int,
          kill_during_startup: bool, workdir: Path | None) -> None:
    """Run one fault scenario against a private Kafka, Redis and workers, and judge it against the
    offline screen of the same traffic. Scenarios: 1 sigkill, 2 broker-restart, 3 redis-outage,
    4 rebalance, 5 state-lost, 6 poison-flood, 7 hot-reload, 8 slow-consumer, 9 soak.
    Exits 1 when anything was lost, duplicated or extra, or a scenario check failed."""
    spec = resolve(scenario)
    base = DEFAULTS.get(spec.name, Options())
    options = dataclasses.replace(base, seed=seed, fault_seconds=fault_seconds, restart_wait=not kill_during_startup,
                                  rate=rate if rate is not None else base.rate,
                                  duration=duration if duration is not None else base.duration)
    folder = workdir or Path(tempfile.mkdtemp(prefix=f"grenswacht-chaos-{spec.name}-"))
    click.echo(f"chaos {spec.name}: {options.rate:,.0f} lines/s for {options.duration:.0f} s; "
               f"private stack and logs in {folder}")
    started = time.monotonic()
    stack = PrivateStack(home=folder / "home").up()
    try:
        figures = execute(spec, stack, folder / "run", options)
    finally:
        stack.down()
    for line in figures.lines():
        click.echo(line)
    click.echo(f"{'took':<25} {time.monotonic() - started:.0f} s")
    if not figures.passed:
        raise SystemExit(1)
