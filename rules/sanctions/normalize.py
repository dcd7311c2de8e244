"""Name normalisation: one entry point, `normalize_name` (`declared_words` is the part a declared name needs).

Steps, in order:
1. transliterate to Latin (anyascii: Cyrillic, Arabic, Greek, CJK ...) and lower-case;
2. "SURNAME, Given" becomes "given surname" (unless what follows the comma is a legal form);
3. words glued in mixed case are split ("KHANAnwar"), apostrophes and dots vanish inside words (sab'awi -> sabawi, s.a. -> sa), other punctuation splits;
4. legal forms at either end are set aside as qualifiers (legal_forms.py);
5. each token gets a transliteration skeleton (kh->h, ou->u, y->i, doubles collapsed ...)
   so that spellings of one name from different romanisations compare as equal or close.
Token order is kept (adjacent tokens may be written together: "Abubakr" / "Abu Bakr"),
but the matcher does not depend on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii
import msgspec

from rules.sanctions.common_tokens import everyday_names, spelling_groups
from rules.sanctions.legal_forms import CONNECTORS, DOTTED_FORMS, split_legal_forms

_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][A-Za-z])|(?<=[A-Z]{2})(?=[A-Z][a-z]{2})")
_GLUE = re.compile(r"['`\u2019\u2018\u02bc.]")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"and", "the", "of", "for", "und", "et"})
# forms of address: "Mr. Y. V. Prigozhin" is Prigozhin's name
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "mme", "mlle"})
_DROP = _STOP | CONNECTORS | _TITLES
# articles and particles of family names: "AL-RAWI" is the Rawi family, "VAN DIJK" the Dijk one
_PARTICLES = frozenset("al el ul ad ar as at az bin ibn bint ben abu abou de da di del della dos das van von der den ter la le".split())
# organisation words: a name holding one is not a person's name
ORG_WORDS = frozenset("""
bank trading trade company group holding holdings industries industrial international import export
shipping logistics services service enterprise enterprises corporation factory plant works foundation
organization organisation association institute ministry committee society charity fund investment
investments petroleum oil gas energy exchange airlines airline marine maritime navigation transport
technology technologies engineering construction development agency center centre office university
army brigade brigades battalion battalions front movement party network council forces guard guards corps
directorate department authority trust union federation cooperative club school hospital media radio
television press publishing hotel airways sarafi hawala
""".split())

_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"),
    ("q", "k"), ("x", "ks"), ("ch", "\x00"), ("c", "k"), ("\x00", "ch"), ("w", "v"), ("y", "i"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")


class NormalizedName(msgspec.Struct, frozen=True):
    tokens: tuple[str, ...]        # folded tokens, legal forms removed, written order
    skeletons: tuple[str, ...]     # one per token, what the matcher compares
    legal_forms: tuple[str, ...]   # canonical codes, sorted
    org_hint: bool                 # a legal form or an organisation word is present
    # per token: the first given name or the (first) family name, which a person's name cannot lose;
    # from "FAMILY1 FAMILY2, Given1 Given2" given1 and family1, otherwise the first and the last token
    core: tuple[bool, ...] = ()
    # the first of two family names ("LOPEZ" of "LOPEZ RODRIGUEZ, Jorge"), -1 for none: Spanish-style
    # names drop the second family name in daily use, seldom the first
    lead: int = -1

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Romanisation-insensitive form of one folded token (1-2 letter tokens stay as they are);
    spellings of one name (common_tokens.txt: Mohammed / Muhammad) share one skeleton."""
    raw = _skeleton(token)
    return _SPELLINGS.get(raw, raw)


_SHORT_LETTERS = str.maketrans("qcwy", "kkvi")


def _skeleton(token: str) -> str:
    if len(token) <= 2:
        return _short_skeleton(token)
    out = token
    if out.startswith(("ja", "je", "jo", "ju", "dja", "dje", "djo", "dju")):
        # Juri / Yuri, Jelena / Yelena, Djamal / Jamal / Yamal: j is y before a vowel (not Zhang: "zh" -> "j")
        out = "y" + out[2 if out[0] == "d" else 1:]
    for old, new in _SKELETON_RULES:
        if old in out:
            out = out.replace(old, new)
    if out.startswith("ie") and len(out) > 3:
        out = out[1:]                  # Yevgeny / Evgeny, Yelena / Elena
    out = _DOUBLE.sub(r"\1", out)
    if len(out) > 3 and out.endswith("h") and out[-2] in "aeiou":
        out = out[:-1]                 # Abdullah / Abdulla, Fatimah / Fatima
    if len(out) > 3 and out.endswith("ij"):
        out = out[:-1]                 # Jevgenij / Yevgeniy, Jurij / Yuriy: Slavic -ij is -iy
    if len(out) > 3 and out.endswith("of"):
        out = out[:-1] + "v"           # Smirnoff / Smirnov
    return out


