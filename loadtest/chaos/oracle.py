"""What the offline screen of a file expects, and the checks that hold whatever the stream's order.

Shared by the stream's integration tests and the fault scenarios, so both judge a
run by the same rules.
"""

from __future__ import annotations

from pathlib import Path

from rules.engine import Engine
from rules.hits import Hit
from rules.offline import OfflineScreen
from rules.totals import totals_snapshot

OFFLINE_AT = "2026-01-01T00:00:00Z"


def offline_screen(engine: Engine, path: Path) -> tuple[dict[str, Hit], dict[str, float], int]:
    """What `grenswacht screen` gives for the file: hits by id, final totals, goods lines screened."""
    hits: dict[str, Hit] = {}
    run = OfflineScreen(engine, OFFLINE_AT, lambda h: hits.setdefault(h.hit_id, h), lambda r: None)
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            run.feed(number, raw)
    summary = run.finish()
    return hits, totals_snapshot(run.totals), summary.goods_lines


def stateless(hits: dict[str, Hit]) -> set[str]:
    """Hit ids of the rules that need no running total."""
    return {i for i, h in hits.items() if "total_key" not in h.evidence}


def running_total_hits(hits: dict[str, Hit]) -> list[Hit]:
    return [h for h in hits.values() if "total_key" in h.evidence]


def inconsistent_running_total_hits(hits: dict[str, Hit]) -> list[Hit]:
    """Running-total hits that state a total on the wrong side of their level.

    Which line crosses a limit depends on the order in which one key's contributions arrive, and
    declarations of one importer travel on different source partitions; what holds in any order is
    that every such hit states a total on the right side of its level."""
    wrong = []
    for hit in running_total_hits(hits):
        total, limit = hit.evidence.get("running_total"), hit.evidence.get("limit")
        if not isinstance(total, float) or not isinstance(limit, float):
            wrong.append(hit)
        elif hit.severity == "hit" and not total > limit:
            wrong.append(hit)
    return wrong


def totals_agree(found: dict[str, float], expected: dict[str, float], rel: float = 1e-6) -> bool:
    if set(found) != set(expected):
        return False
    return all(abs(found[k] - v) <= rel * max(1.0, abs(v)) for k, v in expected.items())
