"""Batch name matching: normalise a batch of names in Python, score it in one kernel call."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import islice

import msgspec
import numpy as np

from rules.sanctions import common_tokens
from rules.sanctions import kernels as K
from rules.sanctions.index import (NOT_COMPANIES, NameIndex, country_int, first_letter_bit, legal_mask,
                                  skeleton_first_letters)
from rules.sanctions.legal_forms import FORM_WORDS
from rules.sanctions.model import Entity, ListName
from rules.sanctions.neighbours import JOIN_MIN_LEN, NeighbourTable
from rules.sanctions.normalize import (consonant_key, declared_words, everyday_skeletons, initials_reading,
                                      person_reading, screenable_words, skeleton, spelling_of)

ALGORITHM = "jw-align-7"


class Params(msgspec.Struct, frozen=True):
    """Matcher settings; every value is part of the rule version a hit carries."""

    # the lowest threshold that keeps false alarms at or below 0.25 % on the evaluation set's negatives,
    # hard ones included (bench names --eval, seed 2024: 0.24 % at recall 0.973; seed 7: 0.30 % at 0.971)
    threshold: float = 0.84
    # token JW at or below this counts as no match; the part above it scales to 0..1
    token_floor: float = 0.75
    token_floor_short: float = 0.85    # 3-letter tokens: "kim"/"kin" is not a match
    leniency: float = 0.75             # weight of the better-covered side once >= 2 tokens agree
    prune: float = 0.45                # share of the query weight a name must reach to be scored
    candidate_floor: float = 0.75      # vocabulary tokens below this JW do not lead to candidates
    country_bonus: float = 0.03
    country_mismatch: float = 0.04
    type_penalty: float = 0.10         # organisation-looking party vs a listed person, vessel or aircraft
    legal_mismatch: float = 0.02
    low_quality_threshold: float = 0.97  # weak aliases need a near-exact match
    max_per_name: int = 10
    slack: float = 0.02                # margin on the retrieval bound (merged tokens are not in it)
    consonant_sim: float = 0.93        # JW granted to tokens with the same consonant key
    # strength = 1 - scale * (1 - JW) above the floor; common tokens pay more (common_w), so a gentle
    # scale forgives the typos of distinctive tokens without forgiving Chen / Chan
    typo_scale: float = 1.3
    # a slip (two letters swapped, one inner letter changed, dropped or added) in a token of at least
    # slip_min_len letters keeps a strength of 1 - slip_cost / length where both names align in full
    # ("SALH Ali Abd-Al-Amir Muhammad", "SETAD-E FARMAN-EJRAEI-YE EAM"): the shorter the word, the more
    # a slip makes another word of it
    slip_cost: float = 0.5
    slip_min_len: int = 3
    # strength of an initial against a name of that first letter, in full once the rest of what matched
    # weighs initial_info_hi (a rare family name), nothing at initial_info_lo or less (a common one)
    initial: float = 0.85
    initial_info_lo: float = 5.0
    initial_info_hi: float = 8.0
    # a near miss between tokens lighter than common_w loses up to 1 + common_w / common_scale
    # times what it falls short of equal (Chen / Chan are two everyday names)
    common_w: float = 8.0
    common_scale: float = 2.5
    middle: float = 0.5                # share of a listed person's middle name's weight when left out
    patronymic: float = 0.2            # the same for a patronymic, which Latin-script documents mostly omit
    # leniency grows from nothing to `leniency` as the matched declared weight goes from info_lo
    # to info_hi (about two common names to one rare name and a common one)
    info_lo: float = 8.0
    info_hi: float = 14.0
    lean_min: float = 0.3              # weight of the better-covered side when what matched is all common
    org_leniency: float = 0.6          # organisations: the words either side lacks count
    disagree: float = 0.06             # both names keep a word the other lacks (not a middle name)
    # a person-looking name against a listed organisation: milder than the reverse, as many listed
    # organisations bear a person's name ("KHALID IBN AL-WALID ARMY")
    person_penalty: float = 0.08
    prefixed: float = 0.6              # strength cap of a short token with one or two consonants more in front
    # typo_scale for two words read as one written apart: the space is one change already, so a join
    # that is not the word itself costs more ("Tara Black" is no "TARABAY", "Christian" no "Chris Tang")
    merge_scale: float = 2.0
    # the first of two family names left out ("Maria Garcia" for "GAXIOLA GARCIA, Maria Elena"): Spanish-
    # style names drop the second family name in daily use, seldom the first
    lead_family: float = 0.05
    # strength cap of two unequal everyday names (Maria / Mario, Martin / Marin, Chen / Choe): two names,
    # not one misspelt; a slip in every word of a name still counts (a typo where all else agrees)
    known_pair: float = 0.6

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
        v[K.P_SLIP_COST] = self.slip_cost
        v[K.P_SLIP_MIN_LEN] = self.slip_min_len
        v[K.P_INITIAL] = self.initial
        v[K.P_INITIAL_INFO_LO] = self.initial_info_lo
        v[K.P_INITIAL_INFO_HI] = self.initial_info_hi
        v[K.P_COMMON_W] = self.common_w
        v[K.P_COMMON_SCALE] = self.common_scale
        v[K.P_MIDDLE] = self.middle
        v[K.P_INFO_LO] = self.info_lo
        v[K.P_INFO_HI] = self.info_hi
        v[K.P_ORG_LEAN] = self.org_leniency
        v[K.P_LEAN_MIN] = self.lean_min
        v[K.P_PATRONYMIC] = self.patronymic
        v[K.P_DISAGREE] = self.disagree
        v[K.P_PERSON_PENALTY] = self.person_penalty
        v[K.P_PREFIXED] = self.prefixed
        v[K.P_MERGE_SCALE] = self.merge_scale
        v[K.P_LEAD_FAMILY] = self.lead_family
        v[K.P_KNOWN_PAIR] = self.known_pair
        return v

    @property
    def version(self) -> str:
        # the common-token table is part of the rule as much as any parameter
        digest = hashlib.sha256(msgspec.json.encode(self) + common_tokens.digest().encode()).hexdigest()[:8]
        return f"{ALGORITHM}@{self.threshold:.2f}+{digest}"


class Match(msgspec.Struct, frozen=True, gc=False):
    # gc=False: a match only points at list entries, never back; untracked, a batch's matches cost
    # the cyclic garbage collector nothing
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
        K.WHY_TYPE_CONFLICT: "company name against a listed person, vessel or aircraft",
        K.WHY_LEGAL_AGREES: "legal form agrees", K.WHY_LEGAL_DIFFERS: "legal form differs",
        K.WHY_LOW_QUALITY: "weak alias", K.WHY_MERGED: "tokens written together",
        K.WHY_PERSON_CONFLICT: "person's name against a listed organisation, vessel or aircraft",
    }
    parts += [text for bit, text in notes.items() if m.flags & bit]
    return "; ".join(parts)


Prepared = tuple[tuple[str, ...], int, int]     # skeletons, what the name looks like (K.LOOKS_*), legal forms


@lru_cache(maxsize=65536)
def _prepared(text: str) -> Prepared | None:
    """(skeletons, what it looks like, legal-form mask) of a name, None when it is not screenable."""
    words, forms, org_hint = declared_words(text)
    if not screenable_words(words):
        return None
    skeletons = tuple(map(skeleton, words[:K.MAX_TOKENS]))
    looks = K.LOOKS_ORG if org_hint else K.LOOKS_PERSON if _person_like(skeletons) else K.LOOKS_EITHER
    return skeletons, looks, legal_mask(forms) if forms else 0


def _person_like(skeletons: Sequence[str]) -> bool:
    everyday = everyday_skeletons()
    return len(skeletons) >= 2 and any(s in everyday for s in skeletons)


@lru_cache(maxsize=4096)
def _as_initials(text: str) -> Prepared | None:
    """The name read as a person's with initials, where its legal form could be them ("S.A. ZDRILIUK")."""
    words = initials_reading(text)
    if words is None:
        return None
    return tuple(map(skeleton, words[:K.MAX_TOKENS])), K.LOOKS_PERSON, 0


