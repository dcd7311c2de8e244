"""The numba kernels: Jaro-Winkler on byte strings and the batch matcher.

Three compiled entry points (`jaro_winkler_bytes`, `neighbour_rows` for tokens seen
the first time, `match_batch` per batch), cache=True, so a fresh process pays the JIT
once per machine. Everything is arrays: the index (index.py), the neighbour rows
(neighbours.py) and a batch of normalised query names (match.py) go in, flat result
arrays come out. `stats` counts kernel work (token searches, vocabulary tokens touched,
JW in retrieval, postings, names scored, JW in scoring).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# params vector layout, filled by match.Params.vector()
P_THRESHOLD, P_LO, P_LO_SHORT, P_LENIENCY, P_PRUNE, P_CAND_FLOOR = 0, 1, 2, 3, 4, 5
P_COUNTRY_BONUS, P_COUNTRY_MISMATCH, P_TYPE_PENALTY, P_LEGAL_MISMATCH, P_LOWQ_THRESHOLD = 6, 7, 8, 9, 10
P_UNKNOWN_WEIGHT, P_MAX_PER_QUERY, P_SLACK, P_CONS_SIM, P_TYPO_SCALE = 11, 12, 13, 14, 15
P_SLIP_COST, P_SLIP_MIN_LEN, P_INITIAL, P_COMMON_W, P_COMMON_SCALE, P_MIDDLE = 16, 17, 18, 19, 20, 21
P_INFO_LO, P_INFO_HI, P_ORG_LEAN, P_INITIAL_INFO_LO, P_INITIAL_INFO_HI, P_LEAN_MIN = 22, 23, 24, 25, 26, 27
P_PATRONYMIC, P_DISAGREE, P_PERSON_PENALTY, P_PREFIXED = 28, 29, 30, 31
P_MERGE_SCALE, P_LEAD_FAMILY, P_KNOWN_PAIR = 32, 33, 34
N_PARAMS = 35
KNOWN_NAME = 1 << 62          # normalize.KNOWN_NAME: a flag on a consonant key
KEY_BITS = KNOWN_NAME - 1
# what a listed token is to its name (index.py name_core): left out, a middle name or patronymic costs less
MIDDLE, CORE, PATRONYMIC, LEAD = 0, 1, 2, 3   # LEAD: the first of two family names, a core word

# why-flags of a result
WHY_COUNTRY_AGREES, WHY_COUNTRY_DIFFERS, WHY_TYPE_CONFLICT = 1, 2, 4
WHY_LEGAL_AGREES, WHY_LEGAL_DIFFERS, WHY_LOW_QUALITY, WHY_MERGED = 8, 16, 32, 64
WHY_PERSON_CONFLICT = 128
# what a declared name looks like (q_looks): a company's (a legal form or company word), a person's
# (no such word, two or more words, one of them an everyday given or family name), or either
LOOKS_EITHER, LOOKS_ORG, LOOKS_PERSON = 0, 1, 2

# two tokens are read as one written apart only where each has MERGE_PART letters and both MERGE_LEN
MERGE_PART, MERGE_LEN = 2, 5
MAX_TOKENS = 24      # tokens per name considered; longer names are cut (bitmasks are int64)
MAX_TOKEN_LEN = 40   # bytes per token; longer "tokens" are URLs or codes
GRAM_BASE = 38       # a-z, 0-9, start pad, end pad
PERSON = 0
ORGANISATION = 1
BIT_LEN = 62         # strings up to this long are matched with bitmasks in one int64
# the matcher compares tokens (<= MAX_TOKEN_LEN) and joins of two within 2 bytes of a token's length
assert MAX_TOKEN_LEN + 2 <= BIT_LEN

# The helpers below allocate nothing and run without numba's runtime (as numba's own string and sort
# helpers do): with it, every call reference-counts each array argument with atomic operations, and
# that cost more than the matching itself. Strings are (buffer, start, length), never array views.
_helper = njit(cache=True, nogil=True, _nrt=False)


@njit(cache=True, nogil=True)
def _winkler(m, t, la, lb, prefix):
    mf = float(m)
    jaro = (mf / la + mf / lb + (mf - t // 2) / mf) / 3.0
    if jaro <= 0.7:
        return jaro
    return jaro + prefix * 0.1 * (1.0 - jaro)


@_helper
def _prefix(x, x0, la, y, y0, lb):
    p = 0
    lim = min(4, la, lb)
    while p < lim and x[x0 + p] == y[y0 + p]:
        p += 1
    return p


@_helper
def _jw(x, x0, la, y, y0, lb, pm):
    """Jaro-Winkler of x[x0:x0+la] and y[y0:y0+lb] (both at most BIT_LEN long), the matching window as
    bitmasks: the same greedy matches and transpositions as the textbook loop, so the same value to
    the last bit. `pm` is a zeroed int64[256] scratch (positions of each byte in y), left zeroed."""
    if la == 0 or lb == 0:
        return 0.0
    window = max(max(la, lb) // 2 - 1, 0)
    for j in range(lb):
        pm[y[y0 + j]] |= 1 << j
    flag_x = 0
    flag_y = 0
    m = 0
    for i in range(la):
        lo = i - window if i > window else 0
        hi = i + window + 1 if i + window + 1 < lb else lb
        if lo >= hi:
            continue
        free = pm[x[x0 + i]] & ~flag_y & (((1 << hi) - 1) ^ ((1 << lo) - 1))
        if free != 0:
            flag_y |= free & -free   # the first free position, as the loop would take it
            flag_x |= 1 << i
            m += 1
    t = 0
    for i in range(la):
        if (flag_x >> i) & 1:
            first = flag_y & -flag_y
            if pm[x[x0 + i]] & first == 0:
                t += 1
            flag_y ^= first
    for j in range(lb):
        pm[y[y0 + j]] = 0
    if m == 0:
        return 0.0
    return _winkler(m, t, la, lb, _prefix(x, x0, la, y, y0, lb))


@njit(cache=True, nogil=True)
def _jw_flags(a, b):
    # the textbook loop with flag arrays, for strings longer than BIT_LEN
    la = a.shape[0]
    lb = b.shape[0]
    window = max(max(la, lb) // 2 - 1, 0)
    fa = np.zeros(la, np.uint8)
    fb = np.zeros(lb, np.uint8)
    m = 0
    for i in range(la):
        lo = i - window if i > window else 0
        hi = i + window + 1 if i + window + 1 < lb else lb
        for j in range(lo, hi):
            if fb[j] == 0 and a[i] == b[j]:
                fa[i] = 1
                fb[j] = 1
                m += 1
                break
    if m == 0:
        return 0.0
    t = 0
    k = 0
    for i in range(la):
        if fa[i] == 1:
            while fb[k] == 0:
                k += 1
            if a[i] != b[k]:
                t += 1
            k += 1
    return _winkler(m, t, la, lb, _prefix(a, 0, la, b, 0, lb))


@njit(cache=True, nogil=True)
def jaro_winkler_bytes(a, b):
    """Jaro-Winkler similarity (prefix weight 0.1, boost above 0.7) of two uint8 arrays."""
    la = a.shape[0]
    lb = b.shape[0]
    if la == 0 or lb == 0:
        return 0.0
    if la > BIT_LEN or lb > BIT_LEN:
        return _jw_flags(a, b)
    return _jw(a, 0, la, b, 0, lb, np.zeros(256, np.int64))


@njit(cache=True, nogil=True)
def _strength(s, la, lb, lo, lo_short, scale):
    # JW of unrelated tokens sits around 0.4-0.7: below a floor a pair counts for nothing, above it
    # each point of JW lost costs `scale` points; short tokens (3 letters) need a higher floor,
    # 1-2 letter ones an exact match.
    if s >= 0.999999:
        return 1.0
    n = min(la, lb)
    if n <= 2:
        return 0.0
    floor = lo_short if n == 3 else lo
    # JW forgives a long tail ("horizon" / "horizonmar"); a typo changes length by one at most
    s -= 0.03 * max(0, abs(la - lb) - 1)
    if s <= floor:
        return 0.0
    return max(0.0, 1.0 - scale * (1.0 - s))


ENDING_CAP = 0.8


@_helper
def _extends(x, x0, la, y, y0, lb):
    """One token is the other with one or two letters more at the end: Ivanov / Ivanova, Eagle / Eagles,
    Ahmad / Ahmadi are other forms of a word or other names more often than misspellings."""
    n = min(la, lb)
    if n < 4 or la == lb or abs(la - lb) > 2:
        return False
    for i in range(n):
        if x[x0 + i] != y[y0 + i]:
            return False
    return True


_VOWELS = b"aeiou"


@_helper
def _prefixed(x, x0, la, y, y0, lb):
    """A short token is the other with one or two consonants more in front: Yong / Pyong / Myong, Hun / Chun
    are other syllables of a name, not misspellings of one."""
    n = min(la, lb)
    d = abs(la - lb)
    if n < 3 or n > 5 or d == 0 or d > 2:
        return False
    if la > lb:
        x, x0, la, y, y0, lb = y, y0, lb, x, x0, la
    for i in range(la):
        if x[x0 + i] != y[y0 + d + i]:
            return False
    for i in range(d):
        c = y[y0 + i]
        for v in _VOWELS:
            if c == v:
                return False
    return True


@_helper
def _one_edit(x, x0, la, y, y0, lb):
    """True when the two strings differ by two adjacent letters swapped or by one inner letter changed,
    dropped or added (not the first or the last: a changed ending is more often another form of the
    word, Eagle / Eagles, Robert / Roberto, than a slip); legal_forms.slips spells out the same set."""
    if la - lb > 1 or lb - la > 1:
        return False
    n = min(la, lb)
    p = 0
    while p < n and x[x0 + p] == y[y0 + p]:
        p += 1
    if p == n:  # equal, or one extends the other: a slip only where that is an inner letter doubled
        if la > lb:
            return n >= 2 and x[x0 + n] == x[x0 + n - 1]
        return lb > la and n >= 2 and y[y0 + n] == y[y0 + n - 1]
    if p == 0 and (la != lb or n < 2 or x[x0] != y[y0 + 1] or x[x0 + 1] != y[y0]):
        return False  # most unrelated pairs end here: only a swap may touch the first letter
    q = 0
    while q < n - p and x[x0 + la - 1 - q] == y[y0 + lb - 1 - q]:
        q += 1
    if la == lb and p + q == n - 2 and x[x0 + p] == y[y0 + p + 1] and x[x0 + p + 1] == y[y0 + p]:
        return True
    if p == 0 or q == 0:
        return False
    return p + q >= n if la != lb else p + q == n - 1


@_helper
def _is_slip(x, x0, la, y, y0, lb, params):
    return min(la, lb) >= params[P_SLIP_MIN_LEN] and _one_edit(x, x0, la, y, y0, lb)


@_helper
def _slip_strength(st, x, x0, la, y, y0, lb, params):
    # JW punishes one slip in a short token hard (one edit in six letters can cost 0.2 of strength):
    # a slip keeps at least 1 - cost / length, so a typo in every token still adds up to a match
    floor = 1.0 - params[P_SLIP_COST] / max(la, lb, 1)
    if st >= floor or not _is_slip(x, x0, la, y, y0, lb, params):
        return st
    return floor


@_helper
def _concat(buf, x, x0, lx, y, y0, ly):
    # "aris" + "sumarsono" -> "arisumarsono": skeletons collapse doubled letters, so the join does too;
    # returns the length written to buf
    for i in range(lx):
        buf[i] = x[x0 + i]
    skip = 1 if lx > 0 and ly > 0 and x[x0 + lx - 1] == y[y0] else 0
    for i in range(skip, ly):
        buf[lx + i - skip] = y[y0 + i]
    return lx + ly - skip


@_helper
def _initial(la, lb, fa, fb, params):
    # "M." for "Mohammad": an initial agrees, weakly, with any name of its first letter (as written, not
    # the skeleton's: "K." for "Khodr", skeleton "hodr")
    if (la == 1) != (lb == 1) and (fa & fb) != 0:
        return params[P_INITIAL]
    return 0.0


@_helper
def _common_cost(st, wa, wb, params):
    # a near miss between common tokens is weak evidence: "Chen" / "Chan", "Maria" / "Marial" are
    # other everyday names as often as misspellings, so each point a common pair falls short of
    # equal costs up to 1 + common_w / common_scale points
    if st >= 1.0 or st <= 0.0:
        return st
    f = 1.0 + max(0.0, params[P_COMMON_W] - min(wa, wb)) / params[P_COMMON_SCALE]
    return max(0.0, 1.0 - f * (1.0 - st))


@_helper
def _same_consonants(a, b):
    # the same consonant key, unless both are everyday names of their own (Mahmoud / Mohammed)
    return a >= 0 and b >= 0 and (a & KEY_BITS) == (b & KEY_BITS) and (a & b & KNOWN_NAME) == 0


@_helper
def _two_names(a, b):
    # both tokens are everyday names of their own: unequal, they are two names, not one misspelt
    return a >= 0 and b >= 0 and (a & b & KNOWN_NAME) != 0


@_helper
def _fill_column(qc, qoff, qw, qkey, qfirst, qvid, q0, nq, vchars, voff, vw, vkey, vfirst, v, params, pm, memo,
                 memo_jw, stats):
    """memo[v, i]: strength of query token i against list token v (the same vocabulary token: no JW);
    memo_jw[v, i] the same without the floor for a slip."""
    lo = params[P_LO]
    lo_short = params[P_LO_SHORT]
    cons = params[P_CONS_SIM]
    scale = params[P_TYPO_SCALE]
    b0 = voff[v]
    lb = voff[v + 1] - b0
    for i in range(nq):
        t = q0 + i
        if qvid[t] == v:
            memo[v, i] = 1.0
            memo_jw[v, i] = 1.0
            continue
        stats[5] += 1
        la = qoff[t + 1] - qoff[t]
        s = _jw(qc, qoff[t], la, vchars, b0, lb, pm)
        if _same_consonants(qkey[t], vkey[v]) and s < cons:
            s = cons  # same consonants, other vowels: Mohammed / Muhamad
        st = _strength(s, la, lb, lo, lo_short, scale)
        if _extends(qc, qoff[t], la, vchars, b0, lb):
            st = min(st, ENDING_CAP)
        elif qvid[t] >= 0 and _prefixed(qc, qoff[t], la, vchars, b0, lb):
            # both are names the lists hold: another name, where an unknown word would be a typo
            st = min(st, params[P_PREFIXED])
        if _two_names(qkey[t], vkey[v]):
            st = min(st, params[P_KNOWN_PAIR])
        slip = _slip_strength(st, qc, qoff[t], la, vchars, b0, lb, params)
        ini = _initial(la, lb, qfirst[t], vfirst[v], params)
        # a declared token neither listed nor an everyday name, one letter longer or shorter at most, is
        # more often a misspelling than another name: the listed token's commonness does not count against it
        wb = qw[t] if qvid[t] < 0 else vw[v]
        memo_jw[v, i] = max(_common_cost(st, qw[t], wb, params), ini)
        memo[v, i] = max(_common_cost(slip, qw[t], wb, params), ini)


@_helper
def _single_edges(qc, qoff, qw, qkey, qfirst, qvid, q0, nq, vchars, voff, vw, vkey, vfirst, ntok, n0, nc, params,
                  scratch, pm,
                  es, ej, eq, ec, rowmax, colmax, qi, memo, memo_jw, memo_stamp, stats):
    # a list token's column depends on the query alone, and the query's candidates share tokens
    # ("al", "mohammed", "trading"), so each column is computed once per query
    for j in range(nc):
        v = ntok[n0 + j]
        if memo_stamp[v] != qi:
            memo_stamp[v] = qi
            _fill_column(qc, qoff, qw, qkey, qfirst, qvid, q0, nq, vchars, voff, vw, vkey, vfirst, v, params, pm,
                         memo, memo_jw, stats)
        for i in range(nq):
            scratch[i, j] = memo_jw[v, i]
    for i in range(nq):
        rowmax[i] = 0.0
    for j in range(nc):
        colmax[j] = 0.0
    ne = 0
    for i in range(nq):
        for j in range(nc):
            st = memo[ntok[n0 + j], i]
            if st > 0.0:
                es[ne] = st
                ej[ne] = scratch[i, j]
                eq[ne] = 1 << i
                ec[ne] = 1 << j
                ne += 1
                # without the slip floor: whether a token found a partner good enough to skip the merged
                # pairs must not depend on the rest of the name aligning
                rowmax[i] = max(rowmax[i], scratch[i, j])
                colmax[j] = max(colmax[j], scratch[i, j])
    return ne


@_helper
def _mergeable(lx, ly):
    """Whether words of lx and ly letters may be read as one written apart (match.py asks the same)."""
    return lx >= MERGE_PART and ly >= MERGE_PART and lx + ly >= MERGE_LEN


@_helper
def _merged_edges(qc, qoff, qfirst, q0, nq, vchars, voff, vfirst, ntok, n0, nc, params, scratch, pm, buf, es, ej,
                  eq, ec, ne, rowmax, colmax, stats):
    # two adjacent tokens on one side written as one on the other ("abu bakr" / "abubakr"), tried only
    # where a token found no good partner and both parts are `_mergeable`
    lo = params[P_LO]
    lo_short = params[P_LO_SHORT]
    scale = params[P_MERGE_SCALE]
    for i in range(nq - 1):
        if rowmax[i] >= 0.9 and rowmax[i + 1] >= 0.9:
            continue
        t = q0 + i
        lx = qoff[t + 1] - qoff[t]
        ly = qoff[t + 2] - qoff[t + 1]
        if not _mergeable(lx, ly):
            continue
        la = _concat(buf, qc, qoff[t], lx, qc, qoff[t + 1], ly)
        for j in range(nc):
            if colmax[j] >= 0.9:
                continue
            v = ntok[n0 + j]
            lb = voff[v + 1] - voff[v]
            # words written together start where the one word does: "al adil" is no "halil" (as skeletons
            # or as written: the skeletons of a word and of its first part may begin apart, "ju" / "iunior")
            if abs(la - lb) > 2 or (buf[0] != vchars[voff[v]] and (qfirst[t] & vfirst[v]) == 0):
                continue
            stats[5] += 1
            st = _strength(_jw(buf, 0, la, vchars, voff[v], lb, pm), la, lb, lo, lo_short, scale)
            if st > scratch[i, j] and st > scratch[i + 1, j]:
                es[ne] = st
                ej[ne] = st
                eq[ne] = (1 << i) | (1 << (i + 1))
                ec[ne] = 1 << j
                ne += 1
    for j in range(nc - 1):
        if colmax[j] >= 0.9 and colmax[j + 1] >= 0.9:
            continue
        v1 = ntok[n0 + j]
        v2 = ntok[n0 + j + 1]
        lx = voff[v1 + 1] - voff[v1]
        ly = voff[v2 + 1] - voff[v2]
        if not _mergeable(lx, ly):
            continue
        lb = _concat(buf, vchars, voff[v1], lx, vchars, voff[v2], ly)
        for i in range(nq):
            if rowmax[i] >= 0.9:
                continue
            t = q0 + i
            la = qoff[t + 1] - qoff[t]
            if abs(la - lb) > 2 or (qc[qoff[t]] != buf[0] and (qfirst[t] & vfirst[v1]) == 0):
                continue
            stats[5] += 1
            st = _strength(_jw(qc, qoff[t], la, buf, 0, lb, pm), la, lb, lo, lo_short, scale)
            if st > scratch[i, j] and st > scratch[i, j + 1]:
                es[ne] = st
                ej[ne] = st
                eq[ne] = 1 << i
                ec[ne] = (1 << j) | (1 << (j + 1))
                ne += 1
    return ne


@_helper
def _strongest(w, eq, ec, ne, usedq, usedc):
    # the edge of highest w > 0 whose tokens are all still free, -1 for none
    k = -1
    best = 0.0
    for e in range(ne):
        if w[e] > best and (eq[e] & usedq) == 0 and (ec[e] & usedc) == 0:
            best = w[e]
            k = e
    return k


@_helper
def _initial_edge(e, qoff, q0, voff, ntok, n0, eq, ec, nq, nc):
    # one token each side, exactly one of them a single letter
    if (eq[e] & (eq[e] - 1)) != 0 or (ec[e] & (ec[e] - 1)) != 0:
        return False
    i = 0
    while (eq[e] >> i) & 1 == 0:
        i += 1
    j = 0
    while (ec[e] >> j) & 1 == 0:
        j += 1
    la = qoff[q0 + i + 1] - qoff[q0 + i]
    v = ntok[n0 + j]
    lb = voff[v + 1] - voff[v]
    return (la == 1) != (lb == 1)


@_helper
def _has_initial(voff, ntok, n0, nc):
    for j in range(nc):
        v = ntok[n0 + j]
        if voff[v + 1] - voff[v] == 1:
            return True
    return False


@_helper
def _initials_share(qw, q0, nq, qoff, voff, ntok, n0, nc, st, mq, eq, ec, params):
    """How much initials may count: in full where the rest of what matched is distinctive (a rare family
    name: "M. A. KARIMI"), not at all where it is common ("J. Lopez")."""
    info = 0.0
    has = False
    for i in range(nq):
        e = mq[i]
        if e < 0:
            continue
        if _initial_edge(e, qoff, q0, voff, ntok, n0, eq, ec, nq, nc):
            has = True
        else:
            info += qw[q0 + i] * st[e]
    if not has:
        return 1.0
    lo = params[P_INITIAL_INFO_LO]
    return min(max((info - lo) / (params[P_INITIAL_INFO_HI] - lo), 0.0), 1.0)


@_helper
def _word_left(mq, qoff, q0, nq):
    # a declared token of two letters or more without a partner (a stray letter is no word)
    for i in range(nq):
        if mq[i] < 0 and qoff[q0 + i + 1] - qoff[q0 + i] > 1:
            return True
    return False


@_helper
def _align(qw, q0, nq, qoff, vw, voff, ntok, ncore, n0, nc, person, with_initials, params, es, ej, eq, ec, ne, mq,
           mc):
    """Greedy one-to-one alignment, strongest edge first; returns (score, sq, sc, merged, exact).
    mq[i] / mc[j] get the edge that covers query token i / list token j, -1 for none."""
    for i in range(nq):
        mq[i] = -1
    for j in range(nc):
        mc[j] = -1
    usedq = 0
    usedc = 0
    edges = 0
    merged = False
    while True:
        # the alignment follows JW alone; pairs only a slip makes agree come last, so they take
        # no token another pair would
        k = _strongest(ej, eq, ec, ne, usedq, usedc)
        if k < 0:
            k = _strongest(es, eq, ec, ne, usedq, usedc)
        if k < 0:
            break
        usedq |= eq[k]
        usedc |= ec[k]
        edges += 1
        if ej[k] < 0.5:
            edges -= 1  # a weak pair does not make a name agree
        for i in range(nq):
            if (eq[k] >> i) & 1:
                mq[i] = k
        for j in range(nc):
            if (ec[k] >> j) & 1:
                mc[j] = k
        if (eq[k] & (eq[k] - 1)) != 0 or (ec[k] & (ec[k] - 1)) != 0:
            merged = True
            edges += 1  # a merged edge stands for two tokens
    # a slip counts as one only where every token of both names found its partner: a misspelt word
    # beside words of the other name it lacks is more often another name than a typo
    st = es if usedq == (1 << nq) - 1 and usedc == (1 << nc) - 1 else ej
    share = 1.0
    if with_initials:
        # initials stand for a person's given names: "V.R. FRUIT COMPANY" is not "Vos & Rossi Fruit"
        share = _initials_share(qw, q0, nq, qoff, voff, ntok, n0, nc, st, mq, eq, ec, params) if person else 0.0
    if share < 1.0:
        for e in range(ne):
            if _initial_edge(e, qoff, q0, voff, ntok, n0, eq, ec, nq, nc):
                es[e] *= share
                ej[e] *= share
    tq = 0.0
    sq = 0.0
    for i in range(nq):
        tq += qw[q0 + i]
        if mq[i] >= 0:
            sq += qw[q0 + i] * st[mq[i]]
    info = sq
    tc = 0.0
    sc = 0.0
    core_missing = False
    lead_missing = False
    covered = 0
    for j in range(nc):
        w = vw[ntok[n0 + j]]
        if mc[j] >= 0:
            covered += 1
            tc += w
            sc += w * st[mc[j]]
        elif person and ncore[n0 + j] == MIDDLE:
            tc += w * params[P_MIDDLE]  # a listed middle name left out; the first given and family name in full
        elif person and ncore[n0 + j] == PATRONYMIC:
            tc += w * params[P_PATRONYMIC]  # "Andrey Kovalskiy" for "KOVALSKIY, Andrey Vechislavovich"
        else:
            tc += w
            core_missing = True
            lead_missing = lead_missing or ncore[n0 + j] == LEAD
    sq = sq / tq if tq > 0 else 0.0
    sc = sc / tc if tc > 0 else 0.0
    exact = sq >= 0.999999 and sc >= 0.999999
    hi = max(sq, sc)
    lo_ = min(sq, sc)
    # a dropped or added middle name costs little once two or more tokens agree and what agrees is
    # distinctive (the weights of the matched declared tokens add up to info_hi); a few common names
    # matched in full inside a longer listed name, or a company name with words the listed one lacks,
    # leave both sides to count; with one token matched both sides must be covered
    # (with lean below 0.5 the less covered side counts most: common names explain little)
    lean = 0.5
    if edges >= 2:
        if person and core_missing:
            # the family name or the first given name left out: the less covered side counts most
            lean = params[P_LEAN_MIN]
        elif person:
            share = min(max((info - params[P_INFO_LO]) / (params[P_INFO_HI] - params[P_INFO_LO]), 0.0), 1.0)
            # a name that explains half the listed words or less leans on the listed side below 0.5
            floor = params[P_LEAN_MIN] if 2 * covered <= nc else 0.5
            lean = floor + (params[P_LENIENCY] - floor) * share
        else:
            lean = params[P_ORG_LEAN]
    left = usedq != (1 << nq) - 1
    if person and nc == 1 and left:
        lean = 0.0  # a one-word listed name ("Adel") explains nothing of the declared words beside it
    score = lean * hi + (1.0 - lean) * lo_
    if (core_missing or (person and nc == 1)) and left:
        # a word of each name left without a partner, where the listed one is no middle name: "Mohammad
        # Dehghan" is not "DEHGHAN, Hossein" however common the given names are, nor "Northstar
        # International" "NORTHSTAR TRADING", however generic the words
        score -= params[P_DISAGREE]
    elif nc == 1 and left and _word_left(mq, qoff, q0, nq):
        # nor is "Solar International" "SOLMAR", or "Sunrise International" the vessel "SUNRISE": a listed
        # company, vessel or aircraft of one word explains nothing of the declared words beside it
        score -= params[P_DISAGREE]
    if person and lead_missing:
        score -= params[P_LEAD_FAMILY]  # "Maria Garcia" for "GAXIOLA GARCIA, Maria Elena"
    return score, sq, sc, merged, exact


@_helper
def _qualify(score, exact, qi, ni, q_country, q_looks, q_legal, name_entity, ent_type, ent_cptr, ent_cc, name_legal,
             name_lowq, params):
    e = name_entity[ni]
    why = 0
    c = q_country[qi]
    if c >= 0 and ent_cptr[e + 1] > ent_cptr[e]:
        agree = False
        for k in range(ent_cptr[e], ent_cptr[e + 1]):
            if ent_cc[k] == c:
                agree = True
        if agree:
            score += params[P_COUNTRY_BONUS]
            why |= WHY_COUNTRY_AGREES
        else:
            # context is evidence, not a filter: a full name spelt exactly as listed stays a hit
            score -= params[P_COUNTRY_MISMATCH]
            if exact:
                score = max(score, params[P_THRESHOLD])
            why |= WHY_COUNTRY_DIFFERS
    looks = q_looks[qi]
    if looks == LOOKS_ORG and ent_type[e] != ORGANISATION:  # a company's name against a listed person, vessel or aircraft
        score -= params[P_TYPE_PENALTY]
        why |= WHY_TYPE_CONFLICT
    elif looks == LOOKS_PERSON and ent_type[e] != PERSON and not exact:
        score -= params[P_PERSON_PENALTY]     # "Juan Grajales" against "GRAJALES S.A."
        why |= WHY_PERSON_CONFLICT
    if q_legal[qi] != 0 and name_legal[ni] != 0:
        if (q_legal[qi] & name_legal[ni]) != 0:
            why |= WHY_LEGAL_AGREES
        else:
            score -= params[P_LEGAL_MISMATCH]
            why |= WHY_LEGAL_DIFFERS
    if name_lowq[ni]:
        why |= WHY_LOW_QUALITY
    return min(score, 1.0), why


@_helper
def _first_at_least(a, lo, hi, value):
    # binary search: the first p in [lo, hi) with a[p] >= value
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@_helper
def _scan(la, grams, gram_ptr, gram_tok, gram_len, counts, touched, nt):
    # postings of a trigram are sorted by token length: only tokens of similar length are counted
    lmin = la - 1 - la // 4
    lmax = la + 1 + la // 4
    for g in range(la):
        gid = grams[g]
        p1 = gram_ptr[gid + 1]
        p = _first_at_least(gram_len, gram_ptr[gid], p1, lmin)
        while p < p1 and gram_len[p] <= lmax:
            v = gram_tok[p]
            if counts[v] == 0:
                touched[nt] = v
                nt += 1
            counts[v] += 1
            p += 1
    return nt


SWAP_SCAN_MIN, SWAP_SCAN_MAX = 4, 5


@_helper
def _letter(x, x0, i, swap):
    # letter i of the word with letters swap and swap + 1 exchanged (swap -1: as it is)
    if swap < 0:
        return x[x0 + i]
    if i == swap:
        return x[x0 + i + 1]
    if i == swap + 1:
        return x[x0 + i - 1]
    return x[x0 + i]


@_helper
def _grams(x, x0, la, swap, grams):
    for g in range(la):  # trigrams over "^" + token + "$"
        c0 = 36 if g == 0 else _code(_letter(x, x0, g - 1, swap))
        c2 = 37 if g + 1 >= la else _code(_letter(x, x0, g + 1, swap))
        grams[g] = (c0 * GRAM_BASE + _code(_letter(x, x0, g, swap))) * GRAM_BASE + c2


@_helper
def _rescued(shared, x, x0, la, akey, vchars, voff, vkey, v, lv, params):
    # too few trigrams shared, yet a pair the scoring forgives: other vowels on the same consonants, or a
    # swap in a five-letter token (a slip leaves at least la - 4 trigrams, a swap up front three of five)
    if _same_consonants(akey, vkey[v]):
        return True
    return shared >= la - 4 and _is_slip(x, x0, la, vchars, voff[v], lv, params)


@_helper
def _similar(x, x0, la, akey, with_joined, vchars, voff, vkey, gram_ptr, gram_tok, gram_len, jgram_ptr, jgram_tok,
             jgram_len, counts, touched, grams, pm, params, out_v, out_st, stats):
    """Vocabulary tokens close to x[x0:x0+la]: shared trigrams first, then JW; returns how many went to
    out_v/out_st."""
    _grams(x, x0, la, -1, grams)
    stats[0] += 1
    nt = _scan(la, grams, gram_ptr, gram_tok, gram_len, counts, touched, 0)
    if with_joined:  # retrieval-only joined pairs: is this one token written for two?
        nt = _scan(la, grams, jgram_ptr, jgram_tok, jgram_len, counts, touched, nt)
    # a single typo leaves len-3 trigrams shared (4-letter tokens: one)
    need = 1 if la <= 4 else max(2, la - 3 - la // 4)
    n = 0
    for k in range(nt):
        v = touched[k]
        lv = voff[v + 1] - voff[v]
        if counts[v] < min(need, lv - 2) and not _rescued(counts[v], x, x0, la, akey, vchars, voff, vkey, v, lv,
                                                            params):
            counts[v] = 0   # out, unless a swapped-back form below brings it in
            continue
        n = _keep(x, x0, la, akey, vchars, voff, vkey, v, lv, pm, params, out_v, out_st, n, stats)
    seen = nt
    if SWAP_SCAN_MIN <= la <= SWAP_SCAN_MAX:
        # two inner letters swapped in a word this short leave fewer trigrams shared than `need`, or none
        # ("iarn" / "iran"): the word with such a pair swapped back is searched too (a swap at either end
        # keeps enough; what the first search kept is not looked at again)
        for swap in range(1, la - 2):
            _grams(x, x0, la, swap, grams)
            nt = _scan(la, grams, gram_ptr, gram_tok, gram_len, counts, touched, nt)
        for k in range(seen, nt):
            v = touched[k]
            lv = voff[v + 1] - voff[v]
            if counts[v] >= min(need, lv - 2):     # trigrams shared with a swapped-back form
                n = _keep(x, x0, la, akey, vchars, voff, vkey, v, lv, pm, params, out_v, out_st, n, stats)
    for k in range(nt):
        counts[touched[k]] = 0
    stats[1] += nt
    return n


@_helper
def _keep(x, x0, la, akey, vchars, voff, vkey, v, lv, pm, params, out_v, out_st, n, stats):
    """Vocabulary token v into out_v/out_st at n if it is strong enough; returns the new count."""
    stats[2] += 1
    s = _jw(x, x0, la, vchars, voff[v], lv, pm)
    if _same_consonants(akey, vkey[v]) and s < params[P_CONS_SIM]:
        s = params[P_CONS_SIM]
    st = _strength(s, la, lv, params[P_LO], params[P_LO_SHORT], params[P_TYPO_SCALE]) \
        if s >= params[P_CAND_FLOOR] else 0.0
    st = _slip_strength(st, x, x0, la, vchars, voff[v], lv, params)
    if st > 0.0:
        out_v[n] = v
        out_st[n] = st
        n += 1
    return n


@_helper
def _initials_seen(qoff, qw, qfirst, q0, nq, vw, vfirst, ntok, n0, nc, init_letters, seen_q, seen_c):
    """The covers seen in retrieval plus what declared initials may add: an initial can only stand for a
    listed word of its letter, so it counts on the declared side where the name has one, and each such
    listed word counts in full on the listed side."""
    letters = 0
    for j in range(nc):
        v = ntok[n0 + j]
        letters |= vfirst[v]
        if vfirst[v] & init_letters:
            seen_c += vw[v]
    for i in range(nq):
        t = q0 + i
        if qoff[t + 1] - qoff[t] == 1 and qfirst[t] & letters:
            seen_q += qw[t]
    return seen_q, seen_c


@_helper
def _accumulate(qi, src, wq, r, nb_ptr, nb_v, nb_st, vw, post_ptr, post_name, acc, cand, ncand, stats):
    """Every name holding a token of neighbour row r gets the query token's (and its own token's)
    weighted strength. A query token aligns with one listed token at most, so a name holding several
    of its neighbours gets the best of them on the declared side, not their sum (src: which query
    token or pair this row is for).

    acc[n] is (mark, declared cover, listed cover, best): mark says which query and which of its
    tokens `best` belongs to (marks only grow, so one below the query's first is left from an earlier
    query). One row per name keeps a posting to one cache line."""
    first = qi * 2 * MAX_TOKENS
    mark = first + src
    for k in range(nb_ptr[r], nb_ptr[r + 1]):
        v = nb_v[k]
        st = nb_st[k]
        cq = wq * st
        cc = vw[v] * st
        stats[3] += post_ptr[v + 1] - post_ptr[v]
        for p in range(post_ptr[v], post_ptr[v + 1]):
            n = post_name[p]
            seen = acc[n, 0]
            if seen < first:
                acc[n, 0] = mark
                acc[n, 1] = cq
                acc[n, 2] = cc
                acc[n, 3] = cq
                cand[ncand] = n
                ncand += 1
            elif seen != mark:
                acc[n, 0] = mark
                acc[n, 1] += cq
                acc[n, 2] += cc
                acc[n, 3] = cq
            else:
                if cq > acc[n, 3]:
                    acc[n, 1] += cq - acc[n, 3]
                    acc[n, 3] = cq
                acc[n, 2] += cc
    return ncand


@njit(cache=True, nogil=True)
def neighbour_rows(tchars, toff, tkey, tjoin, vchars, voff, vkey, gram_ptr, gram_tok, gram_len, jgram_ptr,
                   jgram_tok, jgram_len, params, stats):
    """For each token tchars[toff[t]:toff[t+1]], the similar vocabulary tokens and their strength (CSR).

    Run over the list tokens when the matcher is built and over each declared token (or adjacent pair)
    the lists do not hold the first time it is seen, so `match_batch` never searches the trigram index.
    tkey: consonant key (-1: none); tjoin: also search the joined pairs ("abubakr" for "abu bakr").
    """
    nv = voff.shape[0] - 1
    count = toff.shape[0] - 1
    counts = np.zeros(nv, np.uint8)    # trigrams shared, at most MAX_TOKEN_LEN: a byte keeps it in cache
    touched = np.empty(2 * nv, np.int32)   # a token left out by the first search may be touched again
    grams = np.zeros(2 * MAX_TOKEN_LEN + 2, np.int64)
    pm = np.zeros(256, np.int64)
    out_v = np.empty(nv, np.int32)
    out_st = np.empty(nv, np.float64)
    ptr = np.zeros(count + 1, np.int64)
    cap = 16 * count + 16
    nb_v = np.empty(cap, np.int32)
    nb_st = np.empty(cap, np.float64)
    total = 0
    for t in range(count):
        n = _similar(tchars, toff[t], toff[t + 1] - toff[t], tkey[t], tjoin[t], vchars, voff, vkey, gram_ptr,
                     gram_tok, gram_len, jgram_ptr, jgram_tok, jgram_len, counts, touched, grams, pm, params, out_v,
                     out_st, stats)
        while total + n > cap:
            cap *= 2
            nb_v = _grow_i(nb_v, cap)
            nb_st = _grow_f(nb_st, cap)
        nb_v[total: total + n] = out_v[:n]
        nb_st[total: total + n] = out_st[:n]
        total += n
        ptr[t + 1] = total
    return ptr, nb_v[:total].copy(), nb_st[:total].copy()


@njit(cache=True, nogil=True)
def match_batch(qc, qoff, qw, qkey, qfirst, qvid, qrow, qpair, qtptr, q_country, q_looks, q_legal, q_ok,
                vchars, voff, vw, vkey, vfirst, nb_ptr, nb_v, nb_st, post_ptr, post_name,
                name_tptr, name_tok, name_core, name_tw, name_tw_mid, name_entity, name_legal, name_lowq,
                init_mask, init_w, join_w, ent_type, ent_cptr, ent_cc, params, stats):
    """Score every query name against the index.

    Query i has tokens qtptr[i]..qtptr[i+1] (bytes qc[qoff[t]:qoff[t+1]], weight qw[t]); qrow[t] is the
    token's row of similar vocabulary tokens (nb_ptr/nb_v/nb_st, see `neighbour_rows`), qpair[t] the row
    of tokens t and t+1 written together, or -1 where that pair is not searched.
    Returns (query, name, score, sq, sc, why) arrays, best name per entity, score >= threshold.
    """
    nn = name_tptr.shape[0] - 1
    n_ent = ent_type.shape[0]
    acc = np.full((nn, 4), -1.0, np.float64)   # see _accumulate
    cand = np.empty(nn, np.int32)
    ent_best = np.full(n_ent, -1, np.int64)
    ent_slot = np.zeros(n_ent, np.int64)
    pm = np.zeros(256, np.int64)
    buf = np.zeros(2 * MAX_TOKEN_LEN + 2, np.uint8)
    scratch = np.zeros((MAX_TOKENS, MAX_TOKENS), np.float64)
    cap_e = 3 * MAX_TOKENS * MAX_TOKENS
    es = np.zeros(cap_e, np.float64)
    ej = np.zeros(cap_e, np.float64)
    eq = np.zeros(cap_e, np.int64)
    ec = np.zeros(cap_e, np.int64)
    mq = np.zeros(MAX_TOKENS, np.int64)
    mc = np.zeros(MAX_TOKENS, np.int64)
    rowmax = np.zeros(MAX_TOKENS, np.float64)
    colmax = np.zeros(MAX_TOKENS, np.float64)
    memo = np.empty((voff.shape[0] - 1, MAX_TOKENS), np.float64)
    memo_jw = np.empty((voff.shape[0] - 1, MAX_TOKENS), np.float64)
    memo_stamp = np.full(voff.shape[0] - 1, -1, np.int64)
    cap = 1024
    r_q = np.empty(cap, np.int32)
    r_n = np.empty(cap, np.int32)
    r_s = np.empty(cap, np.float64)
    r_sq = np.empty(cap, np.float64)
    r_sc = np.empty(cap, np.float64)
    r_why = np.empty(cap, np.int32)
    nr = 0
    threshold = params[P_THRESHOLD]
    lowq_threshold = max(params[P_LOWQ_THRESHOLD], threshold)
    lean = params[P_LENIENCY]
    bound = threshold - params[P_SLACK]
    # the listed weight a cover is taken of is at least name_tw - keep_mid * name_tw_mid (a person's middle
    # names count at `drop` of theirs, anyone else's in full)
    keep_mid = 1.0 - min(params[P_MIDDLE], params[P_PATRONYMIC])
    convex = 0.0 <= lean <= 1.0 and params[P_ORG_LEAN] <= 1.0 and 0.0 <= keep_mid <= 1.0
    for qi in range(qtptr.shape[0] - 1):
        if not q_ok[qi]:
            continue
        q0 = qtptr[qi]
        nq = min(qtptr[qi + 1] - q0, MAX_TOKENS)
        total_w = 0.0
        initials = 0.0   # initials are not retrieved: the bound takes them as matched where they can be
        init_letters = 0
        loose = False    # a one-character token that is no letter ("5"): the bound takes it as matched
        for i in range(nq):
            total_w += qw[q0 + i]
            if qoff[q0 + i + 1] - qoff[q0 + i] == 1:
                initials += qw[q0 + i]
                init_letters |= qfirst[q0 + i]
                loose = loose or qfirst[q0 + i] == 0
        ncand = 0
        bound_q = bound - (params[P_COUNTRY_BONUS] if q_country[qi] >= 0 else 0.0)
        for i in range(nq):
            ncand = _accumulate(qi, i, qw[q0 + i], qrow[q0 + i], nb_ptr, nb_v, nb_st, vw, post_ptr, post_name,
                                acc, cand, ncand, stats)
            if qpair[q0 + i] >= 0 and i + 1 < nq:
                ncand = _accumulate(qi, MAX_TOKENS + i, qw[q0 + i] + qw[q0 + i + 1], qpair[q0 + i], nb_ptr, nb_v,
                                    nb_st, vw, post_ptr, post_name, acc, cand, ncand, stats)
        # the bound below mixes the two covers with a weight in 0..1, so it is at most the larger one: a name
        # under bound_q on both is out before the leniency's arithmetic (the margin outweighs rounding)
        q_cut = (bound_q - 1e-6) * total_w if convex else -1.0
        c_cut = bound_q - 1e-6 if convex and not loose else -1.0
        for k in range(ncand):
            n = cand[k]
            n0 = name_tptr[n]
            nc = min(name_tptr[n + 1] - n0, MAX_TOKENS)
            seen_q = acc[n, 1]
            seen_c = acc[n, 2] + join_w[n]
            if loose:
                seen_q += initials
            elif init_letters != 0:
                seen_q, seen_c = _initials_seen(qoff, qw, qfirst, q0, nq, vw, vfirst, name_tok, n0, nc,
                                                init_letters, seen_q, seen_c)
            # a listed initial may stand for a declared word of its letter ("TUFAIL, S.M." / "TFAIL SHM."),
            # which retrieval does not see: such words count as matched at an initial's strength
            if init_mask[n] != 0:
                for i in range(nq):
                    if qfirst[q0 + i] & init_mask[n] and qoff[q0 + i + 1] - qoff[q0 + i] > 1:
                        seen_q += params[P_INITIAL] * qw[q0 + i]
                seen_c += init_w[n]
            if seen_q < q_cut and seen_c < c_cut * (name_tw[n] - keep_mid * name_tw_mid[n]):
                continue
            # upper bound of the score from the partial covers seen during retrieval
            sq_ub = min(seen_q / total_w, 1.0)
            person = ent_type[name_entity[n]] == PERSON
            tw = name_tw[n] - keep_mid * name_tw_mid[n] if person else name_tw[n]
            sc_ub = 1.0 if loose else min(seen_c / tw, 1.0)
            # and of the leniency _align can grant: it grows with the matched declared weight
            if person:
                share = min(max((seen_q - params[P_INFO_LO]) / (params[P_INFO_HI] - params[P_INFO_LO]), 0.0), 1.0)
                lean_ub = 0.5 + (lean - 0.5) * share
            else:
                lean_ub = max(0.5, params[P_ORG_LEAN])
            if lean_ub * max(sq_ub, sc_ub) + (1.0 - lean_ub) * min(sq_ub, sc_ub) < bound_q:
                continue
            stats[4] += 1
            ne = _single_edges(qc, qoff, qw, qkey, qfirst, qvid, q0, nq, vchars, voff, vw, vkey, vfirst, name_tok, n0,
                               nc, params,
                               scratch,
                               pm, es, ej, eq, ec, rowmax, colmax, qi, memo, memo_jw, memo_stamp, stats)
            ne = _merged_edges(qc, qoff, qfirst, q0, nq, vchars, voff, vfirst, name_tok, n0, nc, params, scratch, pm,
                               buf, es, ej, eq, ec, ne, rowmax, colmax, stats)
            score, sq, sc, merged, exact = _align(qw, q0, nq, qoff, vw, voff, name_tok, name_core, n0, nc, person,
                                                  initials > 0.0 or _has_initial(voff, name_tok, n0, nc), params,
                                                  es, ej, eq, ec, ne, mq, mc)
            score, why = _qualify(score, exact, qi, n, q_country, q_looks, q_legal, name_entity, ent_type, ent_cptr, ent_cc,
                                  name_legal, name_lowq, params)
            if merged:
                why |= WHY_MERGED
            if score < (lowq_threshold if name_lowq[n] else threshold):
                continue
            e = name_entity[n]
            if ent_best[e] == qi:
                slot = ent_slot[e]
                if score > r_s[slot]:
                    r_n[slot] = n
                    r_s[slot] = score
                    r_sq[slot] = sq
                    r_sc[slot] = sc
                    r_why[slot] = why
                continue
            if nr == cap:
                cap *= 2
                r_q = _grow_i(r_q, cap)
                r_n = _grow_i(r_n, cap)
                r_s = _grow_f(r_s, cap)
                r_sq = _grow_f(r_sq, cap)
                r_sc = _grow_f(r_sc, cap)
                r_why = _grow_i(r_why, cap)
            ent_best[e] = qi
            ent_slot[e] = nr
            r_q[nr] = qi
            r_n[nr] = n
            r_s[nr] = score
            r_sq[nr] = sq
            r_sc[nr] = sc
            r_why[nr] = why
            nr += 1
    return r_q[:nr], r_n[:nr], r_s[:nr], r_sq[:nr], r_sc[:nr], r_why[:nr]


@njit(cache=True, nogil=True)
def _code(ch):
    if ch >= 97:
        return ch - 97        # a-z
    return ch - 48 + 26       # 0-9


@njit(cache=True, nogil=True)
def _grow_i(a, cap):
    out = np.empty(cap, a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True, nogil=True)
def _grow_f(a, cap):
    out = np.empty(cap, a.dtype)
    out[: a.shape[0]] = a
    return out
