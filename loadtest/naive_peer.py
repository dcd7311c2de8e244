"""The benchmark's naive peer as a Faust worker: one event at a time, fastavro, plain-Python rules.

    python -m loadtest.naive_peer NAMESPACE [--lists PATH ...]

Reads the namespace's source topics (its own consumer group) and sends one small
record per event (its hit count) to <namespace>.peer-out, so that the benchmark
times it by the broker's timestamps of that topic, as it times the raw loop.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
import faust
import fastavro
import orjson

from loadtest.authorisations import generate_authorisations
from loadtest.naive_rules import NaiveScreen
from rules.profiles.load import load_profiles
from schemas.avsc import load_avsc
from streams.config import kafka_bootstrap
from streams.naming import Names


def peer_out(names: Names) -> str:
    return names.prefixed("peer-out")


def build_screen(lists: tuple[Path, ...], seed: int) -> NaiveScreen:
    list_names: list[str] = []
    if lists:
        from rules.sanctions import load_lists

        list_names = [n.text for e in load_lists(list(lists)).entities for n in e.names]
    known = [a["reference"] for a in generate_authorisations(seed)]
    return NaiveScreen(load_profiles().profiles, list_names, known)


def create_peer(names: Names, screen: NaiveScreen, datadir: Path) -> faust.App:
    app = faust.App(f"{names.app_id}-naive-peer", broker=f"kafka://{kafka_bootstrap()}", store="memory://",
                    datadir=str(datadir), key_serializer="raw", value_serializer="raw", web_enabled=False,
                    consumer_auto_offset_reset="earliest", topic_replication_factor=1)
    schema = fastavro.parse_schema(load_avsc("declaration"))
    raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    out = app.topic(peer_out(names), **raw)

    @app.agent(app.topic(*names.sources.values(), **raw), name="naive-screen")
    async def naive_screen(stream: faust.StreamT) -> None:
        async for value in stream:
            event = fastavro.schemaless_reader(io.BytesIO(value[5:]), schema, None)
            hits = screen.screen(event)
            await out.send(key=None, value=orjson.dumps({"lines": len(event["lines"]), "hits": len(hits)}))

    return app


@click.command()
@click.argument("namespace")
@click.option("--lists", multiple=True, type=click.Path(exists=True, path_type=Path))
@click.option("--seed", type=int, default=7)
@click.option("--datadir", type=click.Path(file_okay=False, path_type=Path), required=True)
def main(namespace: str, lists: tuple[Path, ...], seed: int, datadir: Path) -> None:
    app = create_peer(Names(namespace), build_screen(lists, seed), datadir)
    sys.argv = [sys.argv[0], "worker", "--loglevel", "warn", "--without-web"]
    app.main()


if __name__ == "__main__":
    main()
