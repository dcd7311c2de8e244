"""Running totals: lines' contributions applied in event order, with amendments and redelivery.

Store layout (any mapping with get/setitem: a dict offline, a Faust table in the stream):
- `total_key`                        -> {"t": total in micro-units, "n": lines counted}
- `total_key|declaration key|item`   -> the line's contribution: version, event, amount, and the
                                        hits it produced (a redelivery gets the same hits back)
- `manifest|declaration key`         -> the totals a declaration version draws on, so that an
                                        amendment withdraws lines that no longer draw

Totals are kept in integer micro-units (kg, units or EUR x 10^6) so that replacing
contributions back and forth never leaves a float residue at a threshold.
A contribution carries everything this stage needs (limit, warning levels, rule ids,
evidence): it needs no reference data, and `Limits` can still replace a limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Protocol

import msgspec

from rules.hits import EvidenceValue, Hit, hit_id

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


class TotalsStore(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...


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


def _micro(value: float) -> int:
    return round(value * MICRO)


def retractions_for(manifest: Contribution, store: TotalsStore) -> list[Contribution]:
    """Record a newer manifest; the lines the earlier version drew on and this one does not,
    as retractions to apply to their totals (in the stream: forward them by total_key)."""
    rec = store.get(manifest.total_key)
    if rec is not None and manifest.declaration_version <= rec["v"]:
        return []
    if rec is None and not manifest.targets:
        return []
    store[manifest.total_key] = {"v": manifest.declaration_version, "targets": list(manifest.targets)}
    gone = [t for t in (rec["targets"] if rec else []) if t not in set(manifest.targets)]
    out = []
    for target in gone:
        total_key, _, item = target.rpartition("|")
        out.append(Contribution(total_key=total_key, declaration_key=manifest.declaration_key,
                                declaration_version=manifest.declaration_version, event_id=manifest.event_id,
                                kind="retraction", item_number=int(item), event_time=manifest.event_time))
    return out


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


def _apply_line(c: Contribution, store: TotalsStore, limits: Limits, detected_at: str) -> list[Hit]:
    ckey = contribution_key(c)
    old = store.get(ckey)
    if old is not None and c.declaration_version <= old["v"]:
        # the same version again is a redelivery: the hits it gave the first time, nothing recounted
        same = c.declaration_version == old["v"] and c.kind == "line"
        return [msgspec.convert(h, Hit) for h in old["hits"]] if same else []
    manifest = store.get(manifest_key(c.declaration_key))
    if manifest is not None and manifest["v"] > c.declaration_version:
        return []                                   # a late line of a version already replaced
    if old is None and c.kind == "retraction":
        return []
    rec = store.get(c.total_key) or {"t": 0, "n": 0}
    before = rec["t"]
    amount = 0 if c.kind == "retraction" else _micro(c.amount)
    after = before - (old["a"] if old else 0) + amount
    hits = [] if c.kind == "retraction" else threshold_hits(c, before, after, limits.limit_for(c), detected_at)
    # an amended line repeats no hit of the version it replaces (contract: new hits only where they differ)
    seen = set(old["rules"]) if old else set()
    emitted = [h for h in hits if h.rule_id not in seen]
    live = c.kind == "line"
    store[ckey] = {"v": c.declaration_version, "e": c.event_id, "a": amount, "live": live,
                   "hits": [msgspec.to_builtins(h) for h in emitted], "rules": [h.rule_id for h in hits]}
    counted = rec["n"] + int(live) - int(bool(old and old["live"]))
    store[c.total_key] = {"t": after, "n": counted}
    return emitted


def apply_contributions(contribs: Iterable[Contribution], store: TotalsStore, limits: Limits | None,
                        detected_at: str) -> list[Hit]:
    """Apply in order; returns the cbam-threshold and overrun hits and warnings."""
    limits = limits or Limits()
    out: list[Hit] = []
    for c in contribs:
        if c.kind == "manifest":
            for retraction in retractions_for(c, store):
                _apply_line(retraction, store, limits, detected_at)
        else:
            out += _apply_line(c, store, limits, detected_at)
    return out


def totals_snapshot(store: Mapping[str, Any]) -> dict[str, float]:
    """Total per total_key (for tests and the register): every record that is a total."""
    return {key: rec["t"] / MICRO for key, rec in store.items() if isinstance(rec, dict) and "t" in rec}
