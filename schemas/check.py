"""Validation of a JSON-form record against an Avro schema, before it is written.

fastavro's writer fills in or ignores what does not fit (an unknown field is
dropped, a missing one fails without its name), so every record is checked
here first: `compile_checker(schema)` walks the .avsc once and returns a
function that raises RecordError naming the field by the path rules.records
uses (`lines[0].origin_country`), or returns the record ready for the writer
(defaults filled in, numbers as floats where the schema says double, a string
standing for `bytes` turned into its bytes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rules.errors import RecordError

Check = Callable[[Any, str], Any]

_INT_RANGE = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
_KINDS = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
          (bytes, "bytes"), (list, "array"), (dict, "object"))


@dataclass(frozen=True)
class Node:
    label: str                         # what the schema expects, for messages
    accepts: Callable[[Any], bool]     # cheap type test, to pick a union branch
    check: Check                       # full check; returns the value to write


def kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    return next((name for cls, name in _KINDS if isinstance(value, cls)), type(value).__name__)


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _mismatch(label: str, value: Any, path: str) -> RecordError:
    return RecordError(f"expected {label}, got {kind(value)}", field=path or None)


def compile_checker(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """One function per schema: record in JSON form -> value for the writer, or RecordError."""
    node = _Compiler().node(schema, schema.get("namespace", ""))
    return lambda record: node.check(record, "")


class _Compiler:
    def __init__(self) -> None:
        self.named: dict[str, Node] = {}

    def node(self, schema: Any, namespace: str) -> Node:
        if isinstance(schema, list):
            return self.union([self.node(branch, namespace) for branch in schema])
        if isinstance(schema, str):
            return self.named.get(schema) or self.named.get(f"{namespace}.{schema}") or _primitive(schema)
        kind_ = schema["type"]
        if kind_ == "record":
            namespace = schema.get("namespace", namespace)
            return self.record(schema, namespace)
        if kind_ == "enum":
            return self.register(schema, namespace, _enum(schema["symbols"]))
        if kind_ == "array":
            return _array(self.node(schema["items"], namespace))
        if kind_ == "map":
            return _map(self.node(schema["values"], namespace))
        return _primitive(kind_)

    def register(self, schema: dict[str, Any], namespace: str, node: Node) -> Node:
        name = schema["name"]
        self.named[name if "." in name else f"{namespace}.{name}"] = node
        return node

    def record(self, schema: dict[str, Any], namespace: str) -> Node:
        fields: list[tuple[str, Node, Any]] = []
        node = self.register(schema, namespace, _record(fields))
        for field in schema["fields"]:   # after registering: later fields may name this record
            fields.append((field["name"], self.node(field["type"], namespace), field.get("default", _REQUIRED)))
        return node

    @staticmethod
    def union(branches: list[Node]) -> Node:
        label = " or ".join(b.label for b in branches)

        def check(value: Any, path: str) -> Any:
            for branch in branches:
                if branch.accepts(value):
                    return branch.check(value, path)
            raise _mismatch(label, value, path)

        return Node(label, lambda v: any(b.accepts(v) for b in branches), check)


_REQUIRED = object()


def _record(fields: list[tuple[str, Node, Any]]) -> Node:
    def check(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _mismatch("object", value, path)
        out: dict[str, Any] = {}
        present = 0
        for name, node, default in fields:
            if name in value:
                out[name] = node.check(value[name], _at(path, name))
                present += 1
            elif default is _REQUIRED:
                raise RecordError("missing required field", field=_at(path, name))
            else:        # fresh copy: a default [] or {} must not be shared between records
                out[name] = type(default)(default) if isinstance(default, (list, dict)) else default
        if present != len(value):
            unknown = next(key for key in value if key not in out)
            raise RecordError("unknown field, not in the schema", field=_at(path, str(unknown)))
        return out

    return Node("object", lambda v: isinstance(v, dict), check)


def _array(items: Node) -> Node:
    def check(value: Any, path: str) -> list[Any]:
        if not isinstance(value, (list, tuple)):
            raise _mismatch("array", value, path)
        return [items.check(item, f"{path}[{i}]") for i, item in enumerate(value)]

    return Node("array", lambda v: isinstance(v, (list, tuple)), check)


def _map(values: Node) -> Node:
    def check(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _mismatch("object", value, path)
        for key in value:
            if not isinstance(key, str):
                raise RecordError(f"map key {key!r} is not a string", field=path or None)
        return {key: values.check(item, _at(path, key)) for key, item in value.items()}

    return Node("object", lambda v: isinstance(v, dict), check)


def _enum(symbols: list[str]) -> Node:
    allowed = frozenset(symbols)
    label = "one of " + ", ".join(symbols)

    def check(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise _mismatch(label, value, path)
        if value not in allowed:
            raise RecordError(f"{value!r} is not {label}", field=path or None)
        return value

    return Node(label, lambda v: isinstance(v, str), check)


def _primitive(name: str) -> Node:
    if name in _INT_RANGE:
        return _integer(*_INT_RANGE[name])
    if name in ("double", "float"):
        return _simple("number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), float)
    if name == "bytes":
        return _bytes()
    simple = {"null": ("null", lambda v: v is None),
              "boolean": ("boolean", lambda v: isinstance(v, bool)),
              "string": ("string", lambda v: isinstance(v, str))}
    if name not in simple:
        raise ValueError(f"unsupported Avro type {name!r}")   # a schema file error, not a record error
    return _simple(*simple[name], lambda v: v)


def _simple(label: str, accepts: Callable[[Any], bool], convert: Callable[[Any], Any]) -> Node:
    def check(value: Any, path: str) -> Any:
        if not accepts(value):
            raise _mismatch(label, value, path)
        return convert(value)

    return Node(label, accepts, check)


def _integer(low: int, high: int) -> Node:
    def accepts(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def check(value: Any, path: str) -> int:
        if not accepts(value):
            raise _mismatch("integer", value, path)
        if not low <= value <= high:
            raise RecordError(f"{value} is out of range [{low}, {high}]", field=path or None)
        return value

    return Node("integer", accepts, check)


def _bytes() -> Node:
    # The JSON form of Avro bytes (Avro's own JSON encoding): one character per byte, U+0000-U+00FF.
    def check(value: Any, path: str) -> bytes:
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        if not isinstance(value, str):
            raise _mismatch("bytes", value, path)
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            raise RecordError("a string standing for bytes holds a character above U+00FF",
                              field=path or None) from None

    return Node("bytes", lambda v: isinstance(v, (bytes, bytearray, memoryview, str)), check)
