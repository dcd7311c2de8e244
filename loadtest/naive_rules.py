"""The shipped profiles and the sanctions lists in plain Python: what a team without a compiled engine writes.

Sets and dicts for codes and countries, one event (a decoded Avro dict) at a
time; party names through rapidfuzz's process.extractOne over the list names
that share the query's first letter. It is the benchmark's peer, not a second
opinion: it is measured for speed, and kept honest by evaluating every profile
kind the worker evaluates per line (match, sample, the importer-year running
total, unknown authorisations).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz, process

from rules.columns import key_hash
from rules.profiles.kinds.sample import salt
from rules.profiles.schema import Profile
from rules.reference_eval import sample_draw

PARTIES = ("importer", "exporter", "consignor", "consignee", "declarant", "representative")
NAME_CUTOFF = 90.0


def fold(name: str) -> str:
    return " ".join(anyascii(name).lower().replace(",", " ").replace(".", " ").split())


@dataclass(frozen=True)
class Rule:
    profile: Profile
    include: dict[int, frozenset[str]]       # prefix length -> prefixes
    exclude: dict[int, frozenset[str]]
    salt: int

    @classmethod
    def of(cls, profile: Profile) -> "Rule":
        return cls(profile, _by_length(profile.conditions.commodity_include),
                   _by_length(profile.conditions.commodity_except), salt(profile.id))


def _by_length(prefixes: Iterable[str]) -> dict[int, frozenset[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for p in prefixes:
        out[len(p)].add(p)
    return {n: frozenset(v) for n, v in out.items()}


def _prefixed(code: str, table: dict[int, frozenset[str]]) -> bool:
    return any(code[:n] in prefixes for n, prefixes in table.items())


class NaiveScreen:
    def __init__(self, profiles: Sequence[Profile], list_names: Iterable[str], known_references: Iterable[str]) -> None:
        self.rules = [Rule.of(p) for p in profiles if p.kind != "running_total" or p.total.key == "importer_year"]
        self.known = set(known_references)
        self.blocks: dict[str, list[str]] = defaultdict(list)
        for name in set(map(fold, list_names)):
            if name:
                self.blocks[name[0]].append(name)
        self.totals: dict[tuple[str, str, int], float] = defaultdict(float)

    def screen(self, event: dict[str, Any]) -> list[tuple[str, int | None]]:
        """(rule id, item number or None) of every hit of one event."""
        hits: list[tuple[str, int | None]] = []
        day = dt.date.fromisoformat(event["event_time"][:10])
        for rule in self.rules:
            p = rule.profile
            if (p.directions and event["direction"] not in p.directions) or not p.active_on(day) or \
                    (p.declaration_types and event["declaration_type"] not in p.declaration_types):
                continue
            if p.kind == "unknown_authorisation":
                hits += [(p.id, None) for a in event.get("authorisations") or ()
                         if a["type"] in p.authorisation_types and a["reference"] not in self.known]
                continue
            for line in event["lines"]:
                if self._line(rule, event, line, day):
                    hits.append((p.id, line["item_number"]))
        return hits + self._names(event)

    def _line(self, rule: Rule, event: dict[str, Any], line: dict[str, Any], day: dt.date) -> bool:
        p, c = rule.profile, rule.profile.conditions
        code = line["commodity_code"]
        if p.kind == "sample":
            return sample_draw(key_hash(event.get("mrn") or event.get("lrn") or event["event_id"]),
                               line["item_number"], rule.salt) < (p.rate or 0.0)
        if rule.include and not _prefixed(code, rule.include) or rule.exclude and _prefixed(code, rule.exclude):
            return False
        if c.procedures and (line.get("procedure_code") or "")[:2] not in c.procedures:
            return False
        docs = {d["code"] for d in line.get("documents") or ()}
        if any(d not in docs for d in c.documents_present) or any(d in docs for d in c.documents_absent):
            return False
        for clause in c.countries:
            values = [line.get(f"{f}_country") for f in clause.fields]
            if clause.negate:
                if any(v is None or v in clause.codes for v in values):
                    return False
            elif not any(v in clause.codes for v in values):
                return False
        if not _within(line.get("value_eur"), c.value_eur) or not _within(line.get("net_mass_kg"), c.net_mass_kg):
            return False
        if p.kind == "running_total":
            return self._total(p, event, line, day)
        return True

    def _total(self, p: Profile, event: dict[str, Any], line: dict[str, Any], day: dt.date) -> bool:
        importer = (event.get("importer") or {}).get("eori") or (event.get("importer") or {}).get("name") or ""
        key = (p.id, importer, day.year)
        before = self.totals[key]
        self.totals[key] = after = before + (line.get("net_mass_kg") or 0.0)
        return before <= (p.total.limit or 0.0) < after

    def _names(self, event: dict[str, Any]) -> list[tuple[str, int | None]]:
        hits: list[tuple[str, int | None]] = []
        for role in PARTIES:
            party = event.get(role)
            if not party or not party.get("name"):
                continue
            query = fold(party["name"])
            block = self.blocks.get(query[:1])
            if block and process.extractOne(query, block, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_CUTOFF):
                hits.append((f"sanctions.{role}", None))
        return hits


def _within(value: float | None, bounds: Any) -> bool:
    return bounds is None or (value is not None and bounds.lo <= value <= bounds.hi)
