"""One profile mapping -> a resolved `Profile`, or a ProfileError naming file, line and field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import string
from typing import Any

from rules.codes import COUNTRY_FIELDS, DECLARATION_TYPE, DIRECTIONS
from rules.profiles.schema import (
    KINDS, PROFILE_QUEUES, REASON_FIELDS, SEVERITIES, SUBJECT_FIELDS, TOTAL_KEYS, TOTAL_MEASURES,
    Bounds, Conditions, CountryClause, Profile, Total,
)
from rules.refsets import SetRegistry, content_hash, resolve_items
from rules.yamlsrc import Source

PROFILE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_FIELDS = {"id", "title", "description", "legal_basis", "queue", "severity", "kind", "valid_from", "valid_to",
           "filters", "conditions", "sample", "total", "authorisation_types", "reason"}
_REQUIRED = ("id", "title", "description", "legal_basis", "queue")
_FILTERS = {"direction", "declaration_type"}
_CONDITIONS = {"commodity", "countries", "procedure", "documents", "value_eur", "net_mass_kg"}
_BOUNDS = {"min", "max", "above", "below"}


class _Ctx:
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


def _date(ctx: _Ctx, value: Any, rel: tuple) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ctx.fail(rel, f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _number(ctx: _Ctx, value: Any, rel: tuple) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ctx.fail(rel, f"must be a number, not {value!r}")
    return float(value)


def _bounds(ctx: _Ctx, value: Any, rel: tuple) -> Bounds | None:
    spec = ctx.mapping(value, rel, _BOUNDS)
    if not spec:
        return None
    lo, hi = -math.inf, math.inf
    for key, raw in spec.items():
        number = _number(ctx, raw, (*rel, key))
        if key == "min":
            lo = max(lo, number)
        elif key == "above":
            lo = max(lo, math.nextafter(number, math.inf))
        elif key == "max":
            hi = min(hi, number)
        else:
            hi = min(hi, math.nextafter(number, -math.inf))
    if lo > hi:
        raise ctx.fail(rel, "the lower bound is above the upper bound")
    return Bounds(lo, hi)


def _country_clause(ctx: _Ctx, value: Any, rel: tuple) -> CountryClause:
    spec = ctx.mapping(value, rel, {"fields", "in", "not_in"})
    fields = spec.get("fields")
    if not isinstance(fields, list) or not fields:
        raise ctx.fail((*rel, "fields"), f"`fields` must list some of {list(COUNTRY_FIELDS)}")
    for i, name in enumerate(fields):
        if name not in COUNTRY_FIELDS:
            raise ctx.fail((*rel, "fields", i), f"unknown country field {name!r} (one of {list(COUNTRY_FIELDS)})")
    if ("in" in spec) == ("not_in" in spec):
        raise ctx.fail(rel, "a country clause has exactly one of `in` and `not_in`")
    mode = "in" if "in" in spec else "not_in"
    codes, _, used = ctx.resolve("country", spec[mode], (*rel, mode))
    if not codes:
        raise ctx.fail((*rel, mode), "the country set is empty")
    return CountryClause(tuple(dict.fromkeys(fields)), mode == "not_in", frozenset(codes), tuple(used))


def _conditions(ctx: _Ctx, value: Any) -> Conditions:
    spec = ctx.mapping(value, ("conditions",), _CONDITIONS)
    inc: list[str] = []
    exc: list[str] = []
    commodity_sets: list[str] = []
    if "commodity" in spec:
        com = ctx.mapping(spec["commodity"], ("conditions", "commodity"), {"include", "except"})
        if "include" not in com:
            raise ctx.fail(("conditions", "commodity"), "`commodity` needs an `include` list")
        inc, exc, commodity_sets = ctx.resolve("commodity", com["include"], ("conditions", "commodity", "include"))
        if "except" in com:
            more, _, exc_sets = ctx.resolve("commodity", com["except"], ("conditions", "commodity", "except"))
            exc, commodity_sets = exc + more, commodity_sets + exc_sets
        if not inc:
            raise ctx.fail(("conditions", "commodity", "include"), "the commodity set is empty")
    clauses = spec.get("countries", [])
    if not isinstance(clauses, list):
        raise ctx.fail(("conditions", "countries"), "must be a list of clauses")
    countries = tuple(_country_clause(ctx, c, ("conditions", "countries", i)) for i, c in enumerate(clauses))
    procedures = ctx.resolve("procedure", spec["procedure"], ("conditions", "procedure"))[0] if "procedure" in spec else []
    docs = ctx.mapping(spec.get("documents"), ("conditions", "documents"), {"present", "absent"})
    present = ctx.resolve("document", docs["present"], ("conditions", "documents", "present"))[0] if "present" in docs else []
    absent = ctx.resolve("document", docs["absent"], ("conditions", "documents", "absent"))[0] if "absent" in docs else []
    return Conditions(
        commodity_include=tuple(inc), commodity_except=tuple(dict.fromkeys(exc)),
        commodity_sets=tuple(dict.fromkeys(commodity_sets)), countries=countries, procedures=tuple(procedures),
        documents_present=tuple(present), documents_absent=tuple(absent),
        value_eur=_bounds(ctx, spec.get("value_eur"), ("conditions", "value_eur")),
        net_mass_kg=_bounds(ctx, spec.get("net_mass_kg"), ("conditions", "net_mass_kg")),
    )


def _filters(ctx: _Ctx, value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    spec = ctx.mapping(value, ("filters",), _FILTERS)
    directions = spec.get("direction", [])
    types = spec.get("declaration_type", [])
    def known_direction(item: Any) -> bool:
        return isinstance(item, str) and item in DIRECTIONS     # a list or mapping here is refused, not hashed

    for rel, values, ok in ((("filters", "direction"), directions, known_direction),
                            (("filters", "declaration_type"), types, lambda t: bool(DECLARATION_TYPE.match(str(t))))):
        if not isinstance(values, list):
            raise ctx.fail(rel, "must be a list")
        for i, item in enumerate(values):
            if not ok(item):
                raise ctx.fail((*rel, i), f"unknown value {item!r}")
    return tuple(directions), tuple(types)


def _total(ctx: _Ctx, value: Any) -> Total:
    spec = ctx.mapping(value, ("total",), {"key", "measure", "limit", "warning_levels", "subject", "note"})
    key = spec.get("key")
    if key not in TOTAL_KEYS:
        raise ctx.fail(("total", "key"), f"`key` must be one of {list(TOTAL_KEYS)}")
    measure = spec.get("measure", TOTAL_MEASURES[key][0])
    if measure not in TOTAL_MEASURES[key]:
        raise ctx.fail(("total", "measure"), f"`measure` for key {key} must be one of {list(TOTAL_MEASURES[key])}")
    limit = None
    if key == "importer_year":
        if "limit" not in spec:
            raise ctx.fail(("total", "limit"), "a total per importer and year needs a `limit`")
        limit = _number(ctx, spec["limit"], ("total", "limit"))
    elif "limit" in spec:
        raise ctx.fail(("total", "limit"), "authorisation limits come from the authorisation data")
    levels = spec.get("warning_levels", [])
    if not isinstance(levels, list):
        raise ctx.fail(("total", "warning_levels"), "must be a list of fractions of the limit")
    parsed = tuple(_number(ctx, v, ("total", "warning_levels", i)) for i, v in enumerate(levels))
    if any(not 0 < v < 1 for v in parsed) or list(parsed) != sorted(set(parsed)):
        raise ctx.fail(("total", "warning_levels"), "warning levels are rising fractions between 0 and 1")
    subject = _template(ctx, spec.get("subject"), ("total", "subject"), SUBJECT_FIELDS[key])
    note = _template(ctx, spec.get("note"), ("total", "note"), frozenset())
    return Total(key, measure, limit, parsed, subject, note)


def _text(ctx: _Ctx, data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail((key,), f"`{key}` is required text")
    return value.strip()


def _template(ctx: _Ctx, value: Any, rel: tuple, allowed: frozenset[str]) -> str | None:
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


def _kind_parts(ctx: _Ctx, data: dict[str, Any], kind: str, queue: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if kind == "sample":
        spec = ctx.mapping(data.get("sample"), ("sample",), {"rate"})
        rate = _number(ctx, spec.get("rate"), ("sample", "rate"))
        if not 0 <= rate <= 1:
            raise ctx.fail(("sample", "rate"), "the rate is a fraction between 0 and 1")
        out["rate"] = rate
    elif "sample" in data:
        raise ctx.fail(("sample",), "`sample` belongs to profiles of kind sample")
    if kind == "running_total":
        out["total"] = _total(ctx, data.get("total"))
    elif "total" in data:
        raise ctx.fail(("total",), "`total` belongs to profiles of kind running_total")
    if kind == "unknown_authorisation":
        types = data.get("authorisation_types", [])
        if not isinstance(types, list) or not all(isinstance(t, str) and 0 < len(t) <= 4 for t in types):
            raise ctx.fail(("authorisation_types",), "a list of authorisation type codes (up to 4 characters)")
        out["authorisation_types"] = tuple(types)
    elif "authorisation_types" in data:
        raise ctx.fail(("authorisation_types",), "`authorisation_types` belongs to kind unknown_authorisation")
    if kind == "sample" and queue != "sample" or kind != "sample" and queue == "sample":
        raise ctx.fail(("queue",), "the sample queue takes exactly the profiles of kind sample")
    return out


def build_profile(src: Source, base: tuple, registry: SetRegistry) -> Profile:
    """The profile at `base` in `src`, resolved against the reference sets."""
    ctx = _Ctx(src, base, registry)
    data = ctx.mapping(_get(src.data, base), (), _FIELDS)
    for key in _REQUIRED:
        if key not in data:
            raise ctx.fail((), f"`{key}` is required")
    pid = data["id"]
    if not isinstance(pid, str) or not PROFILE_ID.match(pid):
        raise ctx.fail(("id",), f"malformed id {pid!r} (lower-case words joined by dots)")
    queue, kind = data["queue"], data.get("kind", "match")
    if queue not in PROFILE_QUEUES:
        raise ctx.fail(("queue",), f"`queue` must be one of {list(PROFILE_QUEUES)}")
    if kind not in KINDS:
        raise ctx.fail(("kind",), f"`kind` must be one of {list(KINDS)}")
    severity = data.get("severity", "info" if kind == "sample" else "hit")
    if severity not in SEVERITIES:
        raise ctx.fail(("severity",), f"`severity` must be one of {list(SEVERITIES)}")
    valid_from, valid_to = _date(ctx, data.get("valid_from"), ("valid_from",)), _date(ctx, data.get("valid_to"), ("valid_to",))
    if valid_from and valid_to and valid_to < valid_from:
        raise ctx.fail(("valid_to",), "`valid_to` is before `valid_from`")
    directions, types = _filters(ctx, data.get("filters"))
    conditions = _conditions(ctx, data.get("conditions"))
    extra = _kind_parts(ctx, data, kind, queue)
    # the version covers the resolved codes, so a changed reference set changes the rule version
    resolved = {"conditions": dataclasses.asdict(conditions), "extra": {k: repr(v) for k, v in extra.items()}}
    return Profile(
        id=pid, title=_text(ctx, data, "title"), description=_text(ctx, data, "description"),
        legal_basis=_text(ctx, data, "legal_basis"), queue=queue, severity=severity, kind=kind,
        version=content_hash({"profile": data, "resolved": resolved}), file=src.file, line=src.line(base),
        valid_from=valid_from, valid_to=valid_to, directions=directions, declaration_types=types,
        conditions=conditions, reason=_template(ctx, data.get("reason"), ("reason",), REASON_FIELDS), **extra,
    )


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data
