"""Sanctions lists and party-name screening (pure: no Kafka, no Redis).

    lists = load_lists([BUNDLED])          # rules.sanctions.snapshot: the shipped snapshot
    screener = PartyScreener.build(lists, allow_list=AllowList.load(path))
    hits = screener.hits(declarations, detected_at)
"""

from rules.sanctions.allow import AllowList
from rules.sanctions.loaders import load_lists
from rules.sanctions.match import Match, Matcher, Params
from rules.sanctions.model import Entity, ListName, SanctionsList
from rules.sanctions.screener import RULE_ID, PartyScreener

__all__ = ["AllowList", "Entity", "ListName", "Match", "Matcher", "Params", "PartyScreener", "RULE_ID",
           "SanctionsList", "load_lists"]
