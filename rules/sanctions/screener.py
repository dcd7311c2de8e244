"""Party screening of declarations: every party name against the lists, hits for the sanctions queue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rules.hits import Hit, hit_id
from rules.records import PARTY_ROLES, Declaration
from rules.sanctions.allow import AllowList
from rules.sanctions.index import NameIndex
from rules.sanctions.match import Match, Matcher, Params
from rules.sanctions.model import SanctionsList

RULE_ID = "sanctions.party_name"


class PartyScreener:
    """Built once per list version (off the hot path); `hits` screens a batch of declarations."""

    # (name, country) pairs whose matches are remembered across batches: the same parties lodge
    # declaration after declaration, and the matcher's answer for a pair never changes within
    # one screener (one list version, one set of settings); forgotten all at once when full
    MAX_REMEMBERED = 100_000

    def __init__(self, lists: SanctionsList, matcher: Matcher, allow_list: AllowList) -> None:
        self.lists = lists
        self.matcher = matcher
        self.allow_list = allow_list
        self.version = lists.version            # -> hit.list_version
        self.rule_version = matcher.version     # -> hit.rule_version
        self.counters: Counter[str] = Counter()  # parties, matches, hits, suppressed
        self.suppressed_by_entity: Counter[str] = Counter()
        self._remembered: dict[tuple[str, str | None], list[Match]] = {}

    @classmethod
    def build(cls, lists: SanctionsList, threshold: float | None = None,
              allow_list: AllowList | Iterable[tuple[str, str]] = ()) -> "PartyScreener":
        params = Params() if threshold is None else Params(threshold=threshold)
        allow = allow_list if isinstance(allow_list, AllowList) else AllowList(allow_list)
        return cls(lists, Matcher(NameIndex.build(lists), params), allow)

    def screen_names(self, names: Sequence[str], countries: Sequence[str | None] | None = None) -> list[list[Match]]:
        """Batch API: matches for each name (best first); each distinct (name, country) is scored
        once, and not again while it is remembered."""
        keys = list(zip(names, countries if countries is not None else [None] * len(names)))
        remembered = self._remembered
        unseen = [k for k in dict.fromkeys(keys) if k not in remembered]
        if len(remembered) + len(unseen) > self.MAX_REMEMBERED:
            remembered.clear()
            unseen = list(dict.fromkeys(keys))
        if unseen:
            found = self.matcher.match([k[0] for k in unseen], [k[1] for k in unseen])
            remembered.update(zip(unseen, found))
        return [list(remembered[k]) for k in keys]

    def hits(self, events: Sequence[Declaration], detected_at: str) -> list[Hit]:
        parties = [(decl, role, party) for decl in events for role in PARTY_ROLES
                   if (party := getattr(decl, role)) is not None and party.name]
        self.counters["parties"] += len(parties)
        matches = self.screen_names([p.name for _, _, p in parties], [p.country for _, _, p in parties])
        out: list[Hit] = []
        for (decl, role, party), found in zip(parties, matches):
            kept = []
            for match in found:
                self.counters["matches"] += 1
                if self.allow_list.allows(party.name, party.eori, match.entity.entity_id):
                    self.counters["suppressed"] += 1
                    self.suppressed_by_entity[match.entity.entity_id] += 1
                    continue
                kept.append(match)
            if kept:
                # one review item per party: the best entry, the others as its evidence
                out.append(self._hit(decl, role, party.name, party.eori, kept[0], kept[1:], detected_at))
        self.counters["hits"] += len(out)
        return out

    def _hit(self, decl: Declaration, role: str, declared: str, eori: str | None, match: Match,
             others: Sequence[Match],
             detected_at: str) -> Hit:
        entity = match.entity
        rule_id = f"{RULE_ID}/{role}/{entity.entity_id}"
        score = _unit(match.score)
        reason = (f"The {role} name '{declared}' matches {entity.source} {entity.programme or 'list'} "
                  f"{entity.type} '{match.name.text}' ({entity.entity_id}) with score {score:.2f}")
        reason += f", and {len(others)} other list entries." if others else "."
        return Hit(
            hit_id=hit_id(decl.key, decl.version, None, rule_id, self.rule_version),
            event_id=decl.event_id, declaration_key=decl.key, declaration_version=decl.version,
            queue="sanctions", rule_id=rule_id, rule_version=self.rule_version, score=round(score, 4),
            reason=reason, detected_at=detected_at, item_number=None, severity="hit",
            list_version=self.version, event_time=decl.event_time,
            evidence={
                "party_role": role, "declared_name": declared, "party_eori": eori, "matched_name": match.name.text,
                "entity_id": entity.entity_id, "list": entity.source, "programme": entity.programme,
                "entity_type": entity.type, "score": round(score, 4), "why": match.why,
                "candidates": 1 + len(others), "other_candidates": candidates_text(others),
            },
        )


def _unit(score: float) -> float:
    return min(max(score, 0.0), 1.0)


def candidates_text(others: Sequence[Match]) -> str | None:
    """The other entries one party matched, best first: "OFAC-22326 'LI, Cheng He' 0.80; UN-..."
    (evidence values are scalars in the hit contract)."""
    if not others:
        return None
    return "; ".join(f"{m.entity.entity_id} '{m.name.text}' {_unit(m.score):.2f}" for m in others)
