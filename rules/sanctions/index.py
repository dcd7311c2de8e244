"""The compiled name index: flat numpy arrays the kernels read, built once per list version.

Names are normalised (normalize.py), their token skeletons form a vocabulary;
a character-trigram index over the vocabulary finds tokens close to a query
token (a typo in every token still reaches its entity), and vocabulary
postings lead to the names holding each token. Token weight is inverse
document frequency, so "al", "mohammed" or "trading" weigh less than a rare surname,
capped by how common the token is among ordinary names (common_tokens.py): LOPEZ is
rare on the lists and everyday on declarations. A one-letter token (an initial) weighs
INITIAL_WEIGHT.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_

import numpy as np

from rules.sanctions.common_tokens import tier_caps
from rules.sanctions.kernels import CORE, GRAM_BASE, LEAD, MAX_TOKEN_LEN, MAX_TOKENS, MIDDLE, PATRONYMIC
from rules.sanctions.legal_forms import CODES, FORMS
from rules.sanctions.model import Entity, ListName, SanctionsList
from rules.sanctions.normalize import (NormalizedName, consonant_key, is_screenable, normalize_name, skeleton,
                                      spelling_forms)

TYPE_CODES = {"person": 0, "organisation": 1, "vessel": 2, "aircraft": 3}
LEGAL_BITS = {code: 1 << i for i, code in enumerate(CODES)}
INITIAL_WEIGHT = 1.0
# weight = 1 + ln(entities) - DF_EXPONENT * ln(entities holding the token): a name five listed people
# share is a common name in its culture (the lists are a sample of it), not nearly as rare as a unique one
DF_EXPONENT = 2.0
# listed types whose names hold no legal form: "PAO", "SE" or "YK" there is a word of the name
NOT_COMPANIES = frozenset({"person", "vessel", "aircraft"})
FORM_WORD_WEIGHT = 1.0   # a legal-form word read as a name token ("Ltd" in the middle of a name)


@lru_cache(maxsize=1)
def _caps() -> dict[str, float]:
    out: dict[str, float] = {}
    caps = tier_caps()
    for tokens, _ in FORMS:
        for word in tokens:
            caps[word] = min(caps.get(word, FORM_WORD_WEIGHT), FORM_WORD_WEIGHT)
    for word, cap in caps.items():
        skel = skeleton(word)[:MAX_TOKEN_LEN]
        out[skel] = min(cap, out.get(skel, cap))
    return out


# East Slavic patronymics as skeletons: -ovich/-evich/-ovych, -ovna/-evna/-ivna
_PATRONYMIC_ENDINGS = ("vich", "vna")


def _role(core: bool, skel: str, lead: bool) -> int:
    """What a listed token is to its name: the first of two family names, core, patronymic or another
    middle name (kernels.CORE ...)."""
    if lead:
        return LEAD
    if core:
        return CORE
    return PATRONYMIC if len(skel) >= 7 and skel.endswith(_PATRONYMIC_ENDINGS) else MIDDLE


def first_letter_bit(folded: str) -> int:
    """The first letter of a folded token as a bit (digits: none): initials compare letters as written."""
    c = folded[:1]
    return 1 << (ord(c) - 97) if "a" <= c <= "z" else 0


# a listed name's initial as other romanisations write it: Yuri is "J." in German or Polish documents,
# Yevgeny "E.", Khalid "H." ("I." stays out: it is also the family name 이 as Korean script reads)
_OTHER_INITIALS = (("kh", "h"), ("ye", "je"), ("y", "j"), ("j", "y"))


def written_initials(folded: str) -> int:
    """Bitmask of the letters a listed token may be cut to as an initial."""
    mask = first_letter_bit(folded)
    for start, letters in _OTHER_INITIALS:
        rest = folded[len(start):]
        # y and j are each other's initial before a vowel only: "Yuri", "Jury", not "Yzerman"
        if folded.startswith(start) and rest and (len(start) == 2 or rest[0] in "aeiou"):
            for c in letters:
                mask |= first_letter_bit(c)
            break
    return mask


# the letters a written name may start with, by the first letter of its skeleton (kh -> h, c/q -> k, y -> i,
# w -> v, ph -> f, zh/dj -> j, ye -> e)
_SKELETON_FIRSTS = {"h": "hk", "k": "kcq", "i": "iyj", "v": "vw", "f": "fp", "j": "jzd", "e": "ey", "s": "sc",
                    "t": "t", "d": "d", "g": "g"}


def skeleton_first_letters(skel: str) -> int:
    """Bitmask of the letters a token with this skeleton may be written with first."""
    mask = 0
    for c in _SKELETON_FIRSTS.get(skel[:1], skel[:1]):
        mask |= first_letter_bit(c)
    return mask


def capped_weight(skel: str, weight: float) -> float:
    """A token's weight no higher than its commonness among ordinary names allows."""
    if len(skel) == 1:
        return INITIAL_WEIGHT
    return min(weight, _caps().get(skel, weight))


