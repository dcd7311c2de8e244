"""A run's outcome against the offline screen of the same traffic, as the figures a scenario prints."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from loadtest.chaos.cluster import Collected
from loadtest.chaos.oracle import inconsistent_running_total_hits, stateless, totals_agree
from rules.hits import Hit
from streams.clock import epoch_of


@dataclass
class Figures:
    scenario: str
    lost: int                       # hits needing no running total that the offline screen has and the queues lack
    duplicated: int                 # one finding under two hit ids: what review would see twice after dedupe
    extra: int                      # hits the offline screen lacks, and running-total hits beyond their level
    totals_exact: bool
    recovery_s: float | None        # from the fault to lag back at its level before the fault
    max_event_to_hit_s: float | None  # over declarations sent from the fault until recovery
    redelivered: int = 0            # copies of a hit id beyond the first, removed by dedupe
    dead_letters_exact: bool = True
    notes: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)   # scenario checks that failed

    @property
    def passed(self) -> bool:
        return (not self.lost and not self.duplicated and not self.extra and self.totals_exact
                and self.dead_letters_exact and not self.problems)

    def lines(self) -> list[str]:
        def secs(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.1f} s"
        out = [f"scenario                  {self.scenario}",
               f"lost                      {self.lost}",
               f"duplicated                {self.duplicated}  (after dedupe by hit id; "
               f"{self.redelivered} redelivered copies removed)",
               f"extra                     {self.extra}",
               f"totals exact              {'yes' if self.totals_exact else 'no'}",
               f"recovery seconds          {secs(self.recovery_s)}",
               f"max event-to-hit (fault)  {secs(self.max_event_to_hit_s)}",
               f"dead letters exact        {'yes' if self.dead_letters_exact else 'no'}"]
        out += [f"{key:<25} {value}" for key, value in self.notes.items()]
        out += [f"PROBLEM                   {p}" for p in self.problems]
        out.append(f"verdict                   {'pass' if self.passed else 'FAIL'}")
        return out


def first_copies(copies: list[Hit]) -> dict[str, Hit]:
    found: dict[str, Hit] = {}
    for hit in copies:
        found.setdefault(hit.hit_id, hit)
    return found


def duplicated_findings(hits: dict[str, Hit]) -> int:
    """Findings (declaration version, item, rule) present under more than one hit id."""
    ids: dict[tuple[str, int, int | None, str], int] = defaultdict(int)
    for hit in hits.values():
        ids[(hit.declaration_key, hit.declaration_version, hit.item_number, hit.rule_id)] += 1
    return sum(n - 1 for n in ids.values() if n > 1)


def dead_letters_exact(letters: list[dict], poison: list[tuple[str, bytes]], sources: set[str]) -> bool:
    if sorted(d["original"] for d in letters) != sorted(value for _kind, value in poison):
        return False
    return all(d["reason"] and d["topic"] in sources for d in letters)


def max_event_to_hit(hits: dict[str, Hit], sent_at: dict[tuple[str, int], float],
                     since: float, until: float) -> float | None:
    """Largest detected_at - send time over hits of declarations sent in [since, until] (wall clock)."""
    worst: float | None = None
    for hit in hits.values():
        sent = sent_at.get((hit.declaration_key, hit.declaration_version))
        detected = epoch_of(hit.detected_at)
        if sent is None or detected is None or not since <= sent <= until:
            continue
        worst = max(worst or 0.0, detected - sent)
    return worst


def judge(scenario: str, collected: Collected, expected_hits: dict[str, Hit], expected_totals: dict[str, float],
          poison: list[tuple[str, bytes]], sources: set[str], *, ignore_rules: frozenset[str] = frozenset()
          ) -> Figures:
    """Lost, duplicated, extra and totals; the caller adds recovery and latency. Rules in `ignore_rules`
    (changed during the run on purpose) are left to the scenario's own check."""
    hits = {i: h for i, h in first_copies(collected.copies).items() if h.rule_id not in ignore_rules}
    expected = {i: h for i, h in expected_hits.items() if h.rule_id not in ignore_rules}
    want, got = stateless(expected), stateless(hits)
    return Figures(scenario, lost=len(want - got), duplicated=duplicated_findings(hits),
                   extra=len(got - want) + len(inconsistent_running_total_hits(hits)),
                   totals_exact=totals_agree(collected.totals, expected_totals), recovery_s=None,
                   max_event_to_hit_s=None, redelivered=len(collected.copies) - len(first_copies(collected.copies)),
                   dead_letters_exact=dead_letters_exact(collected.dead_letters, poison, sources))
