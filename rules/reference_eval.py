"""A plain-Python evaluator of a compiled profile set: the specification the kernel is tested against.

It reads the same columns and compiled arrays but takes the naive route: every
profile against every line, commodity prefixes compared digit-wise as text.
"""

from __future__ import annotations

from rules.columns import Columns
from rules.compile import CompiledSet
from rules.codes import CODE_DIGITS

_MASK = (1 << 64) - 1
_GOLD, _M1, _M2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


def sample_draw(keyhash: int, item: int, salt: int) -> float:
    """The uniform draw in [0, 1) for (declaration key, item, profile): splitmix64 finaliser."""
    z = keyhash ^ ((item * _GOLD) & _MASK) ^ salt
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    z ^= z >> 31
    return (z >> 11) / float(1 << 53)


def _starts_with(code: int, code_len: int, prefix: tuple[int, int]) -> bool:
    value, length = prefix
    text = str(code).zfill(CODE_DIGITS)[:code_len]
    return code_len >= length and text[:length] == str(value).zfill(CODE_DIGITS)[:length]


def _bit(words, index: int) -> bool:
    return bool((int(words[index // 64]) >> (index % 64)) & 1)


def _line_matches(cols: Columns, cs: CompiledSet, i: int, p: int) -> bool:
    a = cs.arrays
    code, code_len = int(cols.code[i]), int(cols.code_len[i])
    if cs.prefixes[p]:
        if not any(_starts_with(code, code_len, pre) for pre in cs.prefixes[p]):
            return False
        if any(_starts_with(code, code_len, pre) for pre in cs.excepts[p]):
            return False
    if not int(a.p_dir[p]) & int(cols.direction[i]) or not _bit(a.p_types[p], int(cols.dtype[i])):
        return False
    if not int(a.p_from[p]) <= int(cols.day[i]) <= int(a.p_to[p]):
        return False
    ranges = range(int(a.p_proc_ptr[p]), int(a.p_proc_ptr[p + 1]))
    if ranges and not any(int(a.proc_lo[r]) <= int(cols.proc[i]) <= int(a.proc_hi[r]) for r in ranges):
        return False
    line_docs = [int(w) for w in cols.docs[i]]
    if a.p_need_doc[p] and not any(d & int(w) for d, w in zip(line_docs, a.p_doc_any[p])):
        return False
    if any(d & int(w) for d, w in zip(line_docs, a.p_doc_none[p])):
        return False
    for bounds, x in ((a.p_val[p], cols.value[i]), (a.p_mass[p], cols.mass[i])):
        if bounds[0] and not bounds[1] <= x <= bounds[2]:
            return False
    for c in range(int(a.p_clause_ptr[p]), int(a.p_clause_ptr[p + 1])):
        values = [int(cols.ctry[i, f]) for f in range(4) if int(a.cl_fields[c]) >> f & 1]
        found = any(v >= 0 and _bit(a.cl_bits[c], v) for v in values)
        ok = (all(v >= 0 for v in values) and not found) if a.cl_neg[c] else found
        if not ok:
            return False
    if a.p_rate[p] >= 0:
        draw = sample_draw(int(cols.keyhash[i]), int(cols.item[i]), int(a.p_salt[p]))
        if draw >= a.p_rate[p]:
            return False
    return True


def evaluate_reference(cols: Columns, cs: CompiledSet) -> list[tuple[int, int]]:
    """Every (line, profile) match, sorted."""
    return [(i, p) for i in range(len(cols.code)) for p in range(len(cs.profiles)) if _line_matches(cols, cs, i, p)]
