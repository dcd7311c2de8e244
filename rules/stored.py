"""The records the running-total stage keeps, typed, with a format version.

In the stream they live in tables whose changelog topics outlast a release: a
worker of the next release restores the state the previous one wrote. Every
record carries its kind (`r`) and its format (`f`), and `decode_record` reads
each format it knows explicitly:

- format 0: the untyped mappings of the first release (no `r`, no `f`); the kind
  follows from the fields, and the record is read into today's type;
- format 1: the typed records before running totals counted their writes; read into today's
  types, where a total's write count and a draw's total are unknown (0 and None);
- format 2 (`FORMAT`): today's records;
- a higher format was written by a newer release: refused with `RecordFormatError`
  rather than guessed at.

The field names on the wire stay the short ones of format 0 (`t`, `n`, `v`, ...),
so a format-0 record reads with the same field mapping.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any, Optional, Protocol, TypeVar, Union

import msgspec

from rules.hits import Hit

FORMAT = 2
_TAG = {"tag_field": "r", "kw_only": True}


class RunningTotal(msgspec.Struct, tag="total", rename={"micro": "t", "lines": "n", "writes": "w"},
                   **_TAG):  # type: ignore[call-arg]
    """`total_key` -> the total in micro-units, the number of live lines counted in it, and how many
    draws have been applied to it (which of two records of one total is the later)."""

    micro: int = 0
    lines: int = 0
    writes: int = 0
    f: int = FORMAT


class LineDraw(msgspec.Struct, tag="line", rename={"version": "v", "event_id": "e", "micro": "a", "total": "s"},
               **_TAG):  # type: ignore[call-arg]
    """`total_key|declaration key|item` -> what one line of one declaration version adds to a total,
    the hits it gave (a redelivery gets them back; an amendment repeats none of `rules`), and the
    total as this draw left it (a redelivery puts it back where the total's own record was lost)."""

    version: int
    event_id: str
    micro: int
    live: bool                       # False once retracted: it draws nothing and counts as no line
    hits: list[Hit] = []
    rules: list[str] = []
    total: Optional[RunningTotal] = None
    f: int = FORMAT


class Manifest(msgspec.Struct, tag="manifest", rename={"version": "v"}, **_TAG):  # type: ignore[call-arg]
    """`manifest|declaration key` -> the line draws (`total_key|item`) of the latest version, and
    those it withdrew from the version before (kept so that a redelivered manifest repeats them)."""

    version: int
    targets: list[str] = []
    gone: list[str] = []
    f: int = FORMAT


class LedgerEntry(msgspec.Struct, tag="ledger", rename={"version": "v"}, **_TAG):  # type: ignore[call-arg]
    """`hits|declaration key` -> the latest version with hits and its `item|rule|rule version` keys; `repeats`
    are the keys of that version that repeated an earlier version's hit and were not emitted."""

    version: int
    rules: list[str] = []
    repeats: list[str] = []
    f: int = FORMAT


Record = Union[RunningTotal, LineDraw, Manifest, LedgerEntry]
R = TypeVar("R", RunningTotal, LineDraw, Manifest, LedgerEntry)


class RecordFormatError(ValueError):
    """A stored record this release cannot read."""


class Store(Protocol):
    """What the running-total stage needs of its state: a dict offline, a `RecordTable` in the stream."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...


def fetch(store: Store, key: str, kind: type[R]) -> R | None:
    """The record at `key`, which must be of `kind` (each key format holds one kind)."""
    rec = store.get(key)
    if rec is not None and not isinstance(rec, kind):
        raise RecordFormatError(f"{key!r} holds a {type(rec).__name__}, expected a {kind.__name__}")
    return rec


class _Head(msgspec.Struct):
    f: int = 0


_encoder = msgspec.json.Encoder()
_head = msgspec.json.Decoder(_Head)
_current = msgspec.json.Decoder(Record)
# format 0: which kind an untyped mapping was, by the field only that kind had
_FORMAT0: tuple[tuple[str, type], ...] = (("t", RunningTotal), ("targets", Manifest), ("hits", LineDraw),
                                          ("rules", LedgerEntry))


def encode_record(record: Record) -> bytes:
    return _encoder.encode(record)


def _from_format0(raw: bytes) -> Record:
    data = msgspec.json.decode(raw)
    if isinstance(data, dict):
        for field, kind in _FORMAT0:
            if field in data:
                return msgspec.convert(data, kind)
    raise RecordFormatError(f"not a stored record of format 0: {raw[:80]!r}")


def decode_record(raw: bytes) -> Record:
    """A record of any format this release knows, as today's type."""
    try:
        fmt = _head.decode(raw).f
        if fmt in (1, FORMAT):       # format 1 lacks only fields that have defaults
            return _current.decode(raw)
        if fmt == 0:
            return _from_format0(raw)
    except msgspec.DecodeError as exc:
        raise RecordFormatError(f"malformed stored record ({exc}): {raw[:80]!r}") from None
    raise RecordFormatError(f"stored record of format {fmt}, written by a newer release "
                            f"(this one reads formats 0 to {FORMAT})")


class RecordTable:
    """A mapping of str keys to encoded records (a Faust table with raw values) seen as records."""

    def __init__(self, table: MutableMapping[Any, Any]) -> None:
        self.table = table

    def get(self, key: str, default: Any = None) -> Any:
        raw = self.table.get(key)
        return default if raw is None else decode_record(raw)

    def __setitem__(self, key: str, value: Record) -> None:
        self.table[key] = encode_record(value)

    def items(self) -> Iterator[tuple[str, Record]]:
        for key, raw in self.table.items():
            yield (key.decode() if isinstance(key, bytes) else key), decode_record(raw)
