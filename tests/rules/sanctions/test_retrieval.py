"""Retrieval reaches what scoring finds: a listed name that scores above the threshold must become a
candidate at the default threshold, not only when a low threshold lets more candidates through."""

from __future__ import annotations

import random

import msgspec

from rules.sanctions import Matcher, Params, evalset
from rules.sanctions.index import NameIndex
from rules.sanctions.model import SanctionsList


def _swapped(lists: SanctionsList, count: int, seed: int) -> list[tuple[str, str]]:
    """Primary names with two adjacent letters swapped in one of their four- or five-letter words."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for entity in lists.entities:
        words = entity.names[0].text.replace(",", " ").split()
        short = [i for i, w in enumerate(words) if 4 <= len(w) <= 5 and w.isalpha()]
        if len(words) < 2 or not short:
            continue
        i = rng.choice(short)
        w = words[i]
        k = rng.randrange(len(w) - 1)
        words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:]
        out.append((" ".join(words), entity.entity_id))
        if len(out) == count:
            break
    return out


def _scores(matcher: Matcher, queries: list[tuple[str, str]]) -> list[float]:
    found = matcher.match([q for q, _ in queries])
    return [max((m.score for m in row if m.entity.entity_id == eid), default=0.0)
            for (_, eid), row in zip(queries, found)]


def test_a_swap_in_a_short_word_is_retrieved_at_the_default_threshold(real_lists: SanctionsList) -> None:
    # "IARN" shares no trigram with "IRAN": found only through the name's other words, its candidate
    # was cut by a bound that did not know the pair, unless a low threshold loosened the bound
    index = NameIndex.build(real_lists)
    queries = _swapped(real_lists, 400, seed=5)
    default = Params()
    loose = _scores(Matcher(index, msgspec.structs.replace(default, threshold=0.6, max_per_name=100)), queries)
    strict = _scores(Matcher(index, msgspec.structs.replace(default, max_per_name=100)), queries)
    above = sum(s >= default.threshold for s in loose)
    lost = [q for (q, _), a, b in zip(queries, loose, strict) if a >= default.threshold > b]
    assert above > 300
    assert len(lost) <= 2, lost


def test_a_declared_word_against_a_listed_initial_is_not_cut_by_the_bound(real_lists: SanctionsList) -> None:
    # "SHM" stands against the listed initial "S."; retrieval never pairs them, so the bound counts such a
    # word at an initial's strength where the listed name has an initial of its letter
    matcher = Matcher(NameIndex.build(real_lists))
    found = {m.entity.entity_id for m in matcher.match(["TFAIL SHM."], ["PK"])[0]}
    assert {"OFAC-7138", "UN-QDi.056"} <= found          # TUFAIL, S.M.


def _entity_scores(matcher: Matcher, names: list[str]) -> list[dict[str, float]]:
    return [{m.entity.entity_id: m.score for m in row} for row in matcher.match(names)]


def test_a_name_found_under_two_of_its_words_written_together_is_not_cut_by_the_bound(
        real_lists: SanctionsList) -> None:
    # "RAHMAN, Abdur" is found under the list token "abdurrahman", whose weight is less than its two words'
    # together: the bound must count the two, or a name that scores 0.91 is never scored
    index = NameIndex.build(real_lists)
    default = Params()
    loose = _entity_scores(Matcher(index, msgspec.structs.replace(default, threshold=0.6)), ["ABDURRAHMAN, Mohammad"])
    strict = _entity_scores(Matcher(index), ["ABDURRAHMAN, Mohammad"])
    assert loose[0]["OFAC-12922"] >= default.threshold
    assert strict[0]["OFAC-12922"] == loose[0]["OFAC-12922"]


def test_declared_initials_keep_every_match_the_loose_bound_finds(real_lists: SanctionsList) -> None:
    # a declared initial widens the bound only by the listed words of its letter; what scores above the
    # threshold with the bound wide open must still be found, at the same score
    index = NameIndex.build(real_lists)
    default = Params()
    names = [s.name for s in evalset.positives(real_lists, 60, seed=3) if s.kind == "initials"]
    names += ["M. A. KARIMI", "S. M. TUFAIL", "A. A. SHAHI", "K. K. SHCHERBAKOV", "J. LOPEZ"]
    loose = _entity_scores(Matcher(index, msgspec.structs.replace(default, threshold=0.6, max_per_name=100)), names)
    strict = _entity_scores(Matcher(index, msgspec.structs.replace(default, max_per_name=100)), names)
    above = [(name, e, s) for name, row in zip(names, loose) for e, s in row.items() if s >= default.threshold]
    assert len(above) > 40
    assert [(name, e, s) for name, e, s in above if strict[names.index(name)].get(e) != s] == []