def _short_skeleton(token: str) -> str:
    # a word of two letters keeps two: only the letter-for-letter rules, so that written together with
    # the next word it reads as the one word does ("QA SSEM" / "Qassem", "MY ONGDOK" / "Myongdok")
    if len(token) < 2 or token in ("ch", "ck"):
        return token
    if token[0] == "j" and token[1] in "aeiou":
        token = "y" + token[1]
    return token.translate(_SHORT_LETTERS)


_SPELLINGS = {_skeleton(word): _skeleton(group[0]) for group in spelling_groups() for word in group}


def spelling_of(skel: str) -> str:
    """The skeleton a spelling group reads `skel` as (itself when it is in no group)."""
    return _SPELLINGS.get(skel, skel)


def spelling_forms() -> dict[str, list[str]]:
    """Skeleton of a spelling group -> the skeletons its spellings have on their own (Muhammad: "muhamad")."""
    out: dict[str, list[str]] = {}
    for raw, canon in _SPELLINGS.items():
        if raw != canon:
            out.setdefault(canon, []).append(raw)
    return out


_NO_VOWELS = str.maketrans("", "", "aeiou")


# flag bit on a consonant key: the token is an everyday given name or surname of its own
KNOWN_NAME = 1 << 62


@lru_cache(maxsize=1)
def everyday_skeletons() -> frozenset[str]:
    """Skeletons of the everyday given names and surnames (common_tokens.txt)."""
    return frozenset(map(skeleton, everyday_names()))


@lru_cache(maxsize=200_000)
def consonant_key(skel: str) -> int:
    """First letter plus the remaining consonants, as an integer; -1 when too short to trust.

    Mohammed, Muhammad and Mohamed share "mhmd": vowels are where romanisations differ most. But
    Mahmoud shares it too, and is another name: a key carries KNOWN_NAME where the token is an everyday
    name of its own, and two such tokens agree by their spelling, not by their consonants.
    """
    if not skel:
        return -1
    key = skel[0] + _DOUBLE.sub(r"\1", skel[1:].translate(_NO_VOWELS))
    if len(key) < 4 or not key.isalpha():
        # too short a key to compare, but an everyday name still says so
        return KNOWN_NAME if skel in everyday_skeletons() else -1
    value = 0
    for ch in key[:12]:
        value = value * 27 + (ord(ch) - 96)
    return value | KNOWN_NAME if skel in everyday_skeletons() else value


def forget_words() -> None:
    """Empty the memos of folded words, skeletons and consonant keys: a cold start, as after a restart."""
    for memo in (_fold_chunk, skeleton, consonant_key):
        memo.cache_clear()


def fold(text: str) -> str:
    """Latin lower-case ASCII, punctuation glued or split, single spaces."""
    return " ".join(_fold_tokens(text))


def _fold_tokens(text: str) -> list[str]:
    # the words of fold(text), without joining them only to split them again. A space parts words at
    # every step of _fold_words (transliteration is per character, the patterns look at letters, digits
    # and dots only), so the words of a name are those of its space-separated chunks, and a chunk
    # (a given name, a family name, a form word) recurs across names where the names themselves do not
    out: list[str] = []
    for chunk in text.split(" "):
        out += _fold_chunk(chunk)
    return out


@lru_cache(maxsize=100_000)
def _fold_chunk(chunk: str) -> tuple[str, ...]:
    if chunk.isalnum() and chunk.isascii() and (chunk.istitle() or chunk.isupper() or chunk.islower()):
        # the usual word: nothing to transliterate, glue or split, and no capital after a letter, so not
        # two words glued in mixed case ("KHANAnwar")
        return (chunk.lower(),)
    return tuple(_fold_words(chunk))


def _fold_words(text: str) -> list[str]:
    """The words of fold(text), from the whole text at once (what _fold_tokens computes chunk by chunk)."""
    ascii_text = text if text.isascii() else anyascii(text)
    if not ascii_text.isupper() and not ascii_text.islower():
        ascii_text = _CAMEL.sub(" ", ascii_text)  # "GHOMMARIMuhammad" -> "GHOMMARI Muhammad"
    lowered = ascii_text.lower()
    if "." in lowered:
        lowered = _DIGRAPH_INITIAL.sub(r"\1\2.", lowered)
        lowered = _INITIAL_GLUED.sub(r"\1 ", _DOTTED.sub(_spread_initials, lowered))
    return _WORD.findall(_GLUE.sub("", lowered))


