"""Code formats of the declaration line and their integer forms for the kernels.

Commodity codes become 10-digit integers (right-padded with zeros) plus their
length, so that a prefix is a pair (padded value, length) and a line matches a
prefix when its own first digits equal it and it is at least as long. Countries
become an index over the 26 x 26 two-letter space, so any code the contract
admits (ISO 3166-1 or an EU customs code such as XI or XS) has a slot.
"""

from __future__ import annotations

import re

COMMODITY_PREFIX = re.compile(r"^[0-9]{2,10}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
DOCUMENT = re.compile(r"^[A-Z0-9]{4}$")
PROCEDURE_PREFIX = re.compile(r"^[0-9]{2}([0-9]{2})?$")
DECLARATION_TYPE = re.compile(r"^(H[1-7]|I1|B[1-4]|C[12]|D[1-4]|F[0-9]{2})$")

DIRECTIONS: dict[str, int] = {"IMPORT": 1, "EXPORT": 2, "ENTRY": 4, "TRANSIT": 8}
COUNTRY_FIELDS: tuple[str, ...] = ("origin", "dispatch", "export", "destination")
N_COUNTRIES = 26 * 26
COUNTRY_WORDS = (N_COUNTRIES + 63) // 64
CODE_DIGITS = 10
POW10 = tuple(10 ** k for k in range(CODE_DIGITS + 1))


def _declaration_types() -> tuple[str, ...]:
    types = [f"H{i}" for i in range(1, 8)] + ["I1"] + [f"B{i}" for i in range(1, 5)]
    types += ["C1", "C2"] + [f"D{i}" for i in range(1, 5)] + [f"F{i:02d}" for i in range(100)]
    return tuple(types)


DECLARATION_TYPES: tuple[str, ...] = _declaration_types()
DECLARATION_TYPE_INDEX: dict[str, int] = {t: i for i, t in enumerate(DECLARATION_TYPES)}
TYPE_WORDS = (len(DECLARATION_TYPES) + 63) // 64


def padded(code: str) -> int:
    """'7208' -> 7208000000: the code's first digits as a 10-digit integer."""
    return int(code.ljust(CODE_DIGITS, "0"))


def country_index(code: str) -> int:
    return (ord(code[0]) - 65) * 26 + (ord(code[1]) - 65)


def country_code(index: int) -> str:
    return chr(65 + index // 26) + chr(65 + index % 26)


def expand_commodity(item: str) -> list[str]:
    """'7206-7229' -> ['7206', ..., '7229']; a plain prefix -> [prefix]. Raises ValueError."""
    if "-" in item:
        low, _, high = item.partition("-")
        if not (COMMODITY_PREFIX.match(low) and COMMODITY_PREFIX.match(high)) or len(low) != len(high):
            raise ValueError(f"malformed commodity range {item!r} (two prefixes of equal length)")
        if int(high) < int(low):
            raise ValueError(f"commodity range {item!r} runs backwards")
        return [str(n).zfill(len(low)) for n in range(int(low), int(high) + 1)]
    if not COMMODITY_PREFIX.match(item):
        raise ValueError(f"malformed commodity code {item!r} (2 to 10 digits)")
    return [item]


def display_code(code: str) -> str:
    """'7208390000' -> '7208 39 00 00', the way customs texts print CN and TARIC codes."""
    head, tail = code[:4], code[4:]
    return " ".join([head] + [tail[i:i + 2] for i in range(0, len(tail), 2)])
