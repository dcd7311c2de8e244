"""Amendments and the hits that need no history: an amended declaration repeats no hit.

Contract: "A later version of the same key replaces the earlier one ... and its
hits are new hits only where they differ". A hit of version 2 on the same item
by the same rule (and rule version) as a hit of version 1 is not new, so it is
not emitted again; a redelivered event (same version) gets the hits it got the
first time again, with the same hit ids (and never the repeats held back then),
and a late older version gets none.

Store: `ledger_key(declaration key)` -> `rules.stored.LedgerEntry` (version, the
"item|rule|rule version" keys of its hits, and those of them held back as repeats),
kept only for declarations that ever had a hit. The running-total hits do the same inside `rules.totals` (per contribution).
"""

from __future__ import annotations

from collections.abc import Sequence

from rules.hits import Hit
from rules.records import Declaration
from rules.stored import LedgerEntry, Store, fetch


def ledger_key(declaration_key: str) -> str:
    """The ledger's key of a declaration; the stream routes hit groups by it too."""
    return f"hits|{declaration_key}"


def _rule_key(hit: Hit) -> str:
    return f"{hit.item_number}|{hit.rule_id}|{hit.rule_version}"


def new_hits(events: Sequence[Declaration], hits: Sequence[Hit], store: Store) -> list[Hit]:
    """The hits of `Engine.screen` for these events, less the repeats of earlier versions (in event order)."""
    by_version: dict[tuple[str, int], list[Hit]] = {}
    events_with_hits = set()
    for hit in hits:
        by_version.setdefault((hit.declaration_key, hit.declaration_version), []).append(hit)
        events_with_hits.add(hit.event_id)
    out: list[Hit] = []
    done: set[tuple[str, int]] = set()
    for decl in events:
        if decl.version == 1 and decl.event_id not in events_with_hits:
            continue                    # nothing to emit and no earlier version to compare with
        group = (decl.key, decl.version)
        if group in done:
            continue
        done.add(group)
        mine = by_version.get(group, [])
        key = ledger_key(decl.key)
        rec = fetch(store, key, LedgerEntry)
        if rec is None and not mine:
            continue
        if rec is not None and decl.version < rec.version:
            continue
        keys = [_rule_key(h) for h in mine]
        if rec is not None and decl.version == rec.version:
            held = set(rec.repeats)
            out += [h for h, k in zip(mine, keys) if k not in held]
            store[key] = LedgerEntry(version=decl.version, rules=sorted(set(rec.rules) | set(keys)),
                                     repeats=rec.repeats)
            continue
        earlier = set(rec.rules) if rec is not None else set()
        out += [h for h, k in zip(mine, keys) if k not in earlier]
        store[key] = LedgerEntry(version=decl.version, rules=sorted(set(keys)),
                                 repeats=sorted(k for k in set(keys) if k in earlier))
    return out
