from __future__ import annotations

from rules.sanctions import PartyScreener


def _ids(found):
    return {m.entity.entity_id for m in found}


def _work(screener: PartyScreener) -> int:
    return int(screener.matcher.stats.sum())


def test_a_party_seen_in_an_earlier_batch_is_not_scored_again(screener):
    fresh = PartyScreener(screener.lists, screener.matcher, screener.allow_list)
    first = fresh.screen_names(["Banco Nacional de Cuba", "Jan de Vries"], ["CU", "NL"])
    scored = _work(fresh)
    again = fresh.screen_names(["Jan de Vries", "Banco Nacional de Cuba", "Jan de Vries"], ["NL", "CU", "NL"])
    assert _work(fresh) == scored
    assert again == [first[1], first[0], first[1]]
    assert "OFAC-306" in _ids(again[1]) and again[0] == []


def test_the_same_name_in_another_country_is_scored_on_its_own(screener):
    fresh = PartyScreener(screener.lists, screener.matcher, screener.allow_list)
    fresh.screen_names(["Banco Nacional de Cuba"], ["CU"])
    scored = _work(fresh)
    fresh.screen_names(["Banco Nacional de Cuba"], ["NL"])
    assert _work(fresh) > scored


def test_a_full_memory_is_forgotten_and_answers_stay_the_same(screener):
    fresh = PartyScreener(screener.lists, screener.matcher, screener.allow_list)
    fresh.MAX_REMEMBERED = 2
    first = fresh.screen_names(["Banco Nacional de Cuba", "Jan de Vries"])
    fresh.screen_names(["Kim Jong Un"])            # a third pair: the memory starts over
    scored = _work(fresh)
    again = fresh.screen_names(["Banco Nacional de Cuba"])
    assert _work(fresh) > scored                   # forgotten, so scored anew
    assert _ids(again[0]) == _ids(first[0]) and "OFAC-306" in _ids(again[0])
