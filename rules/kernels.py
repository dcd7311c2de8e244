"""The line kernel: one numba pass over a columnar batch evaluates every compiled profile.

A single njit function on purpose (JIT time is paid once, and cached on disk):
per line it looks up the line's own commodity prefixes in the sorted prefix
index to find candidate profiles, adds the profiles without a commodity
condition, and checks each candidate's remaining conditions.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from rules.columns import Columns
from rules.compile import CompiledSet

_POW10 = np.array([10 ** k for k in range(11)], dtype=np.int64)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


@njit(cache=True, nogil=True)
def _evaluate(cols, arrs, pow10, out_line, out_prof):  # pragma: no cover
    # cols: Columns, arrs: KernelArrays (NamedTuples of arrays, typed by numba as heterogeneous tuples);
    # unpacked once, so the loops below read plain arrays
    code, code_len, direction, dtype = cols.code, cols.code_len, cols.direction, cols.dtype
    ctry, proc, docs, value, mass = cols.ctry, cols.proc, cols.docs, cols.value, cols.mass
    day, item, keyhash = cols.day, cols.item, cols.keyhash
    p_dir, p_types, p_from, p_to = arrs.p_dir, arrs.p_types, arrs.p_from, arrs.p_to
    p_proc_ptr, proc_lo, proc_hi = arrs.p_proc_ptr, arrs.proc_lo, arrs.proc_hi
    p_need_doc, p_doc_any, p_doc_none = arrs.p_need_doc, arrs.p_doc_any, arrs.p_doc_none
    p_val, p_mass, p_rate, p_salt = arrs.p_val, arrs.p_mass, arrs.p_rate, arrs.p_salt
    p_clause_ptr, cl_fields, cl_neg, cl_bits = arrs.p_clause_ptr, arrs.cl_fields, arrs.cl_neg, arrs.cl_bits
    idx_keys, idx_ptr, idx_prof, idx_exc, always = arrs.idx_keys, arrs.idx_ptr, arrs.idx_prof, arrs.idx_exc, arrs.always
    n_prof = p_dir.shape[0]
    n_keys = idx_keys.shape[0]
    words = docs.shape[1]
    inc_mark = np.zeros(n_prof, np.int64)
    exc_mark = np.zeros(n_prof, np.int64)
    cand = np.empty(n_prof + 1, np.int32)
    cap = out_line.shape[0]
    count = 0
    s30, s27, s31, s11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
    for i in range(code.shape[0]):
        stamp = i + 1
        n_cand = 0
        for plen in range(2, code_len[i] + 1):
            div = pow10[10 - plen]
            key = (code[i] // div) * div * 16 + plen
            j = np.searchsorted(idx_keys, key)
            if j < n_keys and idx_keys[j] == key:
                for e in range(idx_ptr[j], idx_ptr[j + 1]):
                    p = idx_prof[e]
                    if idx_exc[e]:
                        exc_mark[p] = stamp
                    elif inc_mark[p] != stamp:
                        inc_mark[p] = stamp
                        cand[n_cand] = p
                        n_cand += 1
        n_total = n_cand + always.shape[0]
        for k in range(n_total):
            p = cand[k] if k < n_cand else always[k - n_cand]
            if exc_mark[p] == stamp:
                continue
            if (p_dir[p] & direction[i]) == 0:
                continue
            t = dtype[i]
            if ((p_types[p, t >> 6] >> np.uint64(t & 63)) & np.uint64(1)) == 0:
                continue
            if day[i] < p_from[p] or day[i] > p_to[p]:
                continue
            if p_proc_ptr[p + 1] > p_proc_ptr[p]:
                pc = proc[i]
                ok = False
                if pc >= 0:
                    for r in range(p_proc_ptr[p], p_proc_ptr[p + 1]):
                        if proc_lo[r] <= pc <= proc_hi[r]:
                            ok = True
                            break
                if not ok:
                    continue
            ok = p_need_doc[p] == 0
            bad = False
            for w in range(words):
                if docs[i, w] & p_doc_any[p, w]:
                    ok = True
                if docs[i, w] & p_doc_none[p, w]:
                    bad = True
            if bad or not ok:
                continue
            if p_val[p, 0] > 0 and not (p_val[p, 1] <= value[i] <= p_val[p, 2]):
                continue
            if p_mass[p, 0] > 0 and not (p_mass[p, 1] <= mass[i] <= p_mass[p, 2]):
                continue
            ok = True
            for c in range(p_clause_ptr[p], p_clause_ptr[p + 1]):
                found = False
                present = True
                for f in range(4):
                    if (cl_fields[c] >> f) & 1:
                        ci = ctry[i, f]
                        if ci < 0:
                            present = False
                        elif (cl_bits[c, ci >> 6] >> np.uint64(ci & 63)) & np.uint64(1):
                            found = True
                if cl_neg[c]:
                    ok = present and not found
                else:
                    ok = found
                if not ok:
                    break
            if not ok:
                continue
            if p_rate[p] >= 0.0:
                z = keyhash[i] ^ (np.uint64(item[i]) * _GOLD) ^ p_salt[p]
                z = (z ^ (z >> s30)) * _M1
                z = (z ^ (z >> s27)) * _M2
                z = z ^ (z >> s31)
                if (z >> s11) * (1.0 / 9007199254740992.0) >= p_rate[p]:
                    continue
            if count < cap:
                out_line[count] = i
                out_prof[count] = p
            count += 1
    return count


def evaluate(columns: Columns, compiled: CompiledSet) -> tuple[np.ndarray, np.ndarray]:
    """(line index, profile index) of every match, ordered by line."""
    cap = max(1024, 2 * columns.code.shape[0])
    while True:
        out_line = np.empty(cap, np.int32)
        out_prof = np.empty(cap, np.int32)
        count = _evaluate(columns, compiled.arrays, _POW10, out_line, out_prof)
        if count <= cap:
            return out_line[:count], out_prof[:count]
        cap = count
