"""Screening a JSON Lines file in order: the loop behind `grenswacht screen` and its benchmark.

Records are validated one by one (a bad record goes to the rejects with its line
number, the rest is screened), screened in batches with the same engine as the
stream, and the running totals live in plain dicts. Memory stays flat in the
number of input lines; the stores grow only with contributions and hits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.checks import check_declaration
from rules.engine import Engine
from rules.errors import RecordError
from rules.hits import Hit
from rules.jsonl import json_lines
from rules.ledger import new_hits
from rules.records import Authorisation, Declaration, decode_authorisation, decode_declaration
from rules.totals import apply_contributions

BATCH = 2000


@dataclass
class Summary:
    lines: int = 0              # non-empty input lines
    declarations: int = 0
    goods_lines: int = 0
    rejects: int = 0
    hits: Counter = field(default_factory=Counter)       # queue -> hits
    warnings: Counter = field(default_factory=Counter)   # queue -> warnings


def reject_record(number: int, raw: bytes, error: RecordError, **extra: Any) -> dict[str, Any]:
    return {"line": number, "reason": error.reason, "field": error.field,
            "raw": raw.decode("utf-8", errors="replace"), **extra}


def read_authorisations_keeping_rejects(path: Path) -> tuple[list[Authorisation], list[dict[str, Any]]]:
    """The valid authorisations of the file, and a reject record for each invalid one."""
    records: list[Authorisation] = []
    rejected: list[dict[str, Any]] = []
    for number, raw in json_lines(path):
        try:
            records.append(decode_authorisation(raw))
        except RecordError as exc:
            rejected.append(reject_record(number, raw, exc, file="authorisations"))
    return records, rejected


class OfflineScreen:
    """Feed raw lines in file order, then `finish`; hits and rejects go to the callbacks."""

    def __init__(self, engine: Engine, detected_at: str, write_hit: Callable[[Hit], None],
                 write_reject: Callable[[dict[str, Any]], None], batch_size: int = BATCH) -> None:
        self.engine, self.detected_at = engine, detected_at
        self.write_hit, self.write_reject = write_hit, write_reject
        self.batch_size = batch_size
        self.known_countries = engine.profile_set.sets.known_countries
        self.totals: dict[str, Any] = {}
        self.ledger: dict[str, Any] = {}
        self.emitted: set[str] = set()
        self.batch: list[Declaration] = []
        self.summary = Summary()

    def decode(self, number: int, raw: bytes) -> Declaration | None:
        try:
            decl = decode_declaration(raw)
            check_declaration(decl, self.known_countries)
            return decl
        except RecordError as exc:
            self.summary.rejects += 1
            self.write_reject(reject_record(number, raw, exc))
            return None

    def feed(self, number: int, raw: bytes) -> None:
        """One record as `rules.jsonl.json_lines` yields it: non-blank, without its line end."""
        self.summary.lines += 1
        decl = self.decode(number, raw)
        if decl is not None:
            self.batch.append(decl)
            if len(self.batch) >= self.batch_size:
                self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        events, self.batch = self.batch, []
        self.summary.declarations += len(events)
        self.summary.goods_lines += sum(len(e.lines) for e in events)
        screened = self.engine.screen(events, self.detected_at)
        hits = new_hits(events, screened.hits, self.ledger)
        hits += apply_contributions(screened.contributions, self.totals, self.engine.limits, self.detected_at)
        for hit in hits:
            if hit.hit_id in self.emitted:
                continue                    # a redelivered event: the same hit once in the file
            self.emitted.add(hit.hit_id)
            (self.summary.warnings if hit.severity == "warning" else self.summary.hits)[hit.queue] += 1
            self.write_hit(hit)

    def finish(self) -> Summary:
        self.flush()
        return self.summary
