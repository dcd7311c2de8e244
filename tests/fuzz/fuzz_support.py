"""Mutations shared by the fuzz tests: what a careless or hostile producer does to a valid input."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                         st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                  st.dictionaries(st.text(max_size=12), inner,
                                                                                  max_size=4)), max_leaves=10)


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """Flip, cut, insert or splice bytes of a valid input."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 16))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data = data[:at]
    return bytes(data)


@st.composite
def field_mutation(draw: st.DrawFn, record: dict[str, Any]) -> dict[str, Any]:
    """Replace, drop or add fields of a valid record, in its goods lines too."""
    record = {**record, "lines": [dict(line) for line in record.get("lines", [])]}
    for _ in range(draw(st.integers(1, 3))):
        target = record
        if isinstance(record.get("lines"), list) and record["lines"] and isinstance(record["lines"][0], dict) \
                and draw(st.booleans()):
            target = record["lines"][0]
        keys = sorted(target)
        kind = draw(st.sampled_from(["replace", "drop", "add"]))
        if kind == "replace" and keys:
            target[draw(st.sampled_from(keys))] = draw(JSON_VALUES)
        elif kind == "drop" and keys:
            target.pop(draw(st.sampled_from(keys)))
        else:
            target[draw(st.text(min_size=1, max_size=12))] = draw(JSON_VALUES)
    return record
