"""`grenswacht screen`: screen a JSON Lines file offline with the same engine as the stream."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

import click
import msgspec

from rules.engine import Engine
from rules.hits import QUEUES, hit_to_json
from rules.jsonl import json_lines
from rules.offline import BATCH, OfflineScreen, Summary, read_authorisations_keeping_rejects
from streams import lists as list_files
from streams.commandgroup import Command
from streams.commands.list_options import list_options
from streams.progress import progress_bar

_encode = msgspec.json.Encoder().encode


def _party_screener(lists: tuple[Path, ...], no_lists: bool) -> Any:
    loaded, described = list_files.load(list_files.resolve(lists, no_lists))
    click.echo(described.summary(), err=True)
    if loaded is None:
        return None
    from rules.sanctions import PartyScreener

    return PartyScreener.build(loaded)


def _print_summary(summary: Summary, output: Path, rejects_path: Path, auth_rejects: int) -> None:
    click.echo(f"lines: {summary.lines} ({summary.declarations} declarations, {summary.goods_lines} goods lines)")
    for queue in QUEUES:
        warned = f", {summary.warnings[queue]} warnings" if summary.warnings[queue] else ""
        click.echo(f"hits {queue}: {summary.hits[queue]}{warned}")
    extra = f" (+{auth_rejects} authorisation records)" if auth_rejects else ""
    click.echo(f"rejects: {summary.rejects}{extra} -> {rejects_path}")
    click.echo(f"hits written to {output}")


@click.command(cls=Command)
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Declaration events, JSON Lines.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Hits, JSON Lines.")
@click.option("--authorisations", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Authorisation records, JSON Lines.")
@list_options
@click.option("--profiles", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of profile files (default: the shipped profiles).")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path),
              help="Rejected records (default: <output stem>.rejects.jsonl next to the output).")
@click.option("--sample-rate", type=click.FloatRange(0, 1), help="Rate of the random sample (default 0.005).")
@click.option("--detected-at", help="Timestamp written as detected_at (default: now, UTC).")
@click.option("--batch-size", type=click.IntRange(1), default=BATCH, show_default=True)
def screen(input_path: Path, output: Path, authorisations: Path | None, lists: tuple[Path, ...], no_lists: bool,
           profiles: Path | None, rejects: Path | None, sample_rate: float | None, detected_at: str | None,
           batch_size: int) -> None:
    """Screen a file of declaration events in order, without Kafka."""
    rejects_path = rejects or output.with_name(f"{output.stem}.rejects.jsonl")
    detected_at = detected_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    auths, auth_rejects = read_authorisations_keeping_rejects(authorisations) if authorisations else ([], [])
    engine = Engine.build(profiles, auths, _party_screener(lists, no_lists), sample_rate)   # refused profiles stop here
    gc.freeze()     # the engine (and any sanctions index) lives all run: the collector need not rescan it
    with open(rejects_path, "wb") as rejects_out, open(output, "wb") as hits_out:
        for record in auth_rejects:
            rejects_out.write(_encode(record) + b"\n")
        run = OfflineScreen(engine, detected_at, lambda h: hits_out.write(hit_to_json(h) + b"\n"),
                            lambda r: rejects_out.write(_encode(r) + b"\n"), batch_size)
        with open(input_path, "rb") as source, progress_bar(input_path.stat().st_size, "screening", in_bytes=True) as advance:
            pending = 0
            for number, raw in json_lines(source):
                run.feed(number, raw)
                pending += len(raw) + 1
                if number % 1000 == 0:
                    advance(pending)
                    pending = 0
            advance(pending)
            summary = run.finish()
    _print_summary(summary, output, rejects_path, len(auth_rejects))
