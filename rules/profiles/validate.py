"""One profile mapping -> a resolved `Profile`, or a ProfileError naming file, line and field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from typing import Any

from rules.codes import COUNTRY_FIELDS, DECLARATION_TYPE, DIRECTIONS
from rules.profiles.kinds import DEFAULT_KIND, KIND_FIELDS, KINDS, RESERVED_QUEUES, ProfileKind
from rules.profiles.reading import Ctx, number, template
from rules.profiles.schema import PROFILE_QUEUES, REASON_FIELDS, SEVERITIES, Bounds, Conditions, CountryClause, Profile
from rules.refsets import SetRegistry, content_hash
from rules.yamlsrc import Source

PROFILE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_FIELDS = {"id", "title", "description", "legal_basis", "queue", "severity", "kind", "valid_from", "valid_to",
           "filters", "conditions", "reason", *KIND_FIELDS}
_REQUIRED = ("id", "title", "description", "legal_basis", "queue")
_FILTERS = {"direction", "declaration_type"}
_CONDITIONS = {"commodity", "countries", "procedure", "documents", "value_eur", "net_mass_kg"}
_BOUNDS = {"min", "max", "above", "below"}


def _date(ctx: Ctx, value: Any, rel: tuple) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ctx.fail(rel, f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _bounds(ctx: Ctx, value: Any, rel: tuple) -> Bounds | None:
    spec = ctx.mapping(value, rel, _BOUNDS)
    if not spec:
        return None
    lo, hi = -math.inf, math.inf
    for key, raw in spec.items():
        bound = number(ctx, raw, (*rel, key))
        if key == "min":
            lo = max(lo, bound)
        elif key == "above":
            lo = max(lo, math.nextafter(bound, math.inf))
        elif key == "max":
            hi = min(hi, bound)
        else:
            hi = min(hi, math.nextafter(bound, -math.inf))
    if lo > hi:
        raise ctx.fail(rel, "the lower bound is above the upper bound")
    return Bounds(lo, hi)


def _country_clause(ctx: Ctx, value: Any, rel: tuple) -> CountryClause:
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


def _conditions(ctx: Ctx, value: Any) -> Conditions:
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


def _filters(ctx: Ctx, value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
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


def _text(ctx: Ctx, data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail((key,), f"`{key}` is required text")
    return value.strip()


def _kind_parts(ctx: Ctx, data: dict[str, Any], kind: ProfileKind, queue: str) -> dict[str, Any]:
    """The kind's own fields, read by the kind; another kind's fields are refused."""
    for other in KINDS.values():
        for name in sorted(other.fields - kind.fields):
            if name in data:
                raise ctx.fail((name,), f"`{name}` belongs to profiles of kind {other.name}")
    reserved_for = RESERVED_QUEUES.get(queue)
    if kind.queue is not None and queue != kind.queue:
        raise ctx.fail(("queue",), f"the {kind.queue} queue takes exactly the profiles of kind {kind.name}")
    if reserved_for is not None and reserved_for != kind.name:
        raise ctx.fail(("queue",), f"the {queue} queue takes exactly the profiles of kind {reserved_for}")
    return kind.read(ctx, data)


def build_profile(src: Source, base: tuple, registry: SetRegistry) -> Profile:
    """The profile at `base` in `src`, resolved against the reference sets."""
    ctx = Ctx(src, base, registry)
    data = ctx.mapping(_get(src.data, base), (), _FIELDS)
    for key in _REQUIRED:
        if key not in data:
            raise ctx.fail((), f"`{key}` is required")
    pid = data["id"]
    if not isinstance(pid, str) or not PROFILE_ID.match(pid):
        raise ctx.fail(("id",), f"malformed id {pid!r} (lower-case words joined by dots)")
    queue, kind_name = data["queue"], data.get("kind", DEFAULT_KIND)
    if not isinstance(queue, str) or queue not in PROFILE_QUEUES:
        raise ctx.fail(("queue",), f"`queue` must be one of {list(PROFILE_QUEUES)}")
    if not isinstance(kind_name, str) or kind_name not in KINDS:
        raise ctx.fail(("kind",), f"`kind` must be one of {list(KINDS)}")
    kind = KINDS[kind_name]
    severity = data.get("severity", kind.default_severity)
    if not isinstance(severity, str) or severity not in SEVERITIES:
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
        legal_basis=_text(ctx, data, "legal_basis"), queue=queue, severity=severity, kind=kind_name,
        version=content_hash({"profile": data, "resolved": resolved}), file=src.file, line=src.line(base),
        valid_from=valid_from, valid_to=valid_to, directions=directions, declaration_types=types,
        conditions=conditions, reason=template(ctx, data.get("reason"), ("reason",), REASON_FIELDS), **extra,
    )


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data