# single letters joined by dots: initials ("M.A. KARIMI", "PRIGOZHIN Y.V.") or a legal form ("S.A.", "N.V.")
_DOTTED = re.compile(r"(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])")


# Russian-style initials of two letters: "Kh. Orfali", "Yu. V. Andropov" are one initial each
_DIGRAPH_INITIAL = re.compile(r"(?<![a-z])([kscz])h\.|(?<![a-z])(y)[uaeo]\.")

# an initial whose dot is all that parts it from the name: "C.DURANSOY"
_INITIAL_GLUED = re.compile(r"(?<![a-z0-9.])([a-z])\.(?=[a-z]{2})")


def _spread_initials(m: re.Match[str]) -> str:
    letters = m.group(0).replace(".", "")
    return m.group(0) if letters in DOTTED_FORMS else " " + " ".join(letters) + " "


def _reorder(text: str) -> tuple[list[str], tuple[str, ...] | None]:
    """(words of "given family", (first given word, family words but particles)) for "FAMILY, Given";
    else (words of text, None)."""
    if "," not in text:
        return _fold_tokens(text), None
    parts = text.split(",")
    if len(parts) != 2:
        return _fold_tokens(text), None
    before, after = _fold_tokens(parts[0]), _fold_tokens(parts[1])
    if not before or not after:
        return _fold_tokens(text), None
    rest, forms = split_legal_forms(["x", *after])
    if forms and rest == ["x"]:
        return _fold_tokens(text), None              # "ACME, Inc." keeps its order
    # every family word counts, not only the first: "MARTINEZ ALVAREZ, Carlos" is not "Carlos Martinez"
    family = [w for w in before if w not in _PARTICLES] or before[:1]
    given = next((w for w in after if w not in _TITLES), after[0])
    # the words of parts[1] + " " + parts[0]: folding goes space-separated chunk by chunk
    return after + before, (given, *family)


def _core(kept: list[str], named: tuple[str, ...] | None) -> tuple[bool, ...]:
    if named is None:
        return tuple(i == 0 or i == len(kept) - 1 for i in range(len(kept)))
    out = []
    wanted = list(dict.fromkeys(named))  # given, then family; in order, so every process reads a name alike
    for tok in kept:
        hit = next((w for w in wanted if tok == w), None)
        if hit is None:
            # "muhammadzafar" is read "muhammad zafar", "abd al" "abdul": the named word may be their start
            hit = next((w for w in wanted if w.startswith(tok) or tok.startswith(w)), None)
        out.append(hit is not None)
        if hit is not None:
            wanted.remove(hit)
    return tuple(out)


def _lead(kept: list[str], named: tuple[str, ...] | None) -> int:
    if named is None or len(named) < 3 or named[1] == named[2] or named[2] not in kept:
        return -1
    # the family names follow the given ones: the word before the second family name, not a given name
    # spelt alike ("MOHAMMED KUL, Mohammed Nour")
    second = len(kept) - 1 - kept[::-1].index(named[2])
    return next((i for i in range(second - 1, -1, -1) if kept[i] == named[1]), -1)


_ABD_ARTICLES = frozenset({"al", "el", "ul", "ol", "ar", "ur", "er", "as", "us", "an", "un", "ad", "az", "at"})


def _join_abd(tokens: list[str]) -> list[str]:
    # "Abd al-Rahman", "Abd ur Rahman" and "Abdul Rahman" are one name: "abd" + article is "abdul";
    # "Abd ullah" and "Abd eljalil" are "Abdullah" and "Abdeljalil" written apart
    out: list[str] = []
    for tok in tokens:
        if out and out[-1] == "abd" and tok in _ABD_ARTICLES:
            out[-1] = "abdul"
        elif out and out[-1] == "abd" and len(tok) > 3 and tok[:2] in _ABD_ARTICLES:
            out[-1] = "abd" + tok
        else:
            out.append(tok)
    return out


_COMPOUND_HEADS = ("muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "abdul", "abdel", "abdol",
                   "abdal", "abdoul")
_NOT_A_TAIL = ("lah", "llah", "ulla", "la")


