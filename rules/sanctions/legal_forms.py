"""Legal forms of companies, recognised at either end of a name and set aside.

Each canonical form lists the token sequences (already folded to lower-case
ASCII, dots removed) that spell it. A form is a qualifier, never a name token:
"ROMASHKA OOO" and "Romashka LLC" are the same name with the same qualifier.
A form word of five letters or more is also read with one slip ("COMAPNY").
"""

from __future__ import annotations

_FORMS: dict[str, tuple[str, ...]] = {
    "llc": ("llc", "l l c", "ooo", "too", "tov", "limited liability company", "limited liability co",
            "limited liability partnership company", "obshchestvo s ogranichennoi otvetstvennostyu",
            "obshchestvo s ogranichennoy otvetstvennostyu", "sp z o o", "spzoo", "mchj", "fz llc", "fzllc"),
    "ltd": ("ltd", "limited", "co ltd", "co limited", "company limited", "company ltd", "pvt ltd",
            "private limited", "pte ltd", "pty ltd", "pvt", "pte", "pty", "ltd sti", "sti", "sdn bhd", "bhd"),
    "jsc": ("jsc", "ao", "zao", "oao", "pao", "pjsc", "ojsc", "cjsc", "pat", "prat", "ad", "ead",
            "joint stock company", "joint stock co", "open joint stock company", "closed joint stock company",
            "public joint stock company", "aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo",
            "zakrytoe aktsionernoe obshchestvo", "publichnoe aktsionernoe obshchestvo",
            "aktsionernoye obshchestvo", "joint stock"),
    "gmbh": ("gmbh", "gmbh and co kg", "gmbh co kg", "mbh", "ug"),
    "ag": ("ag", "kg", "kgaa", "ohg", "se"),
    "inc": ("inc", "incorporated", "corp", "corporation", "co", "company", "cos", "companies", "and co",
            "and company"),
    "sa": ("sa", "s a", "sa de cv", "s a de c v", "sapi de cv", "s de rl", "s de rl de cv", "de cv", "srl de cv",
           "sas", "sarl", "sl", "slu", "sau", "ltda", "saic", "sae", "sal", "sac", "saa", "ca", "cia",
           "y cia", "cia ltda", "s en c", "s en cs", "scs", "sca", "sci", "snc", "eurl", "sasu"),
    "bv": ("bv", "nv", "vof", "cv", "bvba", "sprl"),
    "fze": ("fze", "fzco", "fzc", "fz co", "dmcc", "fze llc", "est", "establishment", "free zone establishment",
            "free zone est", "free zone company", "free zone co", "free zone enterprise", "fz est"),
    "llp": ("llp", "lp", "lllp"),
    "plc": ("plc", "p l c", "public limited company"),
    "spa": ("spa", "s p a", "sia", "srl", "s r l", "sapa", "scarl", "sro", "s r o", "spol s r o", "as", "a s",
            "oy", "oyj", "ab", "aps", "asa", "kft", "zrt", "nyrt", "doo", "d o o", "dd", "d d", "pt", "tbk",
            "pt tbk", "ltd co", "kk", "k k", "gk", "yk"),
}

# the legal forms written as one word ("sa", "bv", "llc", "spa"): dotted letters that spell one ("S.A.",
# "S.P.A.") are that form; any others ("M.A.", "S.P.") a person's initials
DOTTED_FORMS = frozenset(spelling.replace(" ", "") for spellings in _FORMS.values() for spelling in spellings
                   if all(len(t) <= 2 for t in spelling.split()) or " " not in spelling)


def _spelt_out(spelling: str) -> set[str]:
    # "s de rl" is also written "S. de R.L.", which reads "s de r l": a two-letter part of a longer form
    # that is no form of its own, letter by letter
    variants = [""]
    for t in spelling.split():
        ways = [t, " ".join(t)] if len(t) == 2 and t not in DOTTED_FORMS and " " in spelling else [t]
        variants = [f"{v} {w}".strip() for v in variants for w in ways]
    return set(variants)


# longest spelling first so "co ltd" wins over "ltd"
FORMS: tuple[tuple[tuple[str, ...], str], ...] = tuple(sorted(
    {(tuple(variant.split()), code) for code, spellings in _FORMS.items() for spelling in spellings
     for variant in _spelt_out(spelling)},
    key=lambda item: (-len(item[0]), item[0]),
))
CODES: tuple[str, ...] = tuple(sorted(_FORMS))
_MAX = max(len(tokens) for tokens, _ in FORMS)
_BY_TOKENS: dict[tuple[str, ...], str] = {tokens: code for tokens, code in FORMS}


