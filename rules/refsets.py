"""Named reference sets (CN code lists, country groups, document codes) from versioned YAML files.

A set is `include` items minus `except` items of one kind; an item is a code or
the name of another set of the same kind. Commodity sets keep their exceptions
as prefixes (a prefix set cannot be subtracted from another); the other kinds
are plain code sets, so their exceptions are subtracted at load time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rules.codes import COUNTRY, DOCUMENT, PROCEDURE_PREFIX, expand_commodity
from rules.yamlsrc import Source, load_yaml

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "sets"
KINDS = ("commodity", "country", "document", "procedure")
SET_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
# the universe of country codes: everything else in a country set is refused as a typo
KNOWN_COUNTRY_SETS = ("countries.iso3166_alpha2", "countries.customs_codes")
_FILE_FIELDS = {"version", "source", "sets"}
_SET_FIELDS = {"kind", "title", "source", "include", "except", "note"}


@dataclass(frozen=True)
class RefSet:
    name: str
    kind: str
    include: tuple[str, ...]
    except_: tuple[str, ...]
    title: str
    source: str
    file: str
    file_version: str


@dataclass(frozen=True)
class SetRegistry:
    sets: dict[str, RefSet]
    version: str

    def __getitem__(self, name: str) -> RefSet:
        return self.sets[name]

    def __contains__(self, name: object) -> bool:
        return name in self.sets

    @property
    def known_countries(self) -> frozenset[str]:
        return frozenset(c for name in KNOWN_COUNTRY_SETS if name in self.sets for c in self.sets[name].include)


def is_set_name(item: object) -> bool:
    return isinstance(item, str) and bool(SET_NAME.match(item))


def check_code(kind: str, item: str, known_countries: frozenset[str] | None = None) -> list[str]:
    """The codes an item stands for; raises ValueError with the reason when it is malformed."""
    if kind == "commodity":
        return expand_commodity(item.replace(" ", ""))
    if kind == "country":
        if not COUNTRY.match(item):
            raise ValueError(f"malformed country code {item!r} (two capital letters)")
        if known_countries and item not in known_countries:
            raise ValueError(f"unknown country code {item!r} (not ISO 3166-1 or an EU customs code)")
        return [item]
    if kind == "document":
        if not DOCUMENT.match(item):
            raise ValueError(f"malformed document code {item!r} (four capital letters or digits)")
        return [item]
    if not PROCEDURE_PREFIX.match(item):
        raise ValueError(f"malformed procedure code {item!r} (2 or 4 digits)")
    return [item]


@dataclass
class _Raw:
    name: str
    kind: str
    include: list[tuple[object, tuple]]
    except_: list[tuple[object, tuple]]
    title: str
    source: str
    src: Source
    path: tuple
    file_version: str


def _read_file(src: Source) -> list[_Raw]:
    data = src.data
    if not isinstance(data, dict):
        raise src.error((), "a reference-set file is a mapping with `version` and `sets`")
    for key in data:
        if key not in _FILE_FIELDS:
            raise src.error((key,), f"unknown field {key!r} (expected one of {sorted(_FILE_FIELDS)})")
    if not isinstance(data.get("version"), (str, int)) or not str(data.get("version")):
        raise src.error(("version",), "`version` is required (the date or release of the source text)")
    if not isinstance(data.get("sets"), dict):
        raise src.error(("sets",), "`sets` must map set names to sets")
    out = []
    for name, body in data["sets"].items():
        path = ("sets", name)
        if not is_set_name(name):
            raise src.error(path, f"malformed set name {name!r} (lower-case words joined by dots)")
        if not isinstance(body, dict):
            raise src.error(path, "a set is a mapping with `kind` and `include`")
        for key in body:
            if key not in _SET_FIELDS:
                raise src.error((*path, key), f"unknown field {key!r} (expected one of {sorted(_SET_FIELDS)})")
        if body.get("kind") not in KINDS:
            raise src.error((*path, "kind"), f"`kind` must be one of {list(KINDS)}")
        items = {}
        for part in ("include", "except"):
            value = body.get(part, [])
            if not isinstance(value, list) or (part == "include" and not value):
                raise src.error((*path, part), f"`{part}` must be a {'non-empty ' if part == 'include' else ''}list")
            items[part] = [(str(v), (*path, part, i)) for i, v in enumerate(value)]
        out.append(_Raw(name, body["kind"], items["include"], items["except"], str(body.get("title", name)),
                        str(body.get("source", data.get("source", ""))), src, path, str(data["version"])))
    return out


class _Resolver:
    def __init__(self, raws: dict[str, _Raw], known: frozenset[str]) -> None:
        self.raws, self.known = raws, known
        self.done: dict[str, RefSet] = {}

    def resolve(self, name: str, stack: tuple[str, ...] = ()) -> RefSet:
        if name in self.done:
            return self.done[name]
        raw = self.raws[name]
        if name in stack:
            raise raw.src.error(raw.path, f"set {name!r} includes itself via {' -> '.join(stack)}")
        inc, exc = self._items(raw, raw.include, (*stack, name))
        exc = exc + self._items(raw, raw.except_, (*stack, name))[0]
        if raw.kind != "commodity":
            removed = set(exc)
            inc, exc = [c for c in inc if c not in removed], []
        ref = RefSet(name, raw.kind, tuple(dict.fromkeys(inc)), tuple(dict.fromkeys(exc)), raw.title,
                     raw.source, raw.src.file, raw.file_version)
        self.done[name] = ref
        return ref

    def _items(self, raw: _Raw, items: list[tuple[object, tuple]], stack: tuple[str, ...]) -> tuple[list[str], list[str]]:
        codes: list[str] = []
        nested_except: list[str] = []
        for item, path in items:
            if is_set_name(item):
                if item not in self.raws:
                    raise raw.src.error(path, f"unknown set {item!r}")
                other = self.resolve(str(item), stack)
                if other.kind != raw.kind:
                    raise raw.src.error(path, f"set {item!r} is a {other.kind} set, not {raw.kind}")
                codes += other.include
                nested_except += other.except_
                continue
            try:
                codes += check_code(raw.kind, str(item), self.known or None)
            except ValueError as exc:
                raise raw.src.error(path, str(exc)) from None
        return codes, nested_except


def _known_countries(raws: dict[str, _Raw]) -> frozenset[str]:
    known: set[str] = set()
    for name in KNOWN_COUNTRY_SETS:
        if name in raws:
            for item, path in raws[name].include:
                if not COUNTRY.match(str(item)):
                    raise raws[name].src.error(path, f"malformed country code {item!r}")
                known.add(str(item))
    return frozenset(known)


def load_sets(dirs: Iterable[Path] = (SHIPPED_DIR,)) -> SetRegistry:
    """Every `*.yaml` in the folders; a set name defined twice is refused."""
    raws: dict[str, _Raw] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.yaml")):
            for raw in _read_file(load_yaml(path)):
                if raw.name in raws:
                    raise raw.src.error(raw.path, f"set {raw.name!r} is already defined in {raws[raw.name].src.file}")
                raws[raw.name] = raw
    resolver = _Resolver(raws, _known_countries(raws))
    sets = {name: resolver.resolve(name) for name in sorted(raws)}
    return SetRegistry(sets, content_hash([_canonical(s) for s in sets.values()]))


def _canonical(ref: RefSet) -> dict[str, object]:
    return {"name": ref.name, "kind": ref.kind, "include": list(ref.include), "except": list(ref.except_),
            "file_version": ref.file_version}


def _jsonable(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def content_hash(value: object) -> str:
    """A short stable hash of JSON-able content (sets sorted, dates as text)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=_jsonable)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def resolve_items(registry: SetRegistry, kind: str, items: Sequence[tuple[str, tuple]], src: Source) -> tuple[list[str], list[str], list[str]]:
    """Profile items -> (codes, nested exceptions, set names used); errors point at the item."""
    codes: list[str] = []
    nested: list[str] = []
    used: list[str] = []
    for item, path in items:
        if is_set_name(item):
            if item not in registry:
                raise src.error(path, f"unknown set {item!r}")
            ref = registry[item]
            if ref.kind != kind:
                raise src.error(path, f"set {item!r} is a {ref.kind} set, not {kind}")
            codes += ref.include
            nested += ref.except_
            used.append(item)
            continue
        try:
            codes += check_code(kind, item, registry.known_countries or None)
        except ValueError as exc:
            raise src.error(path, str(exc)) from None
    return list(dict.fromkeys(codes)), list(dict.fromkeys(nested)), used
