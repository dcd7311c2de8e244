"""The harder half of the evaluation set: how names vary between cultures' writing habits, and
ordinary names that look like listed ones.

Positive kinds (a list name changed the way trade documents write it):
- initials: the given names cut to initials ("M. A. KARIMI" for "KARIMI, Mohammad Ali"), only where the
  family name is rare on the lists (at most two names hold it), so that it can carry the match;
- particle: al-, el-, bin, ibn, abu, de, van ... dropped, or written another way (al- / el-);
- compound: two name parts written together or apart ("Abdul Rahman" / "Abdulrahman");
- translit_system: one romanisation habit applied throughout the name (kh/h, ou/u, ia/ya, j/y, q/k,
  Mohammed/Muhammad, Yevgeniy/Evgeny);
- legal_translated: the legal form in another spelling or language (FZE / Free Zone Establishment,
  OOO / LLC, Ltd / Limited) and, where there is one, a generic word dropped (Company, Trading, Group).

Negative kinds (realistic names on no list):
- negative_subset: a common given name and one of the two family names of a longer listed name
  ("Jorge Lopez" beside "LOPEZ RODRIGUEZ, Jorge Octavio"); common means held by several list names;
- negative_company: a city, a brand word and a generic word listed organisations use
  ("Ningbo Northstar Trading Limited");
- negative_language: a given name and a family name from two different listed people of one name culture
  (Spanish, Arabic, Russian, Chinese, Korean, Persian), both common on the lists.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict

from rules.sanctions.legal_forms import FORMS
from rules.sanctions.model import Entity, SanctionsList
from rules.sanctions.normalize import fold

PARTICLES = ("AL", "EL", "BIN", "IBN", "ABU", "BEN", "DE", "DEL", "VAN", "VON", "DA", "DOS", "UL", "AD", "AS", "AR")
_PARTICLE_RE = re.compile(r"\b(AL|EL|BIN|IBN|ABU|BEN|DE|DEL|VAN|VON|DA|DOS|UL|AD|AS|AR)([- ])(?=[A-Z])", re.I)
_JOINERS = ("ABDUL", "ABDEL", "ABD", "ABU", "NUR", "NOOR", "MOHAMMAD", "MUHAMMAD", "MOHAMMED", "ZAIN", "SAIF",
            "SALAH", "NASR", "IZZ", "SHAMS", "ALI", "HAJI", "MIR", "GHOLAM")
# romanisation habits: each a list of (from, to) applied everywhere in the name at once
_SYSTEMS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("KH", "H"),), (("OU", "U"),), (("U", "OU"),), (("IA", "YA"),), (("YA", "IA"),), (("Q", "K"),),
    ((r"\bJ(?=[AEIOU])", "Y"),), ((r"\bY(?=[AEIOU])", "J"),), (("YU", "IU"),), (("IY", "Y"),), (("EE", "I"), ("OO", "U")),
    (("MOHAMMED", "MUHAMMAD"), ("MOHAMMAD", "MUHAMMAD"), ("MOHAMED", "MUHAMMAD")),
    (("MUHAMMAD", "MOHAMMED"), ("MUHAMMED", "MOHAMMED")), (("YEVGENIY", "EVGENY"), ("YEVGENY", "EVGENIY")),
    (("YEVGENIY", "JEVGENIJ"),), (("HUSSEIN", "HUSAYN"), ("HUSAYN", "HUSSEIN")), (("YOUSEF", "YUSUF"),),
    (("ABDEL", "ABDUL"), ("ABDUL", "ABDEL")), (("SH", "SCH"),), (("DJ", "J"),), (("AI", "AY"),), (("EI", "EY"),),
)
_GENERIC = ("COMPANY", "TRADING", "GROUP", "GENERAL", "INTERNATIONAL", "CO", "HOLDING", "INDUSTRIES")
_CITIES = ("Ningbo", "Chennai", "Shenzhen", "Dubai", "Istanbul", "Mersin", "Rotterdam", "Hamburg", "Antwerp",
           "Mumbai", "Karachi", "Jakarta", "Busan", "Almaty", "Tashkent", "Baku", "Tbilisi", "Minsk", "Riga",
           "Gdansk", "Valencia", "Genoa", "Piraeus", "Alexandria", "Casablanca", "Lagos", "Santos", "Cartagena",
           "Panama", "Singapore", "Penang", "Hong Kong", "Taipei", "Manila", "Bangkok", "Hanoi", "Sharjah")
_BRANDS = ("Northstar", "Atlas", "Delta", "Horizon", "Golden", "Star", "Ocean", "Eagle", "Phoenix", "Silk Road",
           "Crescent", "Pioneer", "Summit", "Royal", "Global", "United", "Falcon", "Orient", "Prime", "Blue Sky",
           "Green", "Sun", "Crown", "Victory", "Unity", "Alliance", "Future", "Asia", "Euro", "Pacific")
_FORM_WORDS = {w for tokens, _ in FORMS for w in tokens}
CULTURES: dict[str, frozenset[str]] = {
    "spanish": frozenset("MX CO VE ES AR PE EC GT HN SV NI CU PA BO CL PY UY DO".split()),
    "arabic": frozenset("SA AE IQ SY LB JO YE LY EG SD KW QA BH OM DZ MA TN PS SO".split()),
    "russian": frozenset("RU UA BY KZ".split()),
    "chinese": frozenset("CN HK TW".split()),
    "korean": frozenset("KP KR".split()),
    "persian": frozenset("IR AF".split()),
}


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def perturb_initials(name: str, rng: random.Random, rare: set[str]) -> str | None:
    """Given names to initials; the family name (before the comma) must be rare on the lists."""
    if name.count(",") != 1:
        return None
    family, given = (part.split() for part in name.split(","))
    if not family or not given or not all(fold(w) in rare for w in family if fold(w)):
        return None
    keep = len(given) if rng.random() < 0.6 else 1
    letters = [g[0].upper() for g in given[:keep] if g[:1].isalpha()]
    if not letters:
        return None
    # as documents write them: spaced or run together, before the family name or after it (drawn from
    # the name, so the other kinds of the set keep their samples)
    style = random.Random(name).randrange(4)
    initials = "".join(f"{c}." for c in letters) if style in (1, 2) else " ".join(f"{c}." for c in letters)
    surname = " ".join(family)
    if style == 0 or style == 1:
        return f"{initials} {surname}"
    return f"{surname}, {initials}" if style == 3 else f"{surname} {initials}"


def perturb_particle(name: str, rng: random.Random) -> str | None:
    found = list(_PARTICLE_RE.finditer(name))
    if not found:
        return None
    m = rng.choice(found)
    particle = m.group(1).upper()
    if particle in ("AL", "EL") and rng.random() < 0.4:
        other = "EL" if particle == "AL" else "AL"
        return name[:m.start()] + other + m.group(2) + name[m.end():]
    out = (name[:m.start()] + name[m.end():]).strip(" ,")
    return out if len(_words(out)) >= 1 and out != name else None


def perturb_compound(name: str, rng: random.Random) -> str | None:
    if name.count(",") == 1:   # within the family or the given names, never across the comma
        family, given = name.split(",")
        part = rng.randrange(2)
        changed = perturb_compound((family, given)[part].strip(), rng)
        if changed is None:
            return None
        return f"{changed}, {given.strip()}" if part == 0 else f"{family.strip()}, {changed}"
    words = _words(name)
    upper = [w.upper() for w in words]
    joins = [i for i in range(len(words) - 1) if upper[i].strip("'") in _JOINERS]
    splits = [(i, j) for i, w in enumerate(upper) for j in (len(p) for p in _JOINERS if w.startswith(p))
              if len(w) - j >= 3]
    if joins and (not splits or rng.random() < 0.5):
        i = rng.choice(joins)
        tail = words[i + 1].replace("-", "")
        words[i:i + 2] = [words[i] + (tail.lower() if words[i][-1:].islower() else tail.upper())]
        return " ".join(words)
    if splits:
        i, j = rng.choice(splits)
        words[i:i + 1] = [words[i][:j], words[i][j:]]
        return " ".join(words)
    return None


def perturb_translit_system(name: str, rng: random.Random) -> str | None:
    upper = name.upper()
    options = [s for s in _SYSTEMS if any(re.search(a, upper) for a, _ in s)]
    if not options:
        return None
    for a, b in rng.choice(options):   # (word-initial j/y before a vowel as a pattern, the rest plain text)
        upper = re.sub(a, b, upper)
    return upper if upper != name.upper() else None


def perturb_legal_translated(name: str, rng: random.Random) -> str | None:
    words = fold(name).split()
    for size in (3, 2, 1):
        tail = tuple(words[-size:])
        code = next((c for tokens, c in FORMS if tokens == tail), None)
        if code is None or len(words) <= size:
            continue
        others = [" ".join(t) for t, c in FORMS if c == code and t != tail and len(" ".join(t)) > 2]
        if not others:
            return None
        stem = name.split()[: -size] if len(name.split()) > size else words[:-size]
        stem = [w for w in stem]
        generic = [i for i, w in enumerate(stem) if w.upper().strip(",.") in _GENERIC]
        if generic and len(stem) > 2 and rng.random() < 0.6:
            del stem[rng.choice(generic)]
        return f"{' '.join(stem).rstrip(',')} {rng.choice(others).title()}"
    return None


_TITLES = frozenset("""dr mr mrs haji hajji hadji shaikh sheikh shaykh sheik mullah mulla maulana mawlawi maulvi
qari sayyid sayed seyed seyyed syed mir general colonel col gen""".split())
_NOT_A_NAME = _TITLES | {p.lower() for p in PARTICLES} | _FORM_WORDS | {"abd", "abdul", "abou", "abo"}


def _entity_df(lists: SanctionsList, types: tuple[str, ...]) -> Counter[str]:
    # per entity, not per name: one man's twenty aliases do not make his name common
    df: Counter[str] = Counter()
    for e in lists.entities:
        if e.type in types:
            df.update({w for n in e.names for w in fold(n.text).split()})
    return df


def rare_family_names(lists: SanctionsList) -> set[str]:
    """Folded words of at most two listed entities: family names that can carry a match alone."""
    return {w for w, c in _entity_df(lists, ("person", "organisation")).items() if c <= 2}


def _common_words(lists: SanctionsList, at_least: int) -> set[str]:
    return {w for w, c in _entity_df(lists, ("person",)).items()
            if c >= at_least and len(w) >= 3 and w not in _NOT_A_NAME}


def _persons(lists: SanctionsList) -> list[tuple[Entity, list[str], list[str]]]:
    """(entity, family words, given words) of listed people written "FAMILY, Given"."""
    out = []
    for e in lists.entities:
        if e.type != "person":
            continue
        for n in e.names:
            if n.text.count(",") == 1 and not n.low_quality and n.text.isascii():
                family, given = (fold(part).split() for part in n.text.split(","))
                if family and given:
                    out.append((e, family, given))
    return out


def subset_names(lists: SanctionsList, rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    common = _common_words(lists, 5)
    # the listed name has at least four words, two of them family names: the first given name and one
    # family name cover half of it or less and leave a family name out; with the whole family name the
    # declared name would be the listed one without its middle names (a drop_middle positive)
    pool = [(e, f, g) for e, f, g in _persons(lists)
            if len([w for w in f + g if w not in _NOT_A_NAME]) >= 4 and g[0] in common
            and len([w for w in f if w not in _NOT_A_NAME]) >= 2 and any(w in common for w in f)]
    out = []
    for _ in range(count * 3):
        if len(out) >= count or not pool:
            break
        e, family, given = rng.choice(pool)
        fam = rng.choice([w for w in family if w in common])
        name = f"{given[0].title()} {fam.title()}" if rng.random() < 0.7 else f"{fam.upper()}, {given[0].title()}"
        out.append((name, rng.choice(e.countries) if e.countries and rng.random() < 0.5 else None))
    return out


def company_names(lists: SanctionsList, rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    forms = ("Limited", "Ltd", "Co., Ltd.", "LLC", "Pvt Ltd", "FZE", "JSC", "GmbH", "S.A.", "Trading LLC", "")
    generic = ("Trading", "General Trading", "Shipping", "Logistics", "Group", "International", "Industries",
               "Import Export", "Holding", "Investment", "Energy", "Petroleum", "Marine Services", "Technology")
    out = []
    for _ in range(count):
        city = rng.choice(_CITIES)
        parts = [city, rng.choice(_BRANDS), rng.choice(generic), rng.choice(forms)]
        if rng.random() < 0.3:
            parts = parts[1:3] + [f"({city})"] + parts[3:]
        out.append((" ".join(p for p in parts if p), None))
    return out


def language_names(lists: SanctionsList, rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    common = _common_words(lists, 5)
    by_culture: dict[str, list[tuple[Entity, list[str], list[str]]]] = defaultdict(list)
    for e, family, given in _persons(lists):
        for culture, countries in CULTURES.items():
            if countries.intersection(e.countries):
                by_culture[culture].append((e, family, given))
    cultures = sorted(c for c, people in by_culture.items() if len(people) >= 10)
    out = []
    for _ in range(count * 3):
        if len(out) >= count or not cultures:
            break
        culture = rng.choice(cultures)
        (e1, _, given), (_, family, given2) = rng.sample(by_culture[culture], 2)
        fam = [w for w in family if w in common]
        giv = [w for w in given if w in common]
        if not fam or not giv:
            continue
        if culture in ("korean", "chinese"):
            # a given name of two syllables is one name, written apart: both or neither
            if len(given) != 2 or not all(w in common for w in given):
                continue
            words = [fam[0], *given] if rng.random() < 0.5 else [*given, fam[0]]
        else:
            words = [giv[0]] + ([given2[0]] if rng.random() < 0.3 and given2[0] in common else []) + [rng.choice(fam)]
        countries = sorted(CULTURES[culture].intersection(e1.countries)) or sorted(CULTURES[culture])
        out.append((" ".join(w.title() for w in words), rng.choice(countries) if rng.random() < 0.6 else None))
    return out
