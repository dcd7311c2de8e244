"""Planted cases are exactly the lines an independent reading of the rules flags, and nothing else is."""

from __future__ import annotations

import random

import loadtest_oracle as oracle
import pytest
from loadtest_data import Dataset

from loadtest.generator import DeclarationGenerator, Rates, generate_authorisations
from loadtest.listnames import name_key, perturb

STATELESS = ("embargo.ru_car", "embargo.ru_steel", "embargo.chpl_export", "cbam.no_status", "cbam.y137_excluded")
OVERRUN = ("overrun.warning_80", "overrun.warning_95", "overrun.over_100", "overrun.unknown_authorisation")


def planted(generator: DeclarationGenerator, kind: str) -> set[tuple[str, int | None]]:
    return set(generator.planted.get(kind, []))


@pytest.mark.parametrize("kind", STATELESS)
def test_stateless_planted_lines_are_exactly_the_hits(dataset: Dataset, kind: str) -> None:
    expected = oracle.stateless(dataset.events)[kind]
    assert expected, f"no {kind} planted"
    assert planted(dataset.generator, kind) == expected


@pytest.mark.parametrize("kind", OVERRUN)
def test_authorisation_draws_cross_each_level_where_planted(dataset: Dataset, kind: str) -> None:
    expected = oracle.overruns(dataset.events, dataset.authorisations)[kind]
    assert expected, f"no {kind} planted"
    assert planted(dataset.generator, kind) == expected


def test_every_targeted_authorisation_reaches_its_levels(dataset: Dataset) -> None:
    crossings = [p.crossed for p in dataset.generator.plans if p.target > 0.8]
    assert all("overrun.warning_80" in c for c in crossings)
    assert sum("overrun.warning_95" in c for c in crossings) >= 2
    assert sum("overrun.over_100" in c for c in crossings) >= 2
    assert all(p.used <= 0.7 * p.limit + 1e-6 for p in dataset.generator.plans if p.target <= 0.8)


@pytest.mark.parametrize("only_y137_lines", [True, False])
def test_y137_claimants_cross_50_tonnes_only_where_planted(dataset: Dataset, only_y137_lines: bool) -> None:
    expected = oracle.cbam_threshold(dataset.events, only_y137_lines)
    assert expected
    assert planted(dataset.generator, "cbam.threshold") == expected


def test_honest_y137_claimants_are_many_and_stay_below_the_threshold(dataset: Dataset) -> None:
    claimants = {e["importer"]["eori"] for e in dataset.events
                 for line in e["lines"] if any(d["code"] == "Y137" for d in line.get("documents", []))}
    over = {c.party["eori"] for c in dataset.generator.plants.deminimis.over}
    assert len(claimants - over) >= 10
    assert over <= claimants


def test_sanctioned_names_appear_as_parties_of_the_planted_events(dataset: Dataset) -> None:
    refs = planted(dataset.generator, "sanctions.party")
    assert refs
    listed = {name_key(n) for n in ("BANCO NACIONAL DE CUBA", "AEROCARIBBEAN AIRLINES", "KASKAR, Dawood Ibrahim")}
    by_id = {e["event_id"]: e for e in dataset.events}
    roles = ("importer", "exporter", "consignor", "consignee", "declarant", "representative")
    for event_id, item in refs:
        names = {name_key((by_id[event_id].get(r) or {}).get("name") or "") for r in roles}
        assert item is None and names & listed
    unplanted = [e for e in dataset.events if e["event_id"] not in {r[0] for r in refs}
                 and {name_key((e.get(r) or {}).get("name") or "") for r in roles} & listed]
    assert not unplanted


def test_no_sanctioned_parties_without_names() -> None:
    generator = DeclarationGenerator(5000)
    list(generator)
    assert not generator.planted.get("sanctions.party")


def test_small_file_still_completes_the_stateful_series() -> None:
    """Pacing follows the line budget: a few thousand lines still reach every alert level."""
    generator = DeclarationGenerator(3000, seed=3)
    events = list(generator)
    found = oracle.overruns(events, generate_authorisations(3))
    for kind in ("overrun.warning_80", "overrun.warning_95", "overrun.over_100"):
        assert found[kind] == planted(generator, kind) != set()
    assert oracle.cbam_threshold(events, True) == planted(generator, "cbam.threshold") != set()


def test_other_start_dates_keep_draws_inside_the_validity_windows() -> None:
    start = "2027-12-31T23:58:00Z"   # the file runs into the next calendar year
    generator = DeclarationGenerator(20_000, seed=9, start=start)
    events = list(generator)
    assert events[0]["event_time"].startswith("2027") and events[-1]["event_time"].startswith("2028")
    auths = generate_authorisations(9, start=start)
    found = oracle.overruns(events, auths)
    assert found["overrun.warning_80"] == planted(generator, "overrun.warning_80") != set()
    assert oracle.cbam_threshold(events, False) == planted(generator, "cbam.threshold")


def test_amendments_of_running_total_draws_only_shrink_them() -> None:
    """Ordinary draws get amended too (so the replacement path is exercised), but never upwards."""
    generator = DeclarationGenerator(20_000, seed=4, rates=Rates(amendment=0.3))
    events = list(generator)
    totals_docs = {"C601", "N990", "Y137"}
    previous: dict[str, dict] = {}
    shrunk = 0
    for event in events:
        key = event["mrn"] or event["lrn"]
        draws = event.get("authorisations") or any(
            d["code"] in totals_docs for line in event["lines"] for d in line.get("documents", []))
        before = previous.get(key)
        if before and event["version"] > before["version"] and draws:
            old = {line["item_number"]: line for line in before["lines"]}
            assert set(old) >= {line["item_number"] for line in event["lines"]}
            for line in event["lines"]:
                for field in ("net_mass_kg", "value_eur", "supplementary_units"):
                    assert (line.get(field) or 0) <= (old[line["item_number"]].get(field) or 0)
            shrunk += 1
        if not before or event["version"] > before["version"]:
            previous[key] = event
    assert shrunk > 0
    # ...and the planted crossings are still exactly where the rules put them.
    found = oracle.overruns(events, generate_authorisations(4))
    for kind in ("overrun.warning_80", "overrun.warning_95", "overrun.over_100"):
        assert found[kind] == planted(generator, kind)
    assert oracle.cbam_threshold(events, False) == planted(generator, "cbam.threshold")


def test_perturbed_names_keep_their_words_and_vary_their_form() -> None:
    rng = random.Random(3)
    name = "KASKAR, Dawood Ibrahim"
    variants = {perturb(name, rng) for _ in range(200)}
    assert {name_key(v) for v in variants} == {name_key(name)}
    assert name in variants and "Dawood Ibrahim KASKAR" in variants and len(variants) >= 4
