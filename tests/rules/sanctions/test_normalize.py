from __future__ import annotations

import random

import pytest

from rules.sanctions.normalize import (_fold_tokens, _fold_words, initials_reading, is_screenable, normalize_name,
                                      person_reading, skeleton)


@pytest.mark.parametrize("text, tokens, forms", [
    ("ANGLO-CARIBBEAN CO., LTD.", ("anglo", "caribbean"), ("ltd",)),
    ("KIM, Kwang-Il", ("kwang", "il", "kim"), ()),
    ("OOO Romashka", ("romashka",), ("llc",)),
    ("Romashka, OOO", ("romashka",), ("llc",)),
    ("ACME, Inc.", ("acme",), ("inc",)),
    ("Müller Logistik GmbH & Co. KG", ("muller", "logistik"), ("gmbh",)),
    ("G Y R ARQUITECTOS, S. DE R.L. DE C.V.", ("g", "y", "r", "arquitectos"), ("sa",)),
    ("PUBLIC JOINT STOCK COMPANY ROSNEFT OIL", ("rosneft", "oil"), ("jsc",)),
    ("Иванов Сергей", ("ivanov", "sergey"), ()),
    ("SAB'AWI Ibrahim", ("sabawi", "ibrahim"), ()),
    ("GHOMMARIMuhammad", ("ghommari", "muhammad"), ()),
    ("LLC", ("llc",), ()),
    ("AFAQ DUBAI COMAPNY", ("afaq", "dubai"), ("inc",)),
    ("SENAT SHIPPING AND TRADING PRIVTAE LIMIETD", ("senat", "shipping", "trading"), ("ltd",)),
    ("JONT STOK COMANY SEVASTOPOLSKY MORSKOY BANK", ("sevastopolsky", "morskoy", "bank"), ("jsc",)),
    ("COPROVA SARL", ("coprova",), ("sa",)),
    ("HOME AND AWAY LTDD", ("home", "away", "ltdd"), ()),
    ("HONG PANG ELECTRONIC INDUSTRIES LIMI TED", ("hong", "pang", "electronic", "industries"), ("ltd",)),
    ("PUMA SECURITY COMP ANY", ("puma", "security"), ("inc",)),
    ("NPC INTERNATIONALCOMPANY", ("npc", "international"), ("inc",)),
    ("TAMAYOZLLC", ("tamayoz",), ("llc",)),
    ("Anco Ltd", ("anco",), ("ltd",)),                 # too short to hold a glued form word
    ("PRIGOZHIN Y.V.", ("prigozhin", "y", "v"), ()),   # initials run together
    ("M.A. KARIMI", ("m", "a", "karimi"), ()),
    ("ACME B.V.", ("acme",), ("bv",)),                 # the same writing of a legal form
    ("C.DURANSOY", ("c", "duransoy"), ()),              # an initial glued to the name by its dot
    ("Mr. Y. V. Prigozhin", ("y", "v", "prigozhin"), ()),   # a form of address is no part of the name
])
def test_normalize_name(text, tokens, forms):
    norm = normalize_name(text)
    assert norm.tokens == tokens
    assert norm.legal_forms == forms


def test_token_order_and_case_do_not_matter_for_the_token_set():
    a, b = normalize_name("Putin, Vladimir"), normalize_name("VLADIMIR   putin")
    assert sorted(a.skeletons) == sorted(b.skeletons)


@pytest.mark.parametrize("a, b", [("kharkov", "harkov"), ("youssef", "yusef"), ("smirnoff", "smirnov"),
                                  ("yevgeny", "evgeni"), ("abdullah", "abdulla"), ("kasim", "qasim")])
def test_romanisation_variants_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize("text, ok", [("", False), ("A", False), ("12345", False), ("X 1", False), ("ab", False),
                                      ("Li Na", True), ("HAMAS", True), ("--", False)])
def test_absurd_names_are_not_screenable(text, ok):
    assert is_screenable(normalize_name(text)) is ok


def test_a_name_folds_word_by_word_as_it_folds_whole(real_lists):
    # the matcher memoises folding per space-separated word: the words of a name must be those of its
    # words, whatever the script, case, dots, apostrophes and other punctuation
    rng = random.Random(3)
    alphabet = "aAbBkKhH .'-,&M.A.Ç ü Ж ё 中 ʼ\t" + "xyzXYZ"
    texts = [n.text for e in real_lists.entities for n in e.names]
    texts += ["KHANAnwar ali", "M.A. KARIMI", "C.DURANSOY", "S.A. de C.V.", "O'Neil  Ltd", "Иванов Сергей",
              "北京贸易 有限公司", "Dr.Y.V. Prigozhin", "AL-RAWI, Ahmad", " ", "", "x  y", "A.B.C.DEFG"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 25))) for _ in range(3000)]
    for text in texts:
        assert _fold_tokens(text) == _fold_words(text), text


