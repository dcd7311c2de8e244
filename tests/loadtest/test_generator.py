"""The generator: contract-valid events, exact line counts, determinism, realistic shape, revisions."""

from __future__ import annotations

import re
from collections import Counter

import orjson
import pytest
from loadtest_data import Dataset

from loadtest.generator import DeclarationGenerator, Rates, generate_declarations
from rules.records import decode_declaration

MRN = re.compile(r"^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$")


def test_every_event_passes_the_contract_after_a_json_round_trip(dataset: Dataset) -> None:
    for event in dataset.events:
        decoded = decode_declaration(orjson.dumps(event))
        assert decoded.event_id == event["event_id"]
        assert len(decoded.lines) == len(event["lines"])


@pytest.mark.parametrize("lines", [1, 2, 7, 999, 4321])
def test_line_count_is_exact(lines: int) -> None:
    generator = DeclarationGenerator(lines, seed=lines)
    events = list(generator)
    assert sum(len(e["lines"]) for e in events) == lines
    assert generator.lines == lines and generator.events == len(events)


def test_zero_lines_is_refused() -> None:
    with pytest.raises(ValueError):
        DeclarationGenerator(0)


def test_same_seed_same_bytes_other_seed_other_events() -> None:
    first = [orjson.dumps(e) for e in generate_declarations(3000, seed=5)]
    again = [orjson.dumps(e) for e in generate_declarations(3000, seed=5)]
    other = [orjson.dumps(e) for e in generate_declarations(3000, seed=6)]
    assert first == again
    assert first != other
    assert not {orjson.loads(r)["event_id"] for r in first} & {orjson.loads(r)["event_id"] for r in other}


def test_mix_is_mostly_low_value_e_commerce_with_every_source(dataset: Dataset) -> None:
    types = Counter(e["declaration_type"] for e in dataset.events)
    assert types["H7"] > 0.6 * len(dataset.events)
    sources = {(e["source"], e["direction"], e["declaration_type"][0]) for e in dataset.events}
    assert {("DMS", "IMPORT", "H"), ("AES", "EXPORT", "B"), ("ICS2", "ENTRY", "F"), ("NCTS", "TRANSIT", "D")} <= sources


def test_h7_is_hs6_without_net_mass_below_150_eur(dataset: Dataset) -> None:
    h7 = [e for e in dataset.events if e["declaration_type"] == "H7"]
    for event in h7:
        assert 1 <= len(event["lines"]) <= 3
        assert sum(line["value_eur"] for line in event["lines"]) < 150
        for line in event["lines"]:
            assert len(line["commodity_code"]) == 6 and line["net_mass_kg"] is None


def test_h1_lines_carry_cn8_or_taric10_procedure_mass_and_value(dataset: Dataset) -> None:
    h1 = [line for e in dataset.events if e["declaration_type"] == "H1" for line in e["lines"]]
    procedures = Counter(line["procedure_code"] for line in h1)
    assert {"4000", "4200", "4400", "5100", "6121"} <= set(procedures)
    assert procedures.most_common(1)[0][0] == "4000"
    for line in h1:
        assert len(line["commodity_code"]) in (8, 10)
        assert line["value_eur"] >= 0 and (line["net_mass_kg"] is None or line["net_mass_kg"] >= 0)
    assert max(len(e["lines"]) for e in dataset.events if e["declaration_type"] == "H1") <= 20


def test_exports_are_aes_b1_with_destination_and_export_procedures(dataset: Dataset) -> None:
    exports = [(e, line) for e in dataset.events if e["direction"] == "EXPORT" for line in e["lines"]]
    assert all(e["source"] == "AES" and e["declaration_type"] == "B1" for e, _ in exports)
    assert {line["procedure_code"] for _, line in exports} == {"1000", "3151"}
    assert all(line["destination_country"] and len(line["commodity_code"]) == 8 for _, line in exports)


def test_keys_are_mrns_or_lrns_and_parties_have_eoris(dataset: Dataset) -> None:
    for event in dataset.events:
        assert event["mrn"] is None or MRN.match(event["mrn"])
        assert event["lrn"] and len(event["lrn"]) <= 22
    importers = [e["importer"] for e in dataset.events if e.get("importer")]
    assert all(re.fullmatch(r"NL\d{9}", p["eori"]) for p in importers)
    assert any(e["mrn"] is None for e in dataset.events)


def test_event_time_never_goes_back_except_for_redeliveries(dataset: Dataset) -> None:
    redelivered = {eid for eid, _ in dataset.generator.planted["redelivery"]}
    seen: set[str] = set()
    latest = ""
    for event in dataset.events:
        if event["event_id"] in seen:
            assert event["event_id"] in redelivered
            continue
        seen.add(event["event_id"])
        assert event["event_time"] >= latest
        latest = event["event_time"]


def test_redeliveries_repeat_an_earlier_event_byte_for_byte(dataset: Dataset) -> None:
    first: dict[str, bytes] = {}
    repeats = 0
    for event in dataset.events:
        raw = orjson.dumps(event)
        if event["event_id"] in first:
            assert raw == first[event["event_id"]]
            repeats += 1
        else:
            first[event["event_id"]] = raw
    assert repeats == len(dataset.generator.planted["redelivery"]) > 0


def test_amendments_keep_the_key_raise_the_version_and_change_lines(dataset: Dataset) -> None:
    by_key: dict[str, list[dict]] = {}
    for event in dataset.events:
        by_key.setdefault(event["mrn"] or event["lrn"], []).append(event)
    amended = {eid for eid, _ in dataset.generator.planted["amendment"]}
    assert amended
    for event in dataset.events:
        if event["event_id"] not in amended:
            continue
        history = by_key[event["mrn"] or event["lrn"]]
        earlier = [h for h in history if h["version"] == event["version"] - 1]
        assert earlier, "an amendment follows the version it amends"
        assert earlier[0]["lines"] != event["lines"]
        assert earlier[0]["event_id"] != event["event_id"]


def test_distinct_declarations_never_share_a_key(dataset: Dataset) -> None:
    versions: dict[str, set[int]] = {}
    for event in {e["event_id"]: e for e in dataset.events}.values():
        versions.setdefault(event["mrn"] or event["lrn"], set()).add(event["version"])
    amended_keys = sum(1 for v in versions.values() if len(v) > 1)
    assert sum(len(v) for v in versions.values()) == len({e["event_id"] for e in dataset.events})
    assert all(min(v) == 1 for v in versions.values()) and amended_keys > 0


def test_rates_are_configurable() -> None:
    none = Rates(ru_car=0.0, ru_steel=0.0, chpl_export=0.0, cbam_no_status=0.0, cbam_y137_excluded=0.0,
                 unknown_authorisation=0.0, sanctioned_party=0.0, amendment=0.0, redelivery=0.0)
    many = Rates(ru_car=0.2)
    quiet = DeclarationGenerator(5000, rates=none)
    busy = DeclarationGenerator(5000, rates=many)
    list(quiet), list(busy)
    for kind in ("embargo.ru_car", "embargo.chpl_export", "cbam.no_status", "amendment", "redelivery"):
        assert not quiet.planted.get(kind)
    assert len(busy.planted["embargo.ru_car"]) > 0.1 * busy.events
