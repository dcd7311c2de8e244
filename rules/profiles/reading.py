"""Reading one profile mapping: errors that point at file, line and field, and the typed readers
that both the common fields (validate.py) and the kinds' own fields (rules.profiles.kinds) use."""

from __future__ import annotations

import math
import string
from typing import Any

from rules.refsets import SetRegistry, resolve_items
from rules.yamlsrc import Source


class Ctx:
    """The profile being read: its source file and path, for errors that point at a line."""

    def __init__(self, src: Source, base: tuple, registry: SetRegistry) -> None:
        self.src, self.base, self.registry = src, base, registry

    def fail(self, rel: tuple, reason: str) -> Exception:
        return self.src.error((*self.base, *rel), reason)

    def mapping(self, value: Any, rel: tuple, allowed: set[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(rel, "must be a mapping")
        for key in value:
            if key not in allowed:
                raise self.fail((*rel, key), f"unknown field {key!r} (expected one of {sorted(allowed)})")
        return value

    def items(self, value: Any, rel: tuple) -> list[tuple[str, tuple]]:
        if not isinstance(value, list):
            raise self.fail(rel, "must be a list")
        return [(str(v), (*self.base, *rel, i)) for i, v in enumerate(value)]

    def resolve(self, kind: str, value: Any, rel: tuple) -> tuple[list[str], list[str], list[str]]:
        return resolve_items(self.registry, kind, self.items(value, rel), self.src)


def number(ctx: Ctx, value: Any, rel: tuple) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ctx.fail(rel, f"must be a number, not {value!r}")
    return float(value)


def template(ctx: Ctx, value: Any, rel: tuple, allowed: frozenset[str]) -> str | None:
    """A text with `{placeholders}`, each one of `allowed`."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ctx.fail(rel, "must be text")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise ctx.fail(rel, f"malformed template: {exc}") from None
    unknown = names - allowed
    if unknown:
        raise ctx.fail(rel, f"unknown placeholder(s) {sorted(unknown)} (use {sorted(allowed)})")
    return value
