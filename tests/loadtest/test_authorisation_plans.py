"""Authorisation records: contract-valid, referenced by the generated lines, valid when they are drawn on."""

from __future__ import annotations

import orjson
from loadtest_data import Dataset

from loadtest.authorisations import generate_authorisations
from rules.records import decode_authorisation


def test_records_pass_the_contract_and_have_unique_references(dataset: Dataset) -> None:
    decoded = [decode_authorisation(orjson.dumps(a)) for a in dataset.authorisations]
    assert {a.type for a in decoded} == {"IPO", "EUS"}
    assert len({a.reference for a in decoded}) == len(decoded)
    assert all(a.max_quantity is not None or a.max_value_eur is not None for a in decoded)
    assert {a.quantity_unit for a in decoded} >= {"KGM", "NAR", "LTR", None}


def test_same_seed_same_records_other_seed_other_holders() -> None:
    assert generate_authorisations(4) == generate_authorisations(4)
    holders = [{a["holder_eori"] for a in generate_authorisations(seed)} for seed in (4, 5)]
    assert holders[0].isdisjoint(holders[1])


def test_every_authorisation_is_drawn_on_by_its_holder_inside_its_window_and_prefixes(dataset: Dataset) -> None:
    by_ref = {a["reference"]: a for a in dataset.authorisations}
    drawn: set[str] = set()
    for event in dataset.events:
        header = {a["reference"] for a in event.get("authorisations", [])}
        for line in event["lines"]:
            docs = {d["reference"] for d in line.get("documents", []) if d["code"] in ("C601", "N990")}
            for reference in (header | docs) & by_ref.keys():
                auth = by_ref[reference]
                drawn.add(reference)
                assert event["importer"]["eori"] == auth["holder_eori"]
                assert auth["valid_from"] <= event["event_time"][:10] <= auth["valid_to"]
                prefixes = auth["commodity_prefixes"]
                assert not prefixes or any(line["commodity_code"].startswith(p) for p in prefixes)
                expected = "5100" if auth["type"] == "IPO" else "4400"
                assert line["procedure_code"] == expected
    assert drawn == set(by_ref)


def test_line_documents_carry_the_drawn_quantity_and_amount(dataset: Dataset) -> None:
    by_ref = {a["reference"]: a for a in dataset.authorisations}
    checked = 0
    for event in dataset.events:
        for line in event["lines"]:
            for doc in line.get("documents", []):
                if doc.get("reference") in by_ref:
                    unit = by_ref[doc["reference"]]["quantity_unit"] or "KGM"
                    field = "net_mass_kg" if unit == "KGM" else "supplementary_units"
                    assert doc["unit"] == unit and doc["quantity"] == line[field]
                    assert doc["amount_eur"] == line["value_eur"]
                    checked += 1
    assert checked
