"""The .avsc files carry exactly the fields of the contract's JSON Schemas.

Both sides are flattened into paths (`lines[].documents[].code`, `declarant.name`,
`evidence{}`) with what each path allows, so a field added, renamed or moved on one
side only fails here with its path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from schemas.avsc import load_avsc

# The contract's JSON Schemas as published to upstream systems; the .avsc files are the authority and must
# carry exactly these fields.
CONTRACT = Path(__file__).resolve().parent / "contract"
RECORDS = ("declaration", "authorisation", "hit")
_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


@dataclass(frozen=True)
class Field:
    required: bool
    nullable: bool
    enum: frozenset[str] | None


# --- JSON Schema side ----------------------------------------------------------------------------

def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local $ref is expected in the contract, got {ref}"
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def _json_types(node: dict[str, Any]) -> set[str]:
    kind = node.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def json_fields(root: dict[str, Any]) -> dict[str, Field]:
    out: dict[str, Field] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        node = _resolve(node, root)
        if "items" in node:
            walk(node["items"], prefix + "[]")
        if isinstance(node.get("additionalProperties"), dict):
            _leaf(node["additionalProperties"], prefix + "{}", required=True)
        required = set(node.get("required", ()))
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            _leaf(sub, path, name in required)

    def _leaf(sub: dict[str, Any], path: str, required: bool) -> None:
        sub = _resolve(sub, root)
        enum = sub.get("enum")
        nullable = "null" in _json_types(sub) or (enum is not None and None in enum)
        symbols = frozenset(s for s in enum if s is not None) if enum is not None else None
        out[path] = Field(required, nullable, symbols)
        walk(sub, path)

    walk(root, "")
    return out


# --- Avro side -----------------------------------------------------------------------------------

def avro_fields(schema: dict[str, Any]) -> dict[str, Field]:
    named: dict[str, Any] = {}
    out: dict[str, Field] = {}

    def branches(kind: Any) -> list[Any]:
        kinds = kind if isinstance(kind, list) else [kind]
        return [named.get(k, k) if isinstance(k, str) else k for k in kinds]

    def remember(kind: Any) -> None:
        if isinstance(kind, dict) and kind.get("type") in ("record", "enum"):
            named[kind["name"]] = kind

    def leaf(kind: Any, path: str, required: bool) -> None:
        options = branches(kind)
        for option in options:
            remember(option)
        enums = [o for o in options if isinstance(o, dict) and o.get("type") == "enum"]
        out[path] = Field(required, "null" in options, frozenset(enums[0]["symbols"]) if enums else None)
        for option in options:
            walk(option, path)

    def walk(kind: Any, prefix: str) -> None:
        if isinstance(kind, str):
            assert kind in _PRIMITIVES or kind in named, f"{prefix}: unknown Avro type {kind}"
            return
        remember(kind)
        if kind["type"] == "array":
            leaf_or_walk(kind["items"], prefix + "[]")
        elif kind["type"] == "map":
            leaf(kind["values"], prefix + "{}", required=True)
        elif kind["type"] == "record":
            for field in kind["fields"]:
                path = f"{prefix}.{field['name']}" if prefix else field["name"]
                leaf(field["type"], path, "default" not in field)

    def leaf_or_walk(kind: Any, path: str) -> None:
        for option in branches(kind):
            walk(option, path)

    walk(schema, "")
    return out


@pytest.fixture(scope="module", params=RECORDS)
def record(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def both(record: str) -> tuple[dict[str, Field], dict[str, Field]]:
    contract = json.loads((CONTRACT / f"{record}.schema.json").read_text(encoding="utf-8"))
    return json_fields(contract), avro_fields(load_avsc(record))


def test_field_paths_are_the_same(both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    contract, avro = both
    assert set(contract) == set(avro), (
        f"only in the contract: {sorted(set(contract) - set(avro))}; only in the .avsc: {sorted(set(avro) - set(contract))}")


def test_field_names_are_the_same(both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    contract, avro = both

    def names(paths: dict[str, Field]) -> set[str]:
        return {p.rsplit(".", 1)[-1] for p in paths if not p.endswith("{}")}

    assert names(contract) == names(avro)


def test_nested_objects_are_walked(record: str, both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    # A walker that stopped at $ref would still compare two equal sets, only smaller ones.
    expected = {
        "declaration": {"declarant.country", "representative.address", "authorisations[].holder_eori",
                        "lines[].item_number", "lines[].origin_country", "lines[].documents[].amount_eur"},
        "authorisation": {"commodity_prefixes", "quantity_unit", "valid_to"},
        "hit": {"evidence", "evidence{}", "severity", "list_version"},
    }[record]
    for side in both:
        assert expected <= set(side)


def test_enums_have_the_same_symbols(both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    contract, avro = both
    contract_enums = {path: f.enum for path, f in contract.items() if f.enum is not None}
    assert contract_enums, "every contract record has at least one enum"
    for path, symbols in contract_enums.items():
        assert avro[path].enum == symbols, path
    assert {p for p, f in avro.items() if f.enum is not None} == set(contract_enums)


def test_enum_paths_are_the_expected_ones(record: str, both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    contract, _ = both
    expected = {"declaration": {"source", "direction"}, "authorisation": {"quantity_unit"},
                "hit": {"queue", "severity"}}[record]
    assert {p for p, f in contract.items() if f.enum is not None} == expected


def test_required_fields_are_the_ones_without_default(both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    contract, avro = both
    mismatched = {p for p in contract if p in avro and contract[p].required != avro[p].required}
    assert not mismatched


def test_nullable_fields_agree(both: tuple[dict[str, Field], dict[str, Field]]) -> None:
    contract, avro = both
    # Avro may be narrower, never looser: a null the contract refuses must not be writable.
    looser = {p for p in contract if p in avro and avro[p].nullable and not contract[p].nullable}
    narrower = {p for p in contract if p in avro and contract[p].nullable and not avro[p].nullable}
    assert not looser
    assert not narrower
