"""Running totals: lines' contributions applied in event order, with amendments and redelivery.

State (typed, versioned records of `rules.stored`, in any mapping with get/setitem: a
dict offline, a `RecordTable` over a Faust table in the stream):
- `total_key`                        -> RunningTotal: total in micro-units, lines counted, draws applied
- `total_key|declaration key|item`   -> LineDraw: the line's draw of one version, the hits it
                                        produced (a redelivery gets the same hits back), and the
                                        total as it left it
- `manifest|declaration key`         -> Manifest: the draws a declaration version makes, so that
                                        an amendment withdraws lines that no longer draw

A draw writes two records, its own and then its total's, and in the stream each reaches the
changelog on its own after the local write: a worker that dies can leave the draw without the
total, or a local state whose writes never reached the changelog. A redelivered draw therefore
writes its records again: its own, and the total it left where the stored total is that one or an
earlier one (fewer `writes`), so the total it lost is put back and the changelog gets both.

Totals are kept in integer micro-units (kg, units or EUR x 10^6) so that replacing
contributions back and forth never leaves a float residue at a threshold.
A contribution carries everything this stage needs (limit, warning levels, rule ids,
evidence): it needs no reference data, and `Limits` can still replace a limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

import msgspec

from rules.hits import EvidenceValue, Hit, hit_id
from rules.stored import LineDraw, Manifest, RunningTotal, Store, fetch

MICRO = 1_000_000
Kind = Literal["line", "manifest", "retraction"]


class Level(msgspec.Struct, frozen=True, array_like=True):
    fraction: float        # of the limit, e.g. 0.8
    rule_id: str


class Contribution(msgspec.Struct, kw_only=True):
    """One line's draw on one running total (or, kind manifest, the totals of one declaration version)."""

    total_key: str         # "cbam.de_minimis_threshold:<EORI>:<year>", "auth:<reference>:quantity", "manifest|<key>"
    declaration_key: str
    declaration_version: int
    event_id: str
    kind: Kind = "line"
    item_number: Optional[int] = None
    event_time: Optional[str] = None
    amount: float = 0.0
    limit: Optional[float] = None
    levels: list[Level] = []
    limit_rule_id: str = ""
    rule_version: str = ""
    queue: str = "overrun"
    severity: str = "hit"
    unit: str = ""
    subject: str = ""      # what the total is, for the reason: "the value drawn on authorisation X"
    note: str = ""         # what going over the limit means, appended to the hit's reason
    evidence: dict[str, EvidenceValue] = {}
    targets: list[str] = []  # manifest: "total_key|item" of every line contribution of this version


class Limits(msgspec.Struct, frozen=True):
    """Limits that replace the ones carried by contributions, per total key (e.g. an
    authorisation updated on its compacted topic after the lines were screened)."""

    overrides: dict[str, float] = {}

    def limit_for(self, c: Contribution) -> float | None:
        return self.overrides.get(c.total_key, c.limit)


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Contribution)


def encode_contribution(c: Contribution) -> bytes:
    return _encoder.encode(c)


def decode_contribution(raw: bytes | str) -> Contribution:
    return _decoder.decode(raw)


def manifest_key(declaration_key: str) -> str:
    return f"manifest|{declaration_key}"


def contribution_key(c: Contribution) -> str:
    return f"{c.total_key}|{c.declaration_key}|{c.item_number}"


def target_of(c: Contribution) -> str:
    """How a manifest names a line's draw: `total_key|item`."""
    return f"{c.total_key}|{c.item_number}"


def manifest_for(decl_key: str, version: int, event_id: str, event_time: str | None,
                 lines: Iterable[Contribution]) -> Contribution:
    """The manifest of a declaration version: every draw its lines make."""
    return Contribution(total_key=manifest_key(decl_key), declaration_key=decl_key, declaration_version=version,
                        event_id=event_id, kind="manifest", event_time=event_time,
                        targets=[target_of(c) for c in lines])


def _micro(value: float) -> int:
    return round(value * MICRO)


def _retraction(manifest: Contribution, target: str) -> Contribution:
    total_key, _, item = target.rpartition("|")
    return Contribution(total_key=total_key, declaration_key=manifest.declaration_key,
                        declaration_version=manifest.declaration_version, event_id=manifest.event_id,
                        kind="retraction", item_number=int(item), event_time=manifest.event_time)


def retractions_for(manifest: Contribution, store: Store) -> list[Contribution]:
    """Record a newer manifest; the lines the earlier version drew on and this one does not, as
    retractions to apply to their totals (in the stream: forwarded by total_key). A redelivered
    manifest yields the same retractions again (they are idempotent where they land), so a crash
    between recording the manifest and forwarding its retractions loses none."""
    rec = fetch(store, manifest.total_key, Manifest)
    if rec is not None and manifest.declaration_version == rec.version:
        return [_retraction(manifest, target) for target in rec.gone]
    if rec is not None and manifest.declaration_version < rec.version:
        return []
    if rec is None and not manifest.targets:
        return []
    keep = set(manifest.targets)
    gone = [t for t in (rec.targets if rec else []) if t not in keep]
    store[manifest.total_key] = Manifest(version=manifest.declaration_version, targets=list(manifest.targets),
                                         gone=gone)
    return [_retraction(manifest, target) for target in gone]


def _fmt(micro: int) -> str:
    return f"{micro / MICRO:,.3f}".rstrip("0").rstrip(".")


