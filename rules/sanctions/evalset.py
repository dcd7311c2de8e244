"""A labelled evaluation set built from the real lists: perturbed list names and realistic negatives.

Positives take a list name (primary or good alias) and change it the way names
change on declarations; each carries the kind of change and the entity it came
from. Negatives are importer/exporter-like company and person names built from
common given names, surnames and company word stems, minus any that equal a
list name after normalisation; `hard_negatives` adds the kinds that look like
listed names (evalset_hard.py). Everything is seeded: the same seed, the same set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from itertools import combinations

import msgspec

from rules.sanctions import evalset_hard as hard
from rules.sanctions.model import SanctionsList
from rules.sanctions.normalize import NormalizedName, is_screenable, normalize_name

KINDS = ("exact", "typo", "typo_every_token", "drop_middle", "add_middle", "swap", "translit",
         "legal_form", "spacing", "initials", "particle", "compound", "translit_system", "legal_translated")
NEGATIVE_KINDS = ("negative", "negative_subset", "negative_company", "negative_language")


class Sample(msgspec.Struct, frozen=True):
    name: str
    kind: str                    # a KINDS value, or "negative"
    entity_id: str | None = None
    source_name: str | None = None
    country: str | None = None

_GIVEN = """
Jan Pieter Kees Willem Sanne Eva Lotte Daan Bram Thijs Anna Emma Sophie Lucas Noah Liam Hans Klaus Jurgen Stefan
Andreas Thomas Michael Sabine Petra Monika Ursula Wolfgang Dieter Pierre Jean Michel Philippe Nicolas Camille Julie
Isabelle Marie Nathalie Francois Luca Marco Giuseppe Giovanni Francesca Chiara Alessandro Matteo Carlos Javier
Miguel Alejandro Lucia Carmen Pablo Diego Jose Antonio Maria Ana Joao Pedro Tiago Rui Piotr Krzysztof Tomasz
Agnieszka Katarzyna Magdalena Marek Pawel John James Robert David William Richard Sarah Emily Jessica Daniel
Mehmet Mustafa Ahmet Emre Burak Elif Zeynep Fatma Ayse Hakan Oguz Wei Jing Li Ming Hui Yan Jun Hao Xin Lei Raj
Priya Amit Sunil Anil Deepak Neha Pooja Rahul Vikram Sanjay Kenji Hiroshi Yuki Takashi Sakura Olga Irina Natalia
Svetlana Dmitri Sergei Andrei Alexei Nikolai Pavel Oksana Taras Bogdan Lars Erik Nils Ingrid Astrid Karin Mikko
Jukka Aino Sven Bjorn Anders Kristof Peter Laszlo Zoltan Eszter Milan Petr Jiri Tereza Nikos Giorgos Eleni Dimitris
Omar Youssef Karim Layla Nadia Samir Rachid Fatima Hassan Khalid Amina Tariq Bilal Farid Leila
""".split()

_SURNAMES = """
Jansen DeVries VanDijk Bakker Visser Smit Meijer DeBoer Mulder DeGroot Bos Vos Peters Hendriks VanLeeuwen Dekker
Brouwer DeWit Dijkstra Smits Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter
Klein Wolf Schroder Neumann Schwarz Zimmermann Braun Hofmann Martin Bernard Dubois Thomas Robert Richard Petit
Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia Fernandez Lopez Martinez Sanchez Perez Gomez Diaz Rossi
Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti DeLuca Costa Silva Santos
Ferreira Pereira Oliveira Rodrigues Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski
Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Clark Lewis Walker Hall Young Yilmaz Kaya
Demir Sahin Celik Yildiz Aydin Ozturk Arslan Dogan Wang Zhang Liu Chen Yang Huang Zhao Zhou Wu Sun Gupta Sharma
Patel Singh Kumar Reddy Iyer Nair Mehta Shah Tanaka Suzuki Watanabe Yamamoto Nakamura Kobayashi Ivanova Petrova
Smirnova Kuznetsova Sokolov Popov Lebedev Novikov Morozova Volkova Kovalenko Bondarenko Shevchenko Tkachenko
Johansson Andersson Karlsson Nilsson Eriksson Larsen Nielsen Hansen Pedersen Virtanen Korhonen Nagy Horvath Toth
Novak Svoboda Dvorak Papadopoulos Nikolaidis Haddad Mansour Nasser Khoury Benali Bouzid Amrani ElIdrissi Saleh
Farouk Qureshi Malik Chaudhry
""".split()

_STEMS = """
Nordic Atlas Orion Delta Zenith Vertex Apex Summit Horizon Harbor Coastal Alpine Rhine Maas Danube Baltic Iberia
Adriatic Polar Sunrise Evergreen Greenfield Bluewater Silverline Goldcrest Redwood Oakridge Pinecrest Westbrook
Eastgate Northstar Southport Lakeside Riverside Hillcrest Meadow Prime Vital Nova Terra Aqua Solar Lumen Vector
Quantum Fusion Pioneer Heritage Royal Crown Eagle Falcon Phoenix Lion Tiger Dolphin Beacon Compass Anchor Bridge
Keystone Cornerstone Fairway Highland Lowland Maple Cedar Willow Birch Linden Tulip Windmill Dutch Holland Flevo
Brabant Zeeland Hanse Bavaria Saxonia Rhenus Lombardia Toscana Provence Normandie Bretagne Catalonia Andalucia
Anatolia Bosporus Shenzhen Ningbo Xiamen Qingdao Guangzhou Yiwu Pune Chennai Mumbai Osaka Nagoya Busan Incheon
Hanoi Saigon Penang Johor Durban Lagos Nairobi Santos Rosario Valparaiso Callao Veracruz Montreal Halifax Boston
Jansen Muller Rossi Garcia Kowalski Yilmaz Wang Patel Tanaka Nilsson Hansen Novak Dubois Bakker Schmidt Peeters
""".split()

_SECTORS = """
Logistics Trading Foods Textiles Machinery Electronics Chemicals Plastics Metals Steel Paper Packaging Furniture
Pharma Medical Automotive Parts Components Tools Hardware Software Agro Seafood Fruit Flowers Coffee Tea Spices
Beverages Wines Dairy Meat Grain Timber Ceramics Glass Lighting Cosmetics Apparel Footwear Toys Sports Marine
Freight Forwarding Distribution Imports Exports Supply Solutions Industries Manufacturing Engineering Systems
Technologies Instruments Optics Bearings Valves Pumps Cables Tiles Stone Energy Solar Batteries Bikes Outdoor
""".split()

_FORMS = ("B.V.", "BV", "N.V.", "GmbH", "GmbH & Co. KG", "AG", "S.A.", "SA", "S.A.S.", "SARL", "S.r.l.", "S.p.A.",
          "S.L.", "Ltd", "Ltd.", "Limited", "LLC", "Inc.", "Corp.", "Co., Ltd.", "Sp. z o.o.", "s.r.o.", "A.S.",
          "AB", "Oy", "ApS", "A/S", "PLC", "Pvt. Ltd.", "Pte. Ltd.", "K.K.", "Kft.", "d.o.o.", "")

# perturbation tables
_TRANSLIT: tuple[tuple[str, str], ...] = (
    ("MOHAMMED", "MUHAMMAD"), ("MUHAMMAD", "MOHAMED"), ("MOHAMMAD", "MUHAMMED"), ("AHMED", "AHMAD"),
    ("AHMAD", "AHMED"), ("HASSAN", "HASAN"), ("HUSSEIN", "HUSAYN"), ("YUSUF", "YOUSSEF"), ("ABDUL", "ABD AL"),
    ("ABD AL", "ABDUL"), ("OU", "U"), ("KH", "H"), ("Y", "I"), ("IY", "Y"), ("PH", "F"), ("W", "V"), ("V", "W"),
    ("J", "DJ"), ("ZH", "J"), ("SH", "SCH"), ("CH", "TCH"), ("EE", "I"), ("OO", "U"), ("OV", "OFF"), ("EV", "EFF"),
    ("Q", "K"), ("K", "C"), ("C", "K"), ("X", "KS"), ("AL-", "EL-"), ("EI", "EY"), ("IA", "IYA"), ("U", "OU"),
    ("I", "EE"), ("E", "A"), ("A", "E"), ("O", "U"),
)
_MIDDLE = ("ALI", "MOHAMMED", "AHMED", "HASSAN", "IVANOVICH", "PETROVICH", "JOSE", "MARIA", "ABDUL", "BIN", "IBN",
           "HUSSEIN", "SERGEYEVICH", "KHALIL", "OMAR", "LUIS", "ANTONIO", "MIN", "YONG", "IBRAHIM")
_LEGAL_ADD = ("LLC", "LTD", "CO., LTD.", "JSC", "OOO", "GMBH", "S.A.", "FZE", "INC.", "CORP.", "LIMITED", "PJSC")
_LEGAL_RE = re.compile(r"[ ,]*\b(CO\.?,? LTD\.?|LTD\.?|LIMITED|LLC|L\.L\.C\.|JSC|PJSC|OJSC|CJSC|OOO|ZAO|OAO|PAO|AO|"
                       r"GMBH|S\.A\.?|SA|S\.A\. DE C\.V\.|FZE|FZCO|INC\.?|CORP\.?|CORPORATION|COMPANY|CO\.?|PLC|"
                       r"B\.V\.|BV|N\.V\.|NV|SARL|SRL|S\.R\.L\.|LLP)$", re.IGNORECASE)


def _typo(tok: str, rng: random.Random) -> str:
    if len(tok) < 4:
        return tok
    i = rng.randrange(1, len(tok) - 1)
    op = rng.randrange(4)
    letters = "abcdefghijklmnopqrstuvwxyz"
    letter = rng.choice(letters).upper() if tok.isupper() else rng.choice(letters)
    if op == 0:
        return tok[:i] + letter + tok[i + 1:]
    if op == 1:
        return tok[:i] + tok[i + 1:]
    if op == 2:
        return tok[:i] + letter + tok[i:]
    return tok[:i - 1] + tok[i] + tok[i - 1] + tok[i + 1:]


def _tokens(name: str) -> list[str]:
    return name.replace(",", " ").split()


def perturb_typo(name: str, rng: random.Random) -> str | None:
    toks = _tokens(name)
    long = [i for i, t in enumerate(toks) if len(t) >= 4]
    if not long:
        return None
    i = rng.choice(long)
    toks[i] = _typo(toks[i], rng)
    return " ".join(toks)


def perturb_typo_every(name: str, rng: random.Random) -> str | None:
    toks = _tokens(name)
    if sum(len(t) >= 4 for t in toks) < 2:
        return None
    return " ".join(_typo(t, rng) for t in toks)


def perturb_drop_middle(name: str, rng: random.Random) -> str | None:
    """A middle name left out: in "SURNAME, Given Middle" one of the given names after the first,
    otherwise an inner token; the first given name and the family name stay."""
    if name.count(",") == 1:
        family, given = name.split(",")
        names = given.split()
        if len(names) < 2:
            return None
        del names[rng.randrange(1, len(names))]
        return f"{family.strip()}, {' '.join(names)}"
    toks = _tokens(name)
    if len(toks) < 3:
        return None
    del toks[rng.randrange(1, len(toks) - 1)]
    return " ".join(toks)


def perturb_add_middle(name: str, rng: random.Random) -> str | None:
    toks = _tokens(name)
    if len(toks) < 2:
        return None
    toks.insert(rng.randrange(1, len(toks)), rng.choice(_MIDDLE))
    return " ".join(toks)


def perturb_swap(name: str, rng: random.Random) -> str | None:
    if "," in name:
        before, after = name.split(",", 1)
        return f"{after.strip()} {before.strip()}"
    toks = _tokens(name)
    if len(toks) < 2:
        return None
    while True:
        shuffled = toks[:]
        rng.shuffle(shuffled)
        if shuffled != toks:
            return " ".join(shuffled)


def perturb_translit(name: str, rng: random.Random) -> str | None:
    upper = name.upper()
    options = [(a, b) for a, b in _TRANSLIT if a in upper]
    if not options:
        return None
    a, b = rng.choice(options[:6] if len(options) > 6 else options)
    spots = [m.start() for m in re.finditer(re.escape(a), upper)]
    at = rng.choice(spots)
    return upper[:at] + b + upper[at + len(a):]


def perturb_legal(name: str, rng: random.Random) -> str | None:
    stripped = _LEGAL_RE.sub("", name).strip(" ,.")
    if stripped != name.strip() and stripped and rng.random() < 0.5:
        return stripped
    base = stripped or name
    return f"{base} {rng.choice(_LEGAL_ADD)}"


def perturb_spacing(name: str, rng: random.Random) -> str | None:
    toks = _tokens(name)
    choice = rng.randrange(4)
    if choice == 0 and len(toks) >= 2:          # two tokens written together
        i = rng.randrange(len(toks) - 1)
        toks[i:i + 2] = [toks[i] + toks[i + 1]]
        return " ".join(toks)
    if choice == 1 and "-" in name:              # hyphens become spaces or vanish
        return name.replace("-", rng.choice(["", " "]))
    if choice == 2:                              # punctuation and case
        return ". ".join(t.title() for t in toks) + "."
    long = [i for i, t in enumerate(toks) if len(t) >= 6]
    if long:                                     # one token split in two
        i = rng.choice(long)
        cut = rng.randrange(2, len(toks[i]) - 2)
        toks[i:i + 1] = [toks[i][:cut], toks[i][cut:]]
        return " ".join(toks)
    return "  ".join(t.lower() for t in toks)


PERTURBATIONS: dict[str, Callable[[str, random.Random], str | None]] = {
    "exact": lambda n, r: n.title() if r.random() < 0.5 else n.lower(),
    "typo": perturb_typo,
    "typo_every_token": perturb_typo_every,
    "drop_middle": perturb_drop_middle,
    "add_middle": perturb_add_middle,
    "swap": perturb_swap,
    "translit": perturb_translit,
    "legal_form": perturb_legal,
    "spacing": perturb_spacing,
    "particle": hard.perturb_particle,
    "compound": hard.perturb_compound,
    "translit_system": hard.perturb_translit_system,
    "legal_translated": hard.perturb_legal_translated,
}
_ORG_ONLY = {"legal_form", "legal_translated"}
_PERSON_ONLY = {"drop_middle", "add_middle", "initials"}


def positives(lists: SanctionsList, per_kind: int, seed: int = 7) -> list[Sample]:
    """per_kind perturbed list names for each kind of change."""
    rng = random.Random(seed)
    pool = [(e, n) for e in lists.entities if e.type in ("person", "organisation")
            for n in e.names if not n.low_quality and n.text.isascii()
            and is_screenable(normalize_name(n.text)) and len(normalize_name(n.text).tokens) >= 1]
    rare = hard.rare_family_names(lists)
    perturbations = dict(PERTURBATIONS, initials=lambda n, r: hard.perturb_initials(n, r, rare))
    out: list[Sample] = []
    for kind in KINDS:
        fn = perturbations[kind]
        made = 0
        while made < per_kind:
            entity, name = rng.choice(pool)
            if kind in _ORG_ONLY and entity.type != "organisation":
                continue
            if kind in _PERSON_ONLY and entity.type != "person":
                continue
            text = fn(name.text, rng)
            if not text or not is_screenable(normalize_name(text)):
                continue
            country = rng.choice(entity.countries) if entity.countries and rng.random() < 0.3 else None
            out.append(Sample(text, kind, entity.entity_id, name.text, country))
            made += 1
    return out


def is_found(sample: Sample, match) -> bool:
    """The match is the sample's entity, or another entry listed under the very same name
    (OFAC and UN list many people twice; "AL-AQSA FOUNDATION" is several entities)."""
    if match.entity.entity_id == sample.entity_id:
        return True
    return sample.source_name is not None and (
        normalize_name(match.name.text).skeletons == normalize_name(sample.source_name).skeletons)


def _spaced(surname: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", surname)


def _person(rng: random.Random) -> str:
    given, surname = rng.choice(_GIVEN), _spaced(rng.choice(_SURNAMES))
    style = rng.randrange(5)
    if style == 0:
        return f"{surname.upper()}, {given}"
    if style == 1:
        return f"{given} {rng.choice(_GIVEN)[0]}. {surname}"
    if style == 2:
        return f"{given} {rng.choice(_GIVEN)} {surname}"
    return f"{given} {surname}"


def _company(rng: random.Random) -> str:
    stem = _spaced(rng.choice(_STEMS))
    style = rng.randrange(6)
    if style == 0:
        name = f"{stem} {rng.choice(_SECTORS)}"
    elif style == 1:
        name = f"{stem} {rng.choice(_SECTORS)} {rng.choice(_SECTORS)}"
    elif style == 2:
        name = f"{_spaced(rng.choice(_SURNAMES))} & {_spaced(rng.choice(_SURNAMES))} {rng.choice(_SECTORS)}"
    elif style == 3:
        name = f"{_spaced(rng.choice(_SURNAMES))} {rng.choice(_SECTORS)}"
    elif style == 4:
        name = f"{stem}{rng.choice(['tec', 'tex', 'mar', 'trans', 'chem', 'plast', 'com', 'log'])}"
    else:
        name = f"{stem} {rng.choice(['International', 'Europe', 'Holland', 'Group', 'Global', 'Benelux'])}"
    form = rng.choice(_FORMS)
    return f"{name} {form}".strip()


_EU = ("NL", "DE", "BE", "FR", "IT", "ES", "PL", "CN", "TR", "GB", "US", "IN", "JP", None)


def negatives(lists: SanctionsList, count: int, seed: int = 11) -> list[Sample]:
    """count realistic company and person names that are not, normalised, any list name."""
    rng = random.Random(seed)
    listed = {normalize_name(n.text).skeletons for e in lists.entities for n in e.names}
    out: list[Sample] = []
    seen: set[str] = set()
    while len(out) < count:
        text = _company(rng) if rng.random() < 0.6 else _person(rng)
        if text in seen or normalize_name(text).skeletons in listed:
            continue
        seen.add(text)
        out.append(Sample(text, "negative", country=rng.choice(_EU)))
    return out


_LOOSE_DROP = frozenset(p.lower() for p in hard.PARTICLES)


def _loose_key(name: NormalizedName) -> tuple[str, ...]:
    # A negative must not be a listed name written another way: in any order ("Chol Song Kim" is
    # "KIM, Song Chol"), without its particles ("Fawaz, Khalid" is "AL-FAWWAZ, Khalid") or initials.
    return tuple(sorted(s for t, s in zip(name.tokens, name.skeletons) if len(t) > 1 and t not in _LOOSE_DROP))


def _core_key(name: NormalizedName) -> frozenset[str]:
    # the first given name and the family names, as _loose_key reads them
    return frozenset(s for t, s, core in zip(name.tokens, name.skeletons, name.core)
                     if core and len(t) > 1 and t not in _LOOSE_DROP)


def _listed_people(lists: SanctionsList) -> set[frozenset[str]]:
    """The core words (first given name, family names) of listed persons' names that have two or more,
    weak aliases aside."""
    return {key for e in lists.entities if e.type == "person" for n in e.names if not n.low_quality
            and len(key := _core_key(normalize_name(n.text, legal=False))) >= 2}


def _holds_a_listed_name(key: tuple[str, ...], people: set[frozenset[str]]) -> bool:
    # "Husayn Bashar Asad" holds "AL-ASSAD, Bashar" whole, "Mohammad Jafari" the first given name and
    # the family name of "JAFARI, Mohammad Ali": those are listed names with a name added or left out
    # (the add_middle and drop_middle positives), not names on no list
    words = sorted(set(key))
    return any(frozenset(part) in people for size in range(2, len(words) + 1) for part in combinations(words, size))


def hard_negatives(lists: SanctionsList, per_kind: int, seed: int = 13) -> list[Sample]:
    """per_kind names of each hard negative kind (evalset_hard.py): none a list name once normalised, none
    holding a listed person's first given name and family names."""
    rng = random.Random(seed)
    listed = {_loose_key(normalize_name(n.text)) for e in lists.entities for n in e.names}
    people = _listed_people(lists)
    out: list[Sample] = []
    builders = (("negative_subset", hard.subset_names), ("negative_company", hard.company_names),
                ("negative_language", hard.language_names))
    for kind, build in builders:
        seen: set[str] = set()
        for text, country in build(lists, rng, per_kind * 4):
            if len(seen) >= per_kind:
                break
            norm = normalize_name(text)
            key = _loose_key(norm)
            if text in seen or key in listed or _holds_a_listed_name(key, people) or not is_screenable(norm):
                continue
            seen.add(text)
            out.append(Sample(text, kind, country=country))
    return out
