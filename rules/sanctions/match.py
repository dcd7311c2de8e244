"""Batch name matching: normalise a batch of names in Python, score it in one kernel call."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import msgspec
import numpy as np

from rules.sanctions import kernels as K
from rules.sanctions.index import NameIndex, country_int, legal_mask
from rules.sanctions.model import Entity, ListName
from rules.sanctions.normalize import NormalizedName, consonant_key, is_screenable, normalize_name

ALGORITHM = "jw-align-1"


class Params(msgspec.Struct, frozen=True):
    """Matcher settings; every value is part of the rule version a hit carries."""

    # chosen on the evaluation set (bench names --eval): recall >= 0.95 at <= 0.5 % false alarms
    threshold: float = 0.86
    # token JW at or below this counts as no match; the part above it scales to 0..1
    token_floor: float = 0.75
    token_floor_short: float = 0.85    # 3-letter tokens: "kim"/"kin" is not a match
    leniency: float = 0.75             # weight of the better-covered side once >= 2 tokens agree
    prune: float = 0.45                # share of the query weight a name must reach to be scored
    candidate_floor: float = 0.75      # vocabulary tokens below this JW do not lead to candidates
    country_bonus: float = 0.03
    country_mismatch: float = 0.0
    type_penalty: float = 0.10         # organisation-looking party vs a listed person
    legal_mismatch: float = 0.02
    low_quality_threshold: float = 0.97  # weak aliases need a near-exact match
    max_per_name: int = 10
    slack: float = 0.02                # margin on the retrieval bound (merged tokens are not in it)
    consonant_sim: float = 0.93        # JW granted to tokens with the same consonant key
    typo_scale: float = 2.0            # strength = 1 - scale * (1 - JW) above the floor

    def vector(self) -> np.ndarray:
        v = np.zeros(K.N_PARAMS, np.float64)
        v[K.P_THRESHOLD] = self.threshold
        v[K.P_LO] = self.token_floor
        v[K.P_LO_SHORT] = self.token_floor_short
        v[K.P_LENIENCY] = self.leniency
        v[K.P_PRUNE] = self.prune
        v[K.P_CAND_FLOOR] = self.candidate_floor
        v[K.P_COUNTRY_BONUS] = self.country_bonus
        v[K.P_COUNTRY_MISMATCH] = self.country_mismatch
        v[K.P_TYPE_PENALTY] = self.type_penalty
        v[K.P_LEGAL_MISMATCH] = self.legal_mismatch
        v[K.P_LOWQ_THRESHOLD] = self.low_quality_threshold
        v[K.P_MAX_PER_QUERY] = self.max_per_name
        v[K.P_SLACK] = self.slack
        v[K.P_CONS_SIM] = self.consonant_sim
        v[K.P_TYPO_SCALE] = self.typo_scale
        return v

    @property
    def version(self) -> str:
        digest = hashlib.sha256(msgspec.json.encode(self)).hexdigest()[:8]
        return f"{ALGORITHM}@{self.threshold:.2f}+{digest}"


class Match(msgspec.Struct, frozen=True):
    query: int                 # position of the name in the batch
    entity: Entity
    name: ListName             # the list name (primary or alias) that matched
    score: float
    query_cover: float         # weighted share of the declared name's tokens matched
    list_cover: float          # weighted share of the listed name's tokens matched
    flags: int

    @property
    def why(self) -> str:
        return explain(self)


def explain(m: Match) -> str:
    kind = "alias" if m.name.kind != "primary" else "listed name"
    parts = [f"{m.query_cover:.0%} of the declared name and {m.list_cover:.0%} of the {kind} match"]
    notes = {
        K.WHY_COUNTRY_AGREES: "country agrees", K.WHY_COUNTRY_DIFFERS: "country differs",
        K.WHY_TYPE_CONFLICT: "company name against a listed person",
        K.WHY_LEGAL_AGREES: "legal form agrees", K.WHY_LEGAL_DIFFERS: "legal form differs",
        K.WHY_LOW_QUALITY: "weak alias", K.WHY_MERGED: "tokens written together",
    }
    parts += [text for bit, text in notes.items() if m.flags & bit]
    return "; ".join(parts)


@lru_cache(maxsize=65536)
def _normalized(text: str) -> NormalizedName:
    return normalize_name(text)


class Matcher:
    """A frozen index plus settings; `match` scores a batch of names in one kernel call."""

    def __init__(self, index: NameIndex, params: Params | None = None) -> None:
        self.index = index
        self.params = params or Params()
        self._vector = self.params.vector()
        a = index.arrays
        self._nb = K.neighbours(index.n_real, a["vchars"], a["voff"], a["vkey"], a["gram_ptr"], a["gram_tok"],
                                a["gram_len"], a["jgram_ptr"], a["jgram_tok"], a["jgram_len"], self._vector)
        self._tokens: dict[str, tuple[bytes, float, bool, int, int]] = {}
        # kernel work counters: token searches, vocabulary tokens touched, JW in retrieval,
        # postings visited, names fully scored
        self.stats = np.zeros(8, np.int64)

    @property
    def version(self) -> str:
        return self.params.version

    def _token_info(self, tok: str) -> tuple[bytes, float, bool, int, int]:
        """(bytes, weight, known and common, consonant key) of a query token, memoised."""
        tok = tok[:K.MAX_TOKEN_LEN]
        w, known = self.index.weight(tok)
        info = (tok.encode(), w, known and w < self.index.rare_weight, consonant_key(tok), self.index.token_id(tok))
        if len(self._tokens) < 500_000:
            self._tokens[tok] = info
        return info

    def _encode(self, names: Sequence[str], countries: Sequence[str | None] | None,
                ) -> tuple[np.ndarray, ...]:
        ix = self.index
        chunks: list[bytes] = []
        lens: list[int] = []
        weights: list[float] = []
        keys: list[int] = []
        known: list[bool] = []
        vids: list[int] = []
        tptr = [0]
        ok = np.zeros(len(names), np.bool_)
        org = np.zeros(len(names), np.bool_)
        legal = np.zeros(len(names), np.int64)
        for q, text in enumerate(names):
            norm = _normalized(text or "")
            if is_screenable(norm):
                ok[q] = True
                org[q] = norm.org_hint
                legal[q] = legal_mask(norm.legal_forms)
                for tok in norm.skeletons[:K.MAX_TOKENS]:
                    info = self._tokens.get(tok)
                    if info is None:
                        info = self._token_info(tok)
                    chunks.append(info[0])
                    lens.append(len(info[0]))
                    weights.append(info[1])
                    known.append(info[2])
                    keys.append(info[3])
                    vids.append(info[4])
            tptr.append(len(lens))
        qoff = np.zeros(len(lens) + 1, np.int64)
        qoff[1:] = np.cumsum(lens)
        qc = np.frombuffer(b"".join(chunks), np.uint8).copy() if chunks else np.zeros(0, np.uint8)
        cc = np.array([country_int(c) for c in countries] if countries is not None else [-1] * len(names),
                      np.int32)
        return (qc, qoff, np.array(weights, np.float64), np.array(keys, np.int64), np.array(known, np.bool_),
                np.array(vids, np.int64), np.array(tptr, np.int64), cc, org, legal, ok)

    def match(self, names: Sequence[str], countries: Sequence[str | None] | None = None) -> list[list[Match]]:
        """Matches per name, best first, at most `max_per_name`, all at or above the threshold."""
        out: list[list[Match]] = [[] for _ in names]
        if not names:
            return out
        a = self.index.arrays
        r_q, r_n, r_s, r_sq, r_sc, r_why = K.match_batch(
            *self._encode(names, countries),
            a["vchars"], a["voff"], a["vw"], a["vkey"], a["gram_ptr"], a["gram_tok"], a["gram_len"],
            a["jgram_ptr"], a["jgram_tok"], a["jgram_len"], self._nb[0], self._nb[1], self._nb[2], a["post_ptr"], a["post_name"],
            a["name_tptr"], a["name_tok"], a["name_tw"], a["name_entity"], a["name_legal"], a["name_lowq"],
            a["ent_type"], a["ent_cptr"], a["ent_cc"], self._vector, self.stats)
        entries = self.index.names
        for q, n, s, sq, sc, why in zip(r_q.tolist(), r_n.tolist(), r_s.tolist(), r_sq.tolist(), r_sc.tolist(),
                                        r_why.tolist()):
            e_idx, list_name, _ = entries[n]
            out[q].append(Match(q, self.index.entities[e_idx], list_name, round(s, 6), sq, sc, why))
        for row in out:
            row.sort(key=lambda m: (-m.score, m.entity.entity_id))
            del row[self.params.max_per_name:]
        return out
