"""Rows of similar vocabulary tokens: the retrieval side of the matcher.

Row t < n_real belongs to list token t and is filled when the matcher is built. A declared token
the lists do not hold, or two adjacent declared tokens read as one, gets a row the first time it
is seen; every later name carrying it reuses that row, so the trigram search and its Jaro-Winkler
calls run once per distinct token rather than once per name (declared names repeat their words).
"""

from __future__ import annotations

import numpy as np

from rules.sanctions import kernels as K
from rules.sanctions.index import NameIndex

JOIN_MIN_LEN = 5   # shorter tokens are not searched among the joined pairs (as at index build)


class NeighbourTable:
    """A growable CSR (ptr, token, strength); rows are added in batches by `fill`."""

    def __init__(self, index: NameIndex, params: np.ndarray, stats: np.ndarray) -> None:
        self._index = index
        self._params = params
        self._stats = stats
        a = index.arrays
        n = index.n_real
        toff = a["voff"][: n + 1]
        self._base = self._search(a["vchars"][: toff[-1]], toff, a["vkey"][:n], np.diff(toff) >= JOIN_MIN_LEN)
        self.reset()

    @property
    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ptr, token, strength) as `match_batch` reads them; the arrays may be longer than used."""
        return self._ptr, self._v, self._st

    @property
    def added(self) -> int:
        """Rows added for declared tokens and pairs since the last reset."""
        return self._rows - self._index.n_real

    def reset(self) -> None:
        """Forget the rows of declared tokens (their row numbers become invalid)."""
        ptr, v, st = self._base
        self._ptr, self._v, self._st = ptr.copy(), v.copy(), st.copy()
        self._rows = self._index.n_real
        # three lists rather than one of triples: zip(*triples) holds an iterator per triple, and a
        # garbage collection that finds thousands of them alive promotes them all to the oldest generation
        self._tokens: list[bytes] = []
        self._keys: list[int] = []
        self._joined: list[bool] = []

    def add(self, token: bytes, key: int, joined: bool) -> int:
        """The row that holds `token`'s neighbours once `fill` has run."""
        self._tokens.append(token)
        self._keys.append(key)
        self._joined.append(joined)
        return self._rows + len(self._tokens) - 1

    def fill(self) -> None:
        """Search the trigram index for every token added since the last fill, in one kernel call."""
        if not self._tokens:
            return
        toff = np.zeros(len(self._tokens) + 1, np.int64)
        np.cumsum([len(t) for t in self._tokens], out=toff[1:])
        ptr, v, st = self._search(np.frombuffer(b"".join(self._tokens), np.uint8).copy(), toff,
                                  np.array(self._keys, np.int64), np.array(self._joined, np.bool_))
        self._tokens, self._keys, self._joined = [], [], []
        self._append(ptr, v, st)

    def _search(self, tchars: np.ndarray, toff: np.ndarray, tkey: np.ndarray,
                tjoin: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a = self._index.arrays
        return K.neighbour_rows(tchars, toff, tkey, tjoin, a["vchars"], a["voff"], a["vkey"], a["gram_ptr"],
                                a["gram_tok"], a["gram_len"], a["jgram_ptr"], a["jgram_tok"], a["jgram_len"],
                                self._params, self._stats)

    def _append(self, ptr: np.ndarray, v: np.ndarray, st: np.ndarray) -> None:
        # capacity doubles, so a stream of small batches costs amortised O(added), not O(table) per batch
        used = int(self._ptr[self._rows])
        rows = self._rows + len(ptr) - 1
        self._ptr = _fit(self._ptr, rows + 1)
        self._v = _fit(self._v, used + len(v))
        self._st = _fit(self._st, used + len(st))
        self._ptr[self._rows + 1: rows + 1] = ptr[1:] + used
        self._v[used: used + len(v)] = v
        self._st[used: used + len(st)] = st
        self._rows = rows


def _fit(a: np.ndarray, size: int) -> np.ndarray:
    if size <= len(a):
        return a
    out = np.empty(max(size, 2 * len(a)), a.dtype)
    out[: len(a)] = a
    return out
