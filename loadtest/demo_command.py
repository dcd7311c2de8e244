"""`grenswacht demo`: the main job on the running stack (grenswacht stack up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import orjson

from loadtest.demo import DemoResult, run_demo
from rules.hits import QUEUES
from streams.commandgroup import Command
from streams.commands.list_options import list_options
from streams.lists import resolve


def print_summary(result: DemoResult) -> None:
    echo = click.echo
    echo("")
    echo(f"summary of {result.namespace}")
    echo(f"  {_lists_line(result.lists)}")
    echo(f"  lines screened       {result.lines:,} in {result.events:,} declaration events")
    offered = f"{result.rate:,.0f} events/s" if result.rate else "as fast as the producer goes"
    echo(f"  replayed at          {offered} ({result.events / result.replay_seconds:,.0f} events/s reached)"
         if result.replay_seconds else f"  replayed at          {offered}")
    for queue in QUEUES:
        warned = f" (+{result.warnings[queue]} warnings)" if result.warnings[queue] else ""
        echo(f"  hits {queue:<15} {result.hits[queue]:>6}{warned}")
    echo(f"  duplicates dropped   {result.duplicates}")
    echo(f"  dead letters         {result.dead_letters:.0f}")
    rate = result.lines / result.end_to_end_seconds if result.end_to_end_seconds else 0.0
    echo(f"  end to end           {result.end_to_end_seconds:.1f} s from first send to last commit: "
         f"{rate:,.0f} lines/s")
    if result.latency_ms:
        lat = result.latency_ms
        echo(f"  event to hit         p50 {lat['p50']:.0f} ms, p99 {lat['p99']:.0f} ms, max {lat['max']:.0f} ms "
             f"over {lat['count']:.0f} hits")
    echo(f"  hits written to      {result.hits_path}")
    echo("")
    echo("The stack is still running (grenswacht stack status; grenswacht stack down stops it).")


def _lists_line(lists: dict[str, Any]) -> str:
    if not lists.get("enabled"):
        return "sanctions lists      NONE: sanctions screening was OFF (--no-lists)"
    stale = " STALE: run `grenswacht lists update`" if lists["stale"] else ""
    return (f"sanctions lists      version {lists['version']}, published {lists['published'] or 'unknown'} "
            f"({lists['age_days']} days old{stale}), {lists['entities']:,} entities, {lists['origin']}")


@click.command(cls=Command)
@click.option("--lines", type=click.IntRange(min=1), default=50_000, show_default=True, help="Goods lines to generate.")
@click.option("--seed", type=int, default=7, show_default=True)
@list_options
@click.option("--rate", type=click.FloatRange(min=0), default=2000.0, show_default=True,
              help="Events/s replayed (0: as fast as possible). Below the worker's capacity the event-to-hit "
                   "latency is the pipeline's own; above it, it is mostly time spent queueing.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=Path("out/demo"),
              show_default=True, help="Where the sample, the hits and the worker's log and state go.")
def demo(lines: int, seed: int, lists: tuple[Path, ...], no_lists: bool, rate: float, workdir: Path) -> None:
    """Generate a sample with planted hits, stream it through a worker on the local stack, summarise the hits."""
    result = run_demo(lines, seed, resolve(lists, no_lists), workdir, click.echo, rate=rate or None)
    print_summary(result)
    summary = workdir / result.namespace / "summary.json"
    summary.write_bytes(orjson.dumps(summary_record(result), option=orjson.OPT_INDENT_2))
    click.echo(f"summary written to {summary}")
    from streams.review.demo import describe, start_demo_review

    expected = sum(result.hits.values()) + sum(result.warnings.values())
    for line in describe(start_demo_review(result.namespace, workdir / result.namespace, expected)):
        click.echo(line)


def summary_record(result: DemoResult) -> dict[str, Any]:
    """The summary as data, for scripts that check a run (CI asserts a hit in every queue from it)."""
    return {"namespace": result.namespace, "lines": result.lines, "events": result.events,
            "hits": {q: result.hits[q] for q in QUEUES}, "warnings": {q: result.warnings[q] for q in QUEUES},
            "duplicates": result.duplicates, "dead_letters": result.dead_letters, "latency_ms": result.latency_ms,
            "lists": result.lists}
