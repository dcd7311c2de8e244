"""`grenswacht bench review`: hits written into review cases in Redis, one batch per round trip (as the
review service does) against one hit per round trip (the reference), in the same run, same hits."""

from __future__ import annotations

import time
import uuid
from typing import Any

import click

from streams.config import redis_url
from streams.review.cases import CaseStore

QUEUES = ("embargo", "cbam", "sanctions")


def _hits(count: int, label: str) -> list[dict[str, Any]]:
    """Two hits per declaration, spread over three queues; every few declarations an amendment."""
    out = []
    for n in range(count // 2):
        queue, version = QUEUES[n % 3], 2 if n % 7 == 6 else 1
        for item in (1, 2):
            out.append({"hit_id": f"{label}-{n}-{item}", "event_id": f"e{n}", "declaration_key": f"B{n // 2:07d}",
                        "declaration_version": version, "item_number": item, "queue": queue, "severity": "hit",
                        "rule_id": f"{queue}.rule", "rule_version": "1", "list_version": None, "score": 1.0,
                        "reason": "benchmark", "evidence": {"eori": f"NL{n:012d}"}, "event_time": None,
                        "detected_at": "2026-01-01T00:00:00Z"})
    return out


def _clear(store: CaseStore) -> None:
    for key in store.r.scan_iter(match=f"{store.keys.prefix}*", count=1000):
        store.r.delete(key)


def _timed(store: CaseStore, hits: list[dict[str, Any]], batch: int) -> float:
    store.ensure_groups()
    began = time.perf_counter()
    if batch == 1:
        for hit in hits:
            store.add_hit(hit)
    else:
        for start in range(0, len(hits), batch):
            store.add_hits(hits[start:start + batch])
    took = time.perf_counter() - began
    assert store.r.hlen(store.keys.hit_index) == len(hits)
    return took


@click.command()
@click.option("--hits", type=click.IntRange(min=2), default=20_000, show_default=True)
@click.option("--batch", type=click.IntRange(min=2), default=500, show_default=True,
              help="Hits per pipeline (the service writes what one consume() returns, up to 500).")
def review(hits: int, batch: int) -> None:
    """Case writes per second into Redis: pipelined batches against one hit at a time."""
    prefix = f"bench-{uuid.uuid4().hex[:8]}:review"
    store = CaseStore.connect(redis_url(), prefix)
    try:
        data = _hits(hits, prefix)
        one = _timed(store, data, 1)
        _clear(store)
        batched = _timed(store, data, batch)
    finally:
        _clear(store)
    click.echo(f"one hit per round trip   {len(data) / one:>10,.0f} hits/s")
    click.echo(f"{batch} hits per pipeline  {len(data) / batched:>10,.0f} hits/s")
    click.echo(f"ratio                    {one / batched:>10.1f}x")