@pytest.mark.parametrize("text, reading", [
    ("S.A. ZDRILIUK", ["s", "a", "zdriliuk"]),
    ("SHCHERBAKOV, K. K.", ["k", "k", "shcherbakov"]),
    ("JOUMAA A.S.", ["a", "s", "joumaa"]),
    ("ATLAS TRADING S.A.", None),          # a company word: a company's form
    ("ACME LLC", None),                    # no dotted letters
    ("SA JIDA TILFAH", None),
    ("M. A. KARIMI", None),                # initials already, no legal form to read twice
    ("PATRACA, S.A. DE C.V.", None),       # a form longer than initials
])
def test_a_legal_form_of_dotted_letters_also_reads_as_initials(text, reading):
    assert initials_reading(text) == reading


@pytest.mark.parametrize("text, words", [
    ("Kh. Orfali", ["k", "orfali"]),
    ("Yu. V. Andropov", ["y", "v", "andropov"]),
    ("Sh. Basayev", ["s", "basayev"]),
    ("Khalid Orfali", ["khalid", "orfali"]),      # no dot: a name, not an initial
])
def test_two_letter_initials_are_one_initial(text, words):
    assert _fold_tokens(text) == words


def test_a_listed_persons_name_keeps_the_words_that_spell_a_legal_form():
    assert normalize_name("PAO, Yu Hsiang", legal=False).tokens == ("yu", "hsiang", "pao")
    assert normalize_name("KIM, Se Gon", legal=False).tokens == ("se", "gon", "kim")
    assert normalize_name("PAO YU HSIANG").legal_forms == ("jsc",)      # a declared name cannot tell


@pytest.mark.parametrize("text, reading", [
    ("Pao Yu Hsiang", (["pao", "yu", "hsiang"], ["pao"])),
    ("Acme AG", (["acme", "ag"], ["ag"])),
    ("Acme S.A.", None),                  # dotted: a company's form, or initials
    ("Acme Trading SA", None),            # a company's word beside it
    ("Kim Se Gon", None),                 # no legal form to begin with
])
def test_a_declared_legal_form_may_also_read_as_a_name_word(text, reading):
    assert person_reading(text) == reading


@pytest.mark.parametrize("joined, apart", [("myongdok", ("my", "ongdok")), ("willmar", ("wi", "llmar")),
                                           ("wahab", ("wa", "hab")), ("cairo", ("ca", "iro"))])
def test_a_two_letter_word_and_the_next_read_as_the_one_word(joined, apart):
    assert skeleton(joined) == skeleton(apart[0]) + skeleton(apart[1])


@pytest.mark.parametrize("text, lead, at", [("LOPEZ RODRIGUEZ, Jorge Octavio", "lopez", 2), ("AL-RAWI, Umar", None, -1),
                                            ("GAXIOLA GARCIA, Maria Elena", "gaxiola", 2), ("Jorge Lopez", None, -1),
                                            ("MOHAMMED KUL, Mohammed Nour", "mohammed", 2),
                                            ("KHAN GALAT KHAN, Shahbaz", "khan", 1)])
def test_the_first_of_two_family_names_is_marked(text, lead, at):
    norm = normalize_name(text)
    assert (norm.tokens[norm.lead] if norm.lead >= 0 else None, norm.lead) == (lead, at)


@pytest.mark.parametrize("text, tokens, forms", [
    ("S.P. KATSUBA", ("s", "p", "katsuba"), ()),        # only the start of "sp. z o.o.": initials
    ("ACME S.P. Z O.O.", ("acme",), ("llc",)),
    ("FLORES CASTRO, S. DE R.L.", ("flores", "castro"), ("sa",)),
    ("BARRERA RIOS Y CIA. S. EN C.S.", ("barrera", "rios"), ("sa",)),
    ("Juan de Dios", ("juan", "de", "dios"), ()),
])
def test_dotted_letters_are_a_form_only_where_they_spell_one(text, tokens, forms):
    norm = normalize_name(text)
    assert (norm.tokens, norm.legal_forms) == (tokens, forms)


@pytest.mark.parametrize("text, tokens", [("Abd ullah", ("abdullah",)), ("Abd al-Rahman", ("abdul", "rahman")),
                                          ("Abd eljalil", ("abdel", "jalil"))])
def test_abd_and_what_follows_are_read_as_one_name(text, tokens):
    assert normalize_name(text).tokens == tokens