@lru_cache(maxsize=4096)
def country_int(code: str | None) -> int:
    if not code or len(code) != 2 or not code.isalpha():
        return -1
    code = code.upper()
    return (ord(code[0]) - 65) * 26 + (ord(code[1]) - 65)


def legal_mask(forms: tuple[str, ...]) -> int:
    mask = 0
    for form in forms:
        mask |= LEGAL_BITS.get(form, 0)
    return mask


def _gram_code(ch: int) -> int:
    return ch - 97 if ch >= 97 else ch - 48 + 26


def token_grams(token: bytes) -> list[int]:
    """Trigram ids over '^' + token + '$', one per character (the kernel computes the same)."""
    out = []
    n = len(token)
    for g in range(n):
        c0 = 36 if g == 0 else _gram_code(token[g - 1])
        c2 = 37 if g + 1 >= n else _gram_code(token[g + 1])
        out.append((c0 * GRAM_BASE + _gram_code(token[g])) * GRAM_BASE + c2)
    return out


def _csr(rows: list[list[int]], width: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(rows) + 1, np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    flat = np.fromiter((x for r in rows for x in r), np.int32, count=int(ptr[-1]))
    return ptr, flat


def _gram_index(token_bytes: list[bytes], ids: range, lengths: np.ndarray,
                also: dict[int, list[bytes]] | None = None) -> tuple[np.ndarray, ...]:
    """trigram -> token ids (sorted by token length, so a length window is one slice), and their lengths.
    `also`: more spellings a token is found under (its trigrams and theirs, each once)."""
    rows: list[list[int]] = [[] for _ in range(GRAM_BASE ** 3)]
    also = also or {}
    for v in ids:
        grams = set(token_grams(token_bytes[v]))
        for form in also.get(v, ()):
            grams.update(token_grams(form))
        for g in grams:
            rows[g].append(v)
    ptr, tok = _csr([sorted(row, key=lambda v: (lengths[v], v)) for row in rows])
    return ptr, tok, lengths[tok].astype(np.int32)


@dataclass(frozen=True)
class NameIndex:
    entities: tuple[Entity, ...]
    names: tuple[tuple[int, ListName, NormalizedName], ...]  # (entity index, list name, normalised)
    vocab: dict[str, int]     # real tokens first (ids < n_real), then retrieval-only joined pairs
    n_real: int
    unknown_weight: float
    rare_weight: float        # a token this rare may be half of a name written apart: search its joins
    arrays: dict[str, np.ndarray]
    version: str

    @classmethod
    def build(cls, lists: SanctionsList) -> "NameIndex":
        names: list[tuple[int, ListName, NormalizedName]] = []
        for e_idx, entity in enumerate(lists.entities):
            seen: set[tuple[str, ...]] = set()
            for name in sorted(entity.names, key=lambda n: (n.low_quality, n.kind != "primary")):
                norm = normalize_name(name.text, legal=entity.type not in NOT_COMPANIES)
                if not is_screenable(norm) or norm.skeletons in seen:
                    continue
                seen.add(norm.skeletons)
                names.append((e_idx, name, norm))
        vocab: dict[str, int] = {}
        name_tokens: list[list[int]] = []
        for _, _, norm in names:
            toks = [t[:MAX_TOKEN_LEN] for t in norm.skeletons[:MAX_TOKENS]]
            name_tokens.append([vocab.setdefault(t, len(vocab)) for t in toks])
        n_real = len(vocab)
        df = np.zeros(n_real, np.int64)
        per_entity: dict[int, set[int]] = {}
        for (e_idx, _, _), toks in zip(names, name_tokens):
            per_entity.setdefault(e_idx, set()).update(toks)
        for toks in per_entity.values():
            for v in toks:
                df[v] += 1
        total = max(len(per_entity), 1)
        real_w = np.maximum(1.0 + np.log(total) - DF_EXPONENT * np.log(np.maximum(df, 1)), 1.0)
        real_w = np.array([capped_weight(t, w) for t, w in zip(vocab, real_w.tolist())], np.float64)
        # adjacent pairs written together ("abubakr" for "abu bakr") are retrieval-only tokens
        pseudo_w: dict[str, float] = {}
        postings: list[set[int]] = [set() for _ in range(n_real)]
        # a name found under a list token that is two of its own written together ("NUEVO CONTINENTE" under
        # "nuevocontinente") is seen at that token's weight, not at the two words' together: the difference
        join_w = np.zeros(len(name_tokens), np.float64)
        for n_idx, toks in enumerate(name_tokens):
            for v in toks:
                postings[v].add(n_idx)
            words = [t[:MAX_TOKEN_LEN] for t in names[n_idx][2].skeletons[:MAX_TOKENS]]
            for j in range(len(toks) - 1):
                joined = (words[j] + words[j + 1][1:] if words[j][-1:] == words[j + 1][:1]
                          else words[j] + words[j + 1])[:MAX_TOKEN_LEN]
                if joined in vocab and vocab[joined] < n_real:
                    postings[vocab[joined]].add(n_idx)
                    join_w[n_idx] += max(0.0, real_w[toks[j]] + real_w[toks[j + 1]] - real_w[vocab[joined]])
                    continue
                v = vocab.setdefault(joined, len(vocab))
                if v == len(postings):
                    postings.append(set())
                postings[v].add(n_idx)
                pseudo_w[joined] = max(pseudo_w.get(joined, 0.0), float(real_w[toks[j]] + real_w[toks[j + 1]]))
        weights = np.concatenate([real_w, np.array(list(pseudo_w.values()), np.float64)])
        token_bytes = [t.encode() for t in vocab]
        voff = np.zeros(len(vocab) + 1, np.int64)
        voff[1:] = np.cumsum([len(b) for b in token_bytes])
        vchars = np.frombuffer(b"".join(token_bytes), np.uint8).copy()
        lengths = np.diff(voff)
        # "Muhamlmad" shares few trigrams with the skeleton "mohamed" that every spelling of the name reads
        # as, and more with "muhamad": a spelling group's token is found under each spelling's trigrams
        also = {vocab[canon]: [form.encode() for form in forms] for canon, forms in spelling_forms().items()
                if canon in vocab and vocab[canon] < n_real}
        gram_ptr, gram_tok, gram_len = _gram_index(token_bytes, range(n_real), lengths, also)
        jgram_ptr, jgram_tok, jgram_len = _gram_index(token_bytes, range(n_real, len(vocab)), lengths)
        post_ptr, post_name = _csr([sorted(p) for p in postings])
        name_tptr, name_tok = _csr(name_tokens)
        firsts = np.zeros(len(vocab), np.int64)
        for (_, _, norm), toks in zip(names, name_tokens):
            for v, folded in zip(toks, norm.tokens):
                firsts[v] |= written_initials(folded)
        ent_cptr, ent_cc = _csr([[country_int(c) for c in e.countries] for e in lists.entities])
        arrays = {
            "vchars": vchars, "voff": voff, "vw": weights.astype(np.float64),
            "gram_ptr": gram_ptr, "gram_tok": gram_tok, "gram_len": gram_len,
            "jgram_ptr": jgram_ptr, "jgram_tok": jgram_tok, "jgram_len": jgram_len, "post_ptr": post_ptr, "post_name": post_name,
            "vkey": np.array([consonant_key(t) for t in vocab], np.int64),
            "vfirst": firsts,
            "name_tptr": name_tptr, "name_tok": name_tok,
            "name_tw": np.array([real_w[t].sum() for t in name_tokens], np.float64),
            # tokens other than the first given name and the family name: left out, they cost less
            "name_tw_mid": np.array([sum(real_w[v] for v, c in zip(t, n[2].core) if not c)
                                     for t, n in zip(name_tokens, names)], np.float64),
            "name_core": np.array([_role(c, skel, k == n[2].lead) for t, n in zip(name_tokens, names)
                                   for k, (_, c, skel) in enumerate(zip(t, n[2].core, n[2].skeletons))], np.int8),
            "name_entity": np.array([n[0] for n in names], np.int32),
            "name_legal": np.array([legal_mask(n[2].legal_forms) for n in names], np.int64),
            "name_lowq": np.array([n[1].low_quality for n in names], np.bool_),
            # a name's one-letter words (initials): the first letters they stand for and their weight, which
            # the retrieval bound counts for declared words of those letters
            "name_init_mask": np.array([reduce(or_, (int(firsts[v]) for v in t[:MAX_TOKENS] if lengths[v] == 1), 0)
                                        for t in name_tokens], np.int64),
            "name_join_w": join_w,
            "name_init_w": np.array([sum(real_w[v] for v in t[:MAX_TOKENS] if lengths[v] == 1) for t in name_tokens],
                                    np.float64),
            "ent_type": np.array([TYPE_CODES[e.type] for e in lists.entities], np.int8),
            "ent_cptr": ent_cptr, "ent_cc": ent_cc.astype(np.int32),
        }
        unknown = 1.0 + math.log(total) - DF_EXPONENT * math.log(2)
        rare = 1.0 + math.log(total) - DF_EXPONENT * math.log(10)
        return cls(lists.entities, tuple(names), vocab, n_real, unknown, rare, arrays, lists.version)

    def first_letters(self, skeleton: str) -> int:
        """Bitmask of the first letters, as written, of the list tokens with this skeleton."""
        v = self.vocab.get(skeleton)
        return int(self.arrays["vfirst"][v]) if v is not None and v < self.n_real else 0

    def token_id(self, skeleton: str) -> int:
        v = self.vocab.get(skeleton)
        return v if v is not None and v < self.n_real else -1

    def weight(self, skeleton: str) -> tuple[float, bool]:
        """(IDF weight, known) of a query token skeleton; unknown tokens weigh like a rare one."""
        v = self.vocab.get(skeleton)
        if v is None or v >= self.n_real:
            return capped_weight(skeleton, self.unknown_weight), False
        return float(self.arrays["vw"][v]), True