def _split_compound(tok: str) -> list[str]:
    # "Abdulrahman" is "Abdul Rahman", "Muhammadzafar" "Muhammad Zafar": written either way, read one way
    # (not "Abdullah", "Abdullahi": the tail must be a name of its own)
    for head in _COMPOUND_HEADS:
        if tok.startswith(head) and len(tok) - len(head) >= 4 and not tok[len(head):].startswith(_NOT_A_TAIL):
            return [head, tok[len(head):]]
    return [tok]


def normalize_name(text: str, legal: bool = True) -> NormalizedName:
    """A name's tokens, skeletons, legal forms and core words; with legal=False every word is a name word,
    as in the listed name of a person, vessel or aircraft ("PAO, Yu Hsiang", "KIM, Se Gon", "YK-ANH")."""
    words, named = _reorder(text)
    kept, forms, org = _name_words(words, legal=legal)
    return NormalizedName(tuple(kept), tuple(map(skeleton, kept)), tuple(forms), org, _core(kept, named),
                          _lead(kept, named))


def declared_words(text: str) -> tuple[list[str], list[str], bool]:
    """normalize_name's tokens, legal forms and organisation hint, as matching a declared name needs them:
    no skeletons, no core tokens, no NormalizedName (the matcher memoises per word instead)."""
    return _name_words(_reorder(text)[0])


def initials_reading(text: str) -> list[str] | None:
    """The words of a name whose legal form is nothing but a person's initials written with dots,
    read as those initials ("S.A. ZDRILIUK", "SHCHERBAKOV, K. K."); None for any other name. Documents
    write both, and only the lists can tell which one it is."""
    if not _DOTTED_LETTERS.search(text):
        return None
    words = _reorder(text)[0]
    kept, forms, _ = _name_words(words)
    # a person's name beside the initials: one or two words (a family name, a double one), none a company's
    if not forms or not 1 <= len(kept) <= 2 or not ORG_WORDS.isdisjoint(kept):
        return None
    taken = [w for w in words if w not in kept]
    letters = [c for w in taken for c in w]
    # "S.A." is folded to "sa" or spread to "s a"; a longer word is a form's own ("LTD.")
    if not 2 <= len(letters) <= 3 or any(len(w) > 2 for w in taken):
        return None
    return [*letters, *kept]


# a letter and a dot, then another letter: "S.A.", "K. K."
_DOTTED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z]\.\s?[A-Za-z](?![A-Za-z])")


_COMPOUND_STARTS = frozenset({"muh", "moh", "abd"})


def person_reading(text: str) -> tuple[list[str], list[str]] | None:
    """(words, the legal-form words among them) of a declared name whose legal form could be a word of a
    person's, vessel's or aircraft's name ("Pao Yu Hsiang", "Se Gon Kim"); None where it has no legal form
    or reads as a company's."""
    words = _reorder(text)[0]
    kept, forms, _ = _name_words(words)
    if not forms:
        return None
    every = _name_words(words, legal=False)[0]
    taken = [w for w in every if w not in kept]
    # one word of two letters or more, written without dots: "S.A. de C.V." or "A.G." is a company's
    # form or initials (initials_reading), never a name's word
    if len(taken) != 1 or len(taken[0]) < 2 or len(every) > 4 or not ORG_WORDS.isdisjoint(every):
        return None
    if not re.search(rf"(?<![\w.]){taken[0]}(?![\w.])", text, re.IGNORECASE):
        return None
    return every, taken


def _name_words(words: list[str], legal: bool = True) -> tuple[list[str], list[str], bool]:
    tokens, forms = split_legal_forms(words) if legal else (words, [])
    if "abd" in tokens:
        tokens = _join_abd(tokens)
    if not _COMPOUND_STARTS.isdisjoint([t[:3] for t in tokens]):
        tokens = [part for t in tokens for part in _split_compound(t)]
    kept = tokens if _DROP.isdisjoint(tokens) else [t for t in tokens if t not in _DROP] or tokens
    return kept, forms, bool(forms) or not ORG_WORDS.isdisjoint(kept)


def is_screenable(name: NormalizedName) -> bool:
    """Empty or absurd names (one letter, digits only, too short to mean anything) are never matched."""
    return screenable_words(name.tokens)


def screenable_words(tokens: Sequence[str]) -> bool:
    """is_screenable of a name's tokens."""
    joined = "".join(tokens)
    if joined.isalpha():  # the usual case: no digits, so any token of two letters will do
        return len(joined) >= 3 and max(map(len, tokens)) >= 2
    letters = sum(map(str.isalpha, joined))
    return letters >= 3 and any(len(t) >= 2 and not t.isdigit() for t in tokens)