def _hit(c: Contribution, rule_id: str, severity: str, reason: str, after: int, limit: int, detected_at: str) -> Hit:
    evidence: dict[str, EvidenceValue] = dict(c.evidence)
    evidence.update({"total_key": c.total_key, "line_amount": c.amount, "running_total": after / MICRO,
                     "limit": limit / MICRO, "unit": c.unit,
                     "percent_of_limit": round(100 * after / limit, 2) if limit else None})
    return Hit(hit_id=hit_id(c.declaration_key, c.declaration_version, c.item_number, rule_id, c.rule_version),
               event_id=c.event_id, declaration_key=c.declaration_key, declaration_version=c.declaration_version,
               queue=c.queue, rule_id=rule_id, rule_version=c.rule_version,  # type: ignore[arg-type]
               score=1.0 if severity == "hit" else round(min(1.0, after / limit), 4) if limit else 1.0,
               reason=reason, detected_at=detected_at, item_number=c.item_number,
               severity=severity, evidence=evidence, event_time=c.event_time)  # type: ignore[arg-type]


def threshold_hits(c: Contribution, before: int, after: int, limit: float | None, detected_at: str) -> list[Hit]:
    """At most one alert per line: the highest level its draw crosses. A line that takes the
    total above the limit is one limit hit (also while the total stays above it), not the
    warnings it passed on the way; otherwise the highest warning level the total reaches."""
    if limit is None:
        return []
    lim = _micro(limit)
    head = f"Line {c.item_number} takes {c.subject} to {_fmt(after)} {c.unit}"
    if after > lim:
        return [_hit(c, c.limit_rule_id, c.severity, f"{head}, above the limit of {_fmt(lim)} {c.unit}{c.note}.",
                     after, lim, detected_at)]
    crossed = [level for level in c.levels if before < _micro(level.fraction * limit) <= after]
    if not crossed:
        return []
    level = max(crossed, key=lambda lv: lv.fraction)
    pct = f"{100 * after / lim:.1f}" if lim else "n/a"
    return [_hit(c, level.rule_id, "warning", f"{head}, {pct}% of the limit of {_fmt(lim)} {c.unit} "
                 f"(warning at {level.fraction:.0%}).", after, lim, detected_at)]


def _apply_line(c: Contribution, store: Store, limits: Limits, detected_at: str) -> list[Hit]:
    ckey = contribution_key(c)
    old = fetch(store, ckey, LineDraw)
    if old is not None and c.declaration_version <= old.version:
        # the same version again is a redelivery: the hits it gave the first time, nothing recounted
        if c.declaration_version == old.version:
            _write_again(ckey, old, c.total_key, store)
        same = c.declaration_version == old.version and c.kind == "line"
        return list(old.hits) if same else []
    manifest = fetch(store, manifest_key(c.declaration_key), Manifest)
    if manifest is not None and manifest.version > c.declaration_version:
        return []                                   # a late line of a version already replaced
    if old is None and c.kind == "retraction":
        return []
    rec = fetch(store, c.total_key, RunningTotal) or RunningTotal()
    amount = 0 if c.kind == "retraction" else _micro(c.amount)
    after = rec.micro - (old.micro if old else 0) + amount
    hits = [] if c.kind == "retraction" else threshold_hits(c, rec.micro, after, limits.limit_for(c), detected_at)
    # an amended line repeats no hit of the version it replaces (contract: new hits only where they differ)
    seen = set(old.rules) if old else set()
    emitted = [h for h in hits if h.rule_id not in seen]
    live = c.kind == "line"
    total = RunningTotal(micro=after, lines=rec.lines + int(live) - int(bool(old and old.live)),
                         writes=rec.writes + 1)
    store[ckey] = LineDraw(version=c.declaration_version, event_id=c.event_id, micro=amount, live=live,
                           hits=emitted, rules=[h.rule_id for h in hits], total=total)
    store[c.total_key] = total
    return emitted


def _write_again(ckey: str, draw: LineDraw, total_key: str, store: Store) -> None:
    """A redelivered draw's records, written again: the total it left goes back where the stored
    total is older (its record was lost with the worker) or is that very one (so the changelog has
    it); a later total, with draws applied after this one, stays."""
    if draw.total is None:          # written before totals counted their writes
        return
    current = fetch(store, total_key, RunningTotal)
    store[ckey] = draw
    if current is None or current.writes <= draw.total.writes:
        store[total_key] = draw.total


@dataclass
class Step:
    """What one contribution gives: hits to emit, and retractions to apply to other totals."""

    hits: list[Hit] = field(default_factory=list)
    retractions: list[Contribution] = field(default_factory=list)


def apply_one(c: Contribution, store: Store, limits: Limits | None, detected_at: str) -> Step:
    """One contribution; a manifest gives the retractions of the lines its version withdrew (the stream
    forwards them to the partitions that own their totals; `apply_contributions` applies them here)."""
    if c.kind == "manifest":
        return Step(retractions=retractions_for(c, store))
    return Step(hits=_apply_line(c, store, limits or Limits(), detected_at))


def apply_contributions(contribs: Iterable[Contribution], store: Store, limits: Limits | None,
                        detected_at: str) -> list[Hit]:
    """Apply in order; returns the cbam-threshold and overrun hits and warnings."""
    limits = limits or Limits()
    out: list[Hit] = []
    for c in contribs:
        step = apply_one(c, store, limits, detected_at)
        for retraction in step.retractions:
            apply_one(retraction, store, limits, detected_at)
        out += step.hits
    return out


def totals_snapshot(store: Mapping[str, Any] | Any) -> dict[str, float]:
    """Total per total_key (for tests and the /totals page): every record that is a running total."""
    return {key: rec.micro / MICRO for key, rec in store.items() if isinstance(rec, RunningTotal)}