@lru_cache(maxsize=4096)
def _as_written(text: str) -> tuple[Prepared, frozenset[str]] | None:
    """The name with its legal-form words kept as name words, and those words."""
    reading = person_reading(text)
    if reading is None:
        return None
    words, taken = reading
    skeletons = tuple(map(skeleton, words[:K.MAX_TOKENS]))
    return (skeletons, K.LOOKS_PERSON if _person_like(skeletons) else K.LOOKS_EITHER, 0), frozenset(taken)


def _name_form_words(index: NameIndex) -> frozenset[str]:
    """The legal-form words that are words of a listed person's, vessel's or aircraft's name ("Se", "Pao")."""
    return frozenset(tok for e_idx, _, norm in index.names if index.entities[e_idx].type in NOT_COMPANIES
                     for tok in norm.tokens if tok in FORM_WORDS)


class _Slots(dict[str, int]):
    """skeleton -> slot, the missing ones made by `make` (a dict's own lookup, at C speed, for the rest)."""

    def __init__(self, make: Callable[[str], int]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, skel: str) -> int:
        slot = self[skel] = self._make(skel)
        return slot


class _Column:
    """A growable numpy column of one value per token slot (capacity doubles)."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = np.ascontiguousarray(values).copy()

    def put(self, slot: int, value: float | int) -> None:
        if slot >= len(self.values):
            self.values = np.concatenate([self.values, np.empty_like(self.values)])
        self.values[slot] = value


def _first_letters(index: NameIndex, tok: str) -> int:
    """Bitmask of first letters as written (the skeleton's may differ: "khodr" -> "hodr")."""
    return first_letter_bit(tok) if len(tok) == 1 else index.first_letters(tok) or skeleton_first_letters(tok)


class _TokenTable:
    """The declared tokens seen so far, one slot per skeleton, as the columns the kernel reads.

    A token's columns are a pure function of its skeleton (the same token scores the same whatever the
    batch and whatever came before), so each is worked out once; a batch then gathers its tokens' columns
    by slot with numpy rather than token by token in Python. The lists' own tokens take the first slots,
    their columns copied from the index at once: most declared words are list words."""

    def __init__(self, index: NameIndex, table: NeighbourTable) -> None:
        self._index = index
        self._table = table
        a = index.arrays
        n = index.n_real
        self.text: list[str] = list(islice(index.vocab, n))   # skeleton, cut to MAX_TOKEN_LEN
        # known to the lists and not rare: never half of a name written apart
        self.common: list[bool] = (a["vw"][:n] < index.rare_weight).tolist()
        self._chars = bytearray(a["vchars"][: a["voff"][n]].tobytes())
        self._start = _Column(a["voff"][:n])
        self._len = _Column(np.diff(a["voff"][: n + 1]))
        self._weight = _Column(a["vw"][:n])
        self._key = _Column(a["vkey"][:n])            # consonant key, -1 for none
        self._first = _Column(np.array([_first_letters(index, t) for t in self.text], np.int64))
        self._vid = _Column(np.arange(n, dtype=np.int64))  # vocabulary id, -1 when the lists do not hold it
        self._row = _Column(np.arange(n, dtype=np.int64))  # its row of similar vocabulary tokens
        self.slot = _Slots(self._add)
        self.forget()

    def forget(self) -> None:
        """Drop the declared tokens' slots (their neighbour rows are gone), keeping the lists' own."""
        n = self._index.n_real
        del self.text[n:]
        del self.common[n:]
        del self._chars[int(self._index.arrays["voff"][n]):]
        self.slot.clear()
        self.slot.update(zip(self.text, range(n)))

    def _add(self, skel: str) -> int:
        """A new slot; a token the lists do not hold gets its own neighbour row."""
        index = self._index
        tok = skel[:K.MAX_TOKEN_LEN]
        w, known = index.weight(tok)
        data = tok.encode()
        key = consonant_key(tok)
        vid = index.token_id(tok)
        slot = len(self.text)
        self.text.append(tok)
        self.common.append(known and w < index.rare_weight)
        self._start.put(slot, len(self._chars))
        self._len.put(slot, len(data))
        self._chars += data
        self._weight.put(slot, w)
        self._key.put(slot, key)
        self._first.put(slot, _first_letters(index, tok))
        self._vid.put(slot, vid)
        self._row.put(slot, vid if vid >= 0 else self._table.add(data, key, len(data) >= JOIN_MIN_LEN))
        return slot

    def gather(self, slots: list[int]) -> tuple[np.ndarray, ...]:
        """(bytes, offsets, weight, key, first letter, vid, row) arrays of a batch's tokens, by slot."""
        idx = np.array(slots, np.int64)
        lengths = self._len.values[idx]
        qoff = np.zeros(len(slots) + 1, np.int64)
        np.cumsum(lengths, out=qoff[1:])
        # byte k of the batch is byte (k - qoff[t]) of token t, which starts at start[t] in the table
        where = np.repeat(self._start.values[idx] - qoff[:-1], lengths) + np.arange(qoff[-1])
        chars = np.frombuffer(self._chars, np.uint8)[where]
        return (chars, qoff, self._weight.values[idx], self._key.values[idx], self._first.values[idx],
                self._vid.values[idx], self._row.values[idx])


_NO_PAIR = [-1]


def _mergeable(a: str, b: str) -> bool:
    return len(a) >= K.MERGE_PART and len(b) >= K.MERGE_PART and len(a) + len(b) >= K.MERGE_LEN


class Matcher:
    """A frozen index plus settings; `match` scores a batch of names in one kernel call."""

    # rows kept for declared tokens and pairs before they are all forgotten (a few hundred bytes each)
    MAX_ADDED_ROWS = 200_000

    def __init__(self, index: NameIndex, params: Params | None = None) -> None:
        self.index = index
        self.params = params or Params()
        self._vector = self.params.vector()
        # kernel work counters: token searches, vocabulary tokens touched, JW in retrieval,
        # postings visited, names fully scored, JW in scoring
        self.stats = np.zeros(8, np.int64)
        self._table = NeighbourTable(index, self._vector, self.stats)
        self._tokens = _TokenTable(index, self._table)
        self._pairs: dict[str, int] = {}
        self._form_names = _name_form_words(index)

    @property
    def version(self) -> str:
        return self.params.version

    def _pair_rows(self, row: list[int]) -> list[int]:
        """Per token, the row of it and the next written together, searched where either is uncommon
        ("khat tab" for "khattab"); -1 where not searched."""
        text = self._tokens.text
        common = self._tokens.common
        vocab = self.index.vocab
        n_real = self.index.n_real
        pairs = self._pairs
        out = []
        a = text[row[0]]
        a_common = common[row[0]]
        for y in row[1:]:
            b = text[y]
            b_common = common[y]
            # skeletons collapse doubled letters, so the join does too (as the kernel's _concat)
            joined = a + b[1:] if a[-1:] == b[:1] else a + b
            if len(joined) > K.MAX_TOKEN_LEN or not _mergeable(a, b):
                out.append(-1)      # scoring would never read the two as one
            elif a_common and b_common:
                # two everyday words are searched written together only where the lists hold the join
                # itself ("abu baker" / "abubaker"): a lookup, no neighbour search
                v = vocab.get(spelling_of(joined), n_real)     # "abd allah": "abdallah", read as "abdullah"
                out.append(v if v < n_real else -1)
            else:
                pair = pairs.get(joined)
                if pair is None:
                    pair = pairs[joined] = self._table.add(joined.encode(), -1, False)
                out.append(pair)
            a, a_common = b, b_common
        out.append(-1)
        return out

    def _forget_if_full(self) -> None:
        if self._table.added > self.MAX_ADDED_ROWS:
            self._table.reset()
            self._tokens.forget()
            self._pairs.clear()

    def _encode(self, prepared: Sequence[Prepared | None], countries: Sequence[str | None] | None,
                ) -> tuple[np.ndarray, ...]:
        self._forget_if_full()
        slots: list[int] = []
        pairs: list[int] = []
        tptr = [0]
        looks: list[int] = []
        legal: list[int] = []
        slot = self._tokens.slot
        for item in prepared:
            if item is None:
                looks.append(K.LOOKS_EITHER)
                legal.append(0)
            else:
                skeletons, kind, legal_forms = item
                looks.append(kind)
                legal.append(legal_forms)
                row = [slot[t] for t in skeletons]
                slots += row
                pairs += self._pair_rows(row) if len(row) > 1 else _NO_PAIR
            tptr.append(len(slots))
        self._table.fill()
        return (*self._tokens.gather(slots), np.array(pairs, np.int64), np.array(tptr, np.int64),
                _countries(countries, len(prepared)), np.array(looks, np.int8), np.array(legal, np.int64),
                np.array([item is not None for item in prepared], np.bool_))

    def match(self, names: Sequence[str], countries: Sequence[str | None] | None = None) -> list[list[Match]]:
        """Matches per name, best first, at most `max_per_name`, all at or above the threshold."""
        if not names:
            return []
        prepared = [_prepared(text or "") for text in names]
        # a legal form of letters only is screened a second time as initials, and one that is also a word of
        # a listed person's, vessel's or aircraft's name as that word; the better reading counts
        second = [(i, alt) for i, item in enumerate(prepared) if item is not None and item[2]
                  for alt in self._readings(names[i])]
        if second:
            prepared += [alt for _, alt in second]
            if countries is not None:
                countries = [*countries, *(countries[i] for i, _ in second)]
        a = self.index.arrays
        query = self._encode(prepared, countries)
        found = K.match_batch(
            *query, a["vchars"], a["voff"], a["vw"], a["vkey"], a["vfirst"], *self._table.arrays, a["post_ptr"], a["post_name"],
            a["name_tptr"], a["name_tok"], a["name_core"], a["name_tw"], a["name_tw_mid"], a["name_entity"], a["name_legal"], a["name_lowq"],
            a["name_init_mask"], a["name_init_w"], a["name_join_w"], a["ent_type"], a["ent_cptr"], a["ent_cc"], self._vector, self.stats)
        out = self._results(len(prepared), *found)
        for k, (i, _) in enumerate(second):
            out[i] = self._better_of(out[i], out[len(names) + k], i)
        return out[:len(names)]

    def _readings(self, text: str) -> list[Prepared]:
        """The other readings of a name with a legal form: as initials ("S.A. ZDRILIUK"), and with the
        form's word kept as a name's word ("Pao Yu Hsiang")."""
        out = []
        initials = _as_initials(text)
        if initials is not None and self._carries_initials(initials[0]):
            out.append(initials)
        # most legal forms are no listed name's word ("GmbH", "S.A."): one set lookup spares the reading
        written = None if self._form_names.isdisjoint(text.lower().split()) else _as_written(text)
        if written is not None and written[1] <= self._form_names:
            out.append(written[0])
        return out

    def _carries_initials(self, skeletons: tuple[str, ...]) -> bool:
        """Whether a listed word of the name is rare enough for initials beside it to count at all
        (`initial_info_lo`): "ACME B.V." read as "B. V. Acme" could match no one."""
        floor = self.params.initial_info_lo
        for skel in skeletons:
            weight, known = self.index.weight(skel)
            if known and weight > floor:
                return True
        return False

    def _better_of(self, first: list[Match], second: list[Match], query: int) -> list[Match]:
        """Both readings' matches as one list: each list name once, at its better score, best first."""
        best: dict[tuple[str, str], Match] = {}
        for m in [*first, *(msgspec.structs.replace(m, query=query) for m in second)]:
            key = (m.entity.entity_id, m.name.text)
            if key not in best or m.score > best[key].score:
                best[key] = m
        return self._best_first(list(best.values()))

    def _best_first(self, row: list[Match]) -> list[Match]:
        """Best score first (entity id breaks ties, so the order is the same in every run), at most
        `max_per_name`."""
        row.sort(key=lambda m: (-m.score, m.entity.entity_id))
        del row[self.params.max_per_name:]
        return row

    def _results(self, count: int, r_q: np.ndarray, r_n: np.ndarray, r_s: np.ndarray, r_sq: np.ndarray,
                 r_sc: np.ndarray, r_why: np.ndarray) -> list[list[Match]]:
        entries = self.index.names
        entities = self.index.entities
        out: list[list[Match]] = [[] for _ in range(count)]
        for q, n, s, sq, sc, why in zip(r_q.tolist(), r_n.tolist(), r_s.tolist(), r_sq.tolist(), r_sc.tolist(),
                                        r_why.tolist()):
            e_idx, list_name, _ = entries[n]
            out[q].append(Match(q, entities[e_idx], list_name, round(s, 6), sq, sc, why))
        for q in set(r_q.tolist()):
            self._best_first(out[q])
        return out


def _countries(countries: Sequence[str | None] | None, n: int) -> np.ndarray:
    if countries is None:
        return np.full(n, -1, np.int32)
    return np.array([country_int(c) for c in countries], np.int32)
