"""A batch of declarations as columns: one row per line, the integer forms the kernel reads."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from rules.codes import DECLARATION_TYPE_INDEX, DIRECTIONS, N_COUNTRIES, country_code, padded
from rules.compile import EPOCH, CompiledSet
from rules.records import Declaration, Line

_NAN = math.nan
# every two-letter code has a slot, so the lookup never misses (the schema admits only [A-Z]{2})
_COUNTRY: dict[str | None, int] = {None: -1, **{country_code(i): i for i in range(N_COUNTRIES)}}
_CODE: dict[str, tuple[int, int]] = {}
_DAY: dict[str, int] = {}
_CACHE_LIMIT = 200_000    # distinct codes and dates are few; the cap only guards odd input


class Columns(NamedTuple):
    code: np.ndarray        # int64: 10-digit padded commodity code
    code_len: np.ndarray    # int8
    direction: np.ndarray   # uint8: codes.DIRECTIONS bit
    dtype: np.ndarray       # int16: codes.DECLARATION_TYPE_INDEX
    ctry: np.ndarray        # int16[N, 4]: origin, dispatch, export, destination; -1 = none
    proc: np.ndarray        # int16: procedure code, -1 = none
    docs: np.ndarray        # uint64[N, W]: document codes of the profile vocabulary
    value: np.ndarray       # float64, NaN = none
    mass: np.ndarray        # float64, NaN = none
    day: np.ndarray         # int32: line date, days since 1970
    item: np.ndarray        # int32
    keyhash: np.ndarray     # uint64: hash of the declaration key (sample draw)


def declaration_day(decl: Declaration) -> dt.date:
    """The date a line counts on: acceptance date, else the event time's UTC date."""
    return as_date(_day(decl))


def as_date(day: int) -> dt.date:
    return EPOCH + dt.timedelta(days=day)


def _day(decl: Declaration) -> int:
    text = decl.acceptance_date
    if text is None:
        stamp = decl.event_time
        text = stamp[:10] if stamp.endswith(("Z", "z", "+00:00")) else _utc_date(stamp)
    day = _DAY.get(text)
    if day is None:
        day = (dt.date.fromisoformat(text) - EPOCH).days
        if len(_DAY) < _CACHE_LIMIT:
            _DAY[text] = day
    return day


def _utc_date(stamp: str) -> str:
    moment = dt.datetime.fromisoformat(stamp.replace("z", "Z").replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.date().isoformat()


def key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def _code(code: str) -> tuple[int, int]:
    hit = _CODE.get(code)
    if hit is None:
        hit = (padded(code), len(code))
        if len(_CODE) < _CACHE_LIMIT:
            _CODE[code] = hit
    return hit


def flatten(events: Sequence[Declaration]) -> tuple[list[Line], list[int]]:
    """Every line of the batch in event order, with the index of its declaration."""
    lines: list[Line] = []
    owner: list[int] = []
    for d, decl in enumerate(events):
        lines += decl.lines
        owner += [d] * len(decl.lines)
    return lines, owner


def event_days(events: Sequence[Declaration]) -> list[int]:
    """Per event, the day its lines count on (days since 1970)."""
    return [_day(e) for e in events]


def build_columns(events: Sequence[Declaration], lines: list[Line], owner: list[int],
                  compiled: CompiledSet, days: list[int] | None = None) -> Columns:
    n = len(lines)
    days = event_days(events) if days is None else days
    per_decl = [(DIRECTIONS[e.direction], DECLARATION_TYPE_INDEX[e.declaration_type], d) for e, d in zip(events, days)]
    head = np.array(per_decl, dtype=np.int64).reshape(len(events), 3)[owner]
    hashes = np.array([key_hash(e.key) for e in events], dtype=np.uint64)[owner]
    codes = np.array([_code(l.commodity_code) for l in lines], dtype=np.int64).reshape(n, 2)
    c = _COUNTRY
    ctry = np.array([(c[l.origin_country], c[l.dispatch_country], c[l.export_country], c[l.destination_country])
                     for l in lines], dtype=np.int16).reshape(n, 4)
    proc = np.array([-1 if l.procedure_code is None else int(l.procedure_code) for l in lines], dtype=np.int16)
    value = np.array([_NAN if l.value_eur is None else l.value_eur for l in lines], dtype=np.float64)
    mass = np.array([_NAN if l.net_mass_kg is None else l.net_mass_kg for l in lines], dtype=np.float64)
    return Columns(
        code=codes[:, 0].copy(), code_len=codes[:, 1].astype(np.int8), direction=head[:, 0].astype(np.uint8),
        dtype=head[:, 1].astype(np.int16), ctry=ctry, proc=proc, docs=_docs(lines, compiled), value=value,
        mass=mass, day=head[:, 2].astype(np.int32), item=np.array([l.item_number for l in lines], dtype=np.int32),
        keyhash=hashes,
    )


def _docs(lines: list[Line], compiled: CompiledSet) -> np.ndarray:
    vocab = compiled.doc_vocab
    words = compiled.doc_words
    if words == 1:
        bits = [0] * len(lines)
        for i, line in enumerate(lines):
            if line.documents:
                mask = 0
                for doc in line.documents:
                    bit = vocab.get(doc.code)
                    if bit is not None:
                        mask |= 1 << bit
                bits[i] = mask
        return np.array(bits, dtype=np.uint64).reshape(len(lines), 1)
    out = np.zeros((len(lines), words), dtype=np.uint64)
    for i, line in enumerate(lines):
        for doc in line.documents:
            bit = vocab.get(doc.code)
            if bit is not None:
                out[i, bit >> 6] |= np.uint64(1 << (bit & 63))
    return out