def _sizes(word_at: int) -> dict[str, int]:
    # word -> bitmask of the lengths (in words) of the forms that end (-1) or start (0) on it
    out: dict[str, int] = {}
    for tokens, _ in FORMS:
        out[tokens[word_at]] = out.get(tokens[word_at], 0) | 1 << len(tokens)
    return out


# a form can only end on one of these words, or start on one of those: most names have neither
_LAST_SIZES = _sizes(-1)
_FIRST_SIZES = _sizes(0)
_LAST = frozenset(_LAST_SIZES)
_FIRST = frozenset(_FIRST_SIZES)
CONNECTORS = frozenset({"and", "the"})
# every word a legal form is written with, and the short forms run together ("sa", "spzoo")
FORM_WORDS = frozenset("".join(tokens) for tokens, _ in FORMS if all(len(t) <= 2 for t in tokens)) | frozenset(
    t for tokens, _ in FORMS for t in tokens)
_SLIP_MIN_LEN = 5  # shorter form words ("ltd", "gmbh", "ltda") are read exactly: one slip makes another word


def slips(word: str) -> set[str]:
    """`word` with two adjacent letters swapped or one inner letter changed, dropped or added: the first
    and the last letter stay, as the matcher (kernels._one_edit) reads a slip."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    for i in range(1, len(word) - 1):
        out.add(word[:i] + word[i + 1:])
        out.update(word[:i] + c + word[i + 1:] for c in letters)
    for i in range(1, len(word)):
        out.update(word[:i] + c + word[i:] for c in letters)
    out.discard(word)
    return out


def _slip_table() -> dict[str, str]:
    # "COMAPNY", "LIMTED": a misspelt legal form is still a qualifier, not a name token the lists lack
    words = {w for tokens, _ in FORMS for w in tokens}
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    for word in sorted(w for w in words if len(w) >= _SLIP_MIN_LEN):
        for variant in slips(word):
            if variant in table and table[variant] != word:
                ambiguous.add(variant)
            table[variant] = word
    return {v: w for v, w in table.items() if v not in ambiguous and v not in words}


_SLIPS = _slip_table()


# form words that a line break splits ("LIMI TED") or a lost space glues to the name ("TAMAYOZLLC"); none
# ends an ordinary word
_MENDED = ("limited", "company", "corporation", "incorporated", "establishment", "llc", "ltd", "gmbh")
_MENDED_WORDS = frozenset(_MENDED)
_GLUED_MIN = 4          # letters of name left before a glued form word


def _mend_end(tokens: list[str]) -> list[str]:
    """The last form word made whole again: "limi ted" -> "limited", "consultantslimited" -> "consultants
    limited"; the rest of the name as it is."""
    if len(tokens) >= 3 and tokens[-2] + tokens[-1] in _MENDED_WORDS:
        return [*tokens[:-2], tokens[-2] + tokens[-1]]
    last = tokens[-1] if tokens else ""
    if len(last) < _GLUED_MIN + 3 or not last.endswith(_MENDED):    # the usual case, one C-level test
        return tokens
    word = next(w for w in _MENDED if last.endswith(w))
    if len(last) - len(word) >= _GLUED_MIN and last[:-len(word)].isalpha():
        return [*tokens[:-1], last[:-len(word)], word]
    return tokens


def split_legal_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(name tokens, legal-form codes): forms stripped from both ends, at least one name token kept."""
    tokens = _mend_end(tokens)
    if len(tokens) < 2:
        return tokens, []
    last = _SLIPS.get(tokens[-1], tokens[-1])
    if last not in _LAST and last not in CONNECTORS and _SLIPS.get(tokens[0], tokens[0]) not in _FIRST:
        return tokens, []   # most names neither start a form nor end on one (or a connector)
    forms: list[str] = []
    keys = [_SLIPS.get(t, t) for t in tokens]
    start, end = 0, len(tokens)
    changed = True
    while changed and end - start > 1:
        changed = False
        # only a form as long as one that ends (starts) on the word at the end (start) can be there
        at_end = _LAST_SIZES.get(keys[end - 1], 0)
        at_start = _FIRST_SIZES.get(keys[start], 0)
        for size in range(min(_MAX, end - start - 1), 0, -1) if at_end or at_start else ():
            code = _BY_TOKENS.get(tuple(keys[end - size:end])) if at_end >> size & 1 else None
            if code:
                forms.append(code)
                end -= size
                changed = True
                break
            code = _BY_TOKENS.get(tuple(keys[start:start + size])) if at_start >> size & 1 else None
            if code:
                forms.append(code)
                start += size
                changed = True
                break
        while end - start > 1 and keys[end - 1] in CONNECTORS:
            end -= 1
    return tokens[start:end], sorted(set(forms)) if forms else forms
