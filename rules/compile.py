"""Compile the kernel-evaluated profiles into frozen numpy arrays.

Layout (P profiles, C country clauses, W document words):
- commodity prefix index: every include/except prefix as key = padded value * 16 + length,
  sorted, each key pointing at its (profile, is_except) entries. A line looks up its own
  prefixes of length 2..len, so the cost does not grow with the number of profiles;
  profiles without a commodity condition are in `always`.
- per profile: direction bits, declaration-type bitset, validity in days since 1970,
  procedure ranges, document any-of / none-of bitsets, value and mass bounds, country
  clauses (676-bit country sets), sample rate and salt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from rules.codes import (
    COUNTRY_FIELDS, COUNTRY_WORDS, DECLARATION_TYPE_INDEX, DIRECTIONS, TYPE_WORDS, country_index, padded,
)
from rules.profiles.kinds import kind_of
from rules.profiles.schema import Profile

EPOCH = dt.date(1970, 1, 1)
DAY_MIN, DAY_MAX = -(2 ** 31) + 1, 2 ** 31 - 1


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


class KernelArrays(NamedTuple):
    p_dir: np.ndarray          # uint8[P]
    p_types: np.ndarray        # uint64[P, TYPE_WORDS]
    p_from: np.ndarray         # int32[P]
    p_to: np.ndarray           # int32[P]
    p_proc_ptr: np.ndarray     # int32[P+1]
    proc_lo: np.ndarray        # int16[*]
    proc_hi: np.ndarray        # int16[*]
    p_need_doc: np.ndarray     # uint8[P]
    p_doc_any: np.ndarray      # uint64[P, W]
    p_doc_none: np.ndarray     # uint64[P, W]
    p_val: np.ndarray          # float64[P, 3]: need, lo, hi
    p_mass: np.ndarray         # float64[P, 3]
    p_clause_ptr: np.ndarray   # int32[P+1]
    cl_fields: np.ndarray      # uint8[C]: bit f = COUNTRY_FIELDS[f]
    cl_neg: np.ndarray         # uint8[C]
    cl_bits: np.ndarray        # uint64[C, COUNTRY_WORDS]
    p_rate: np.ndarray         # float64[P]; < 0: no sample draw (set by kind sample)
    p_salt: np.ndarray         # uint64[P]
    idx_keys: np.ndarray       # int64[K], sorted
    idx_ptr: np.ndarray        # int32[K+1]
    idx_prof: np.ndarray       # int32[E]
    idx_exc: np.ndarray        # uint8[E]
    always: np.ndarray         # int32[*]


@dataclass(frozen=True, eq=False)
class CompiledSet:
    profiles: tuple[Profile, ...]             # index in the arrays = position here
    doc_vocab: dict[str, int]                 # document code -> bit
    arrays: KernelArrays
    prefixes: tuple[tuple[tuple[int, int], ...], ...]   # per profile: (padded, length) includes
    excepts: tuple[tuple[tuple[int, int], ...], ...]

    @property
    def doc_words(self) -> int:
        return self.arrays.p_doc_any.shape[1]

    def document_mask(self, codes) -> "np.ndarray":
        """uint64[W]: the bits of these document codes in the line columns."""
        return _bits([self.doc_vocab[c] for c in codes if c in self.doc_vocab], self.doc_words)


def _bits(indexes: list[int], words: int) -> np.ndarray:
    out = np.zeros(words, dtype=np.uint64)
    for i in indexes:
        out[i >> 6] |= np.uint64(1) << np.uint64(i & 63)
    return out


def _prefix_keys(codes: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted({(padded(c), len(c)) for c in codes}))


def _bounds(bounds) -> list[float]:
    return [0.0, -np.inf, np.inf] if bounds is None else [1.0, bounds.lo, bounds.hi]


def _index(prefixes, excepts, n: int) -> tuple[np.ndarray, ...]:
    entries: dict[int, list[tuple[int, int]]] = {}
    always = []
    for p in range(n):
        if not prefixes[p]:
            always.append(p)
        for group, flag in ((prefixes[p], 0), (excepts[p], 1)):
            for value, length in group:
                entries.setdefault(value * 16 + length, []).append((p, flag))
    keys = np.array(sorted(entries), dtype=np.int64)
    ptr = np.zeros(len(keys) + 1, dtype=np.int32)
    prof, exc = [], []
    for k, key in enumerate(keys.tolist()):
        for p, flag in entries[key]:
            prof.append(p)
            exc.append(flag)
        ptr[k + 1] = len(prof)
    return keys, ptr, np.array(prof, dtype=np.int32), np.array(exc, dtype=np.uint8), np.array(always, dtype=np.int32)


def compile_profiles(profiles: tuple[Profile, ...], extra_documents: tuple[str, ...] = ()) -> CompiledSet:
    """Arrays for the kernel, from the profiles of its stage (rules.profiles.kinds); `extra_documents`
    get bits in the line columns too (the authorisation stage finds its lines by them)."""
    n = len(profiles)
    vocab: dict[str, int] = {code: i for i, code in enumerate(dict.fromkeys(extra_documents))}
    for p in profiles:
        for code in (*p.conditions.documents_present, *p.conditions.documents_absent):
            vocab.setdefault(code, len(vocab))
    words = max(1, (len(vocab) + 63) // 64)
    a = {
        "p_dir": np.zeros(n, np.uint8), "p_types": np.zeros((n, TYPE_WORDS), np.uint64),
        "p_from": np.full(n, DAY_MIN, np.int32), "p_to": np.full(n, DAY_MAX, np.int32),
        "p_need_doc": np.zeros(n, np.uint8), "p_doc_any": np.zeros((n, words), np.uint64),
        "p_doc_none": np.zeros((n, words), np.uint64), "p_val": np.zeros((n, 3)), "p_mass": np.zeros((n, 3)),
        "p_rate": np.full(n, -1.0), "p_salt": np.zeros(n, np.uint64),
    }
    proc_ptr, proc_lo, proc_hi = [0], [], []
    clause_ptr, cl_fields, cl_neg, cl_bits = [0], [], [], []
    all_types = list(range(len(DECLARATION_TYPE_INDEX)))
    for i, p in enumerate(profiles):
        c = p.conditions
        a["p_dir"][i] = sum(DIRECTIONS[d] for d in (p.directions or DIRECTIONS))
        a["p_types"][i] = _bits([DECLARATION_TYPE_INDEX[t] for t in p.declaration_types] or all_types, TYPE_WORDS)
        if p.valid_from:
            a["p_from"][i] = day_number(p.valid_from)
        if p.valid_to:
            a["p_to"][i] = day_number(p.valid_to)
        for prefix in c.procedures:
            proc_lo.append(int(prefix.ljust(4, "0")))
            proc_hi.append(int(prefix.ljust(4, "9")))
        proc_ptr.append(len(proc_lo))
        a["p_need_doc"][i] = bool(c.documents_present)
        a["p_doc_any"][i] = _bits([vocab[d] for d in c.documents_present], words)
        a["p_doc_none"][i] = _bits([vocab[d] for d in c.documents_absent], words)
        a["p_val"][i], a["p_mass"][i] = _bounds(c.value_eur), _bounds(c.net_mass_kg)
        for clause in c.countries:
            cl_fields.append(sum(1 << COUNTRY_FIELDS.index(f) for f in clause.fields))
            cl_neg.append(int(clause.negate))
            cl_bits.append(_bits([country_index(x) for x in clause.codes], COUNTRY_WORDS))
        clause_ptr.append(len(cl_fields))
        for column, value in kind_of(p).kernel_columns(p).items():
            a[column][i] = value
    prefixes = tuple(_prefix_keys(p.conditions.commodity_include) for p in profiles)
    excepts = tuple(_prefix_keys(p.conditions.commodity_except) for p in profiles)
    keys, ptr, prof, exc, always = _index(prefixes, excepts, n)
    arrays = KernelArrays(
        p_proc_ptr=np.array(proc_ptr, np.int32), proc_lo=np.array(proc_lo, np.int16),
        proc_hi=np.array(proc_hi, np.int16), p_clause_ptr=np.array(clause_ptr, np.int32),
        cl_fields=np.array(cl_fields, np.uint8), cl_neg=np.array(cl_neg, np.uint8),
        cl_bits=np.array(cl_bits, np.uint64).reshape(len(cl_bits), COUNTRY_WORDS),
        idx_keys=keys, idx_ptr=ptr, idx_prof=prof, idx_exc=exc, always=always, **a,
    )
    for array in arrays:
        array.setflags(write=False)
    return CompiledSet(tuple(profiles), vocab, arrays, prefixes, excepts)
