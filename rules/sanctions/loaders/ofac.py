"""OFAC SDN legacy CSV: sdn.csv (entries), alt.csv (aliases), add.csv (addresses -> countries).

Columns, no header; `-0-` means empty:
  sdn: ent_num, name, type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks
  alt: ent_num, alt_num, alt_type (aka|fka|nka), alt_name, remarks
  add: ent_num, add_num, address, city/state/postal, country, remarks
Weak aliases are not in alt.csv: OFAC writes them in the remarks as a.k.a. 'NAME'.
"""

from __future__ import annotations

import csv
import io
import re

from rules.errors import ListError
from rules.sanctions.countries import country_code
from rules.sanctions.model import Entity, EntityType, ListName

_TYPES: dict[str, EntityType] = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "organisation"}
_ALT_KINDS = {"aka": "aka", "fka": "fka", "nka": "nka"}
_WEAK = re.compile(r"\b([afn])\.k\.a\. '([^']+)'")
_NATIONALITY = re.compile(r"\b(?:[Nn]ationality|[Cc]itizen) ([A-Z][A-Za-z ,.'()-]+?)[;.]")


def _rows(data: bytes, file: str, width: int) -> list[list[str]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older OFAC files were Latin-1
    text = text.replace("\x1a", "")  # the files end with a DOS end-of-file byte
    rows: list[list[str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < width:
            raise ListError(file, f"line {number}: {len(row)} columns, expected {width}")
        if not row[0].strip().isdigit():
            raise ListError(file, f"line {number}: entry number {row[0]!r} is not a number")
        rows.append([_cell(c) for c in row])
    if not rows:
        raise ListError(file, "no entries")
    return rows


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _programme(raw: str) -> str:
    return "; ".join(p.strip(" []") for p in raw.split("] [") if p.strip(" []"))


def parse(sdn: bytes, sdn_file: str, alt: bytes | None = None, alt_file: str = "alt.csv",
          add: bytes | None = None, add_file: str = "add.csv") -> list[Entity]:
    """Entities of one OFAC SDN set; raises ListError naming the file that is not SDN CSV."""
    entries = _rows(sdn, sdn_file, 12)
    aliases: dict[str, list[ListName]] = {}
    if alt is not None:
        for row in _rows(alt, alt_file, 5):
            kind = _ALT_KINDS.get(row[2].lower())
            if kind is None or not row[3]:
                raise ListError(alt_file, f"alias {row[1]}: alt_type {row[2]!r} or name missing")
            aliases.setdefault(row[0], []).append(ListName(row[3], kind))  # type: ignore[arg-type]
    countries: dict[str, set[str]] = {}
    if add is not None:
        for row in _rows(add, add_file, 6):
            code = country_code(row[4])
            if code:
                countries.setdefault(row[0], set()).add(code)
    entities = []
    for row in entries:
        ent, name, typ = row[0], row[1], row[2].lower()
        if not name:
            raise ListError(sdn_file, f"entry {ent}: no name")
        if typ not in _TYPES:
            raise ListError(sdn_file, f"entry {ent}: unknown type {row[2]!r}")
        weak = [ListName(n.strip(), _ALT_KINDS[k + "ka"], True)  # type: ignore[arg-type]
                for k, n in _WEAK.findall(row[11]) if n.strip()]
        codes = set(countries.get(ent, ()))
        for text in (row[9], *_NATIONALITY.findall(row[11])):
            code = country_code(text)
            if code:
                codes.add(code)
        entities.append(Entity(
            entity_id=f"OFAC-{ent}", source="OFAC", programme=_programme(row[3]), type=_TYPES[typ],
            names=(ListName(name), *aliases.get(ent, ()), *weak), countries=tuple(sorted(codes)),
        ))
    return entities
