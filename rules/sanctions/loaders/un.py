"""UN Security Council Consolidated List XML (CONSOLIDATED_LIST / INDIVIDUALS, ENTITIES).

A name is FIRST_NAME..FOURTH_NAME joined; NAME_ORIGINAL_SCRIPT is kept as an alias
(transliteration happens at match time). Alias QUALITY: individuals Good / Low,
entities a.k.a. / f.k.a.; Low is kept but marked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rules.errors import ListError
from rules.sanctions.countries import country_code
from rules.sanctions.model import Entity, EntityType, ListName

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_COUNTRY_PATHS = ("NATIONALITY/VALUE", "INDIVIDUAL_ADDRESS/COUNTRY", "ENTITY_ADDRESS/COUNTRY",
                  "CITIZENSHIP/VALUE")


def _text(node: ET.Element, path: str) -> str:
    return " ".join((node.findtext(path) or "").split())


def _aliases(node: ET.Element, tag: str) -> list[ListName]:
    out = []
    for alias in node.findall(tag):
        name = _text(alias, "ALIAS_NAME")
        if not name:
            continue
        quality = _text(alias, "QUALITY").lower()
        kind = "fka" if quality.startswith("f.k.a") else "aka"
        out.append(ListName(name, kind, quality == "low"))  # type: ignore[arg-type]
    return out


def _entity(node: ET.Element, typ: EntityType, alias_tag: str, file: str) -> Entity:
    ref = _text(node, "REFERENCE_NUMBER") or _text(node, "DATAID")
    name = " ".join(p for p in (_text(node, t) for t in _NAME_PARTS) if p)
    if not ref or not name:
        raise ListError(file, f"{node.tag} {ref or '?'}: no reference number or no name")
    names = [ListName(name)]
    original = _text(node, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(ListName(original, "aka"))
    names.extend(_aliases(node, alias_tag))
    codes = {c for path in _COUNTRY_PATHS for el in node.findall(path)
             if (c := country_code((el.text or "").strip()))}
    return Entity(entity_id=f"UN-{ref}", source="UN", programme=_text(node, "UN_LIST_TYPE"),
                  type=typ, names=tuple(names), countries=tuple(sorted(codes)))


def parse_root(root: ET.Element, file: str) -> list[Entity]:
    if root.tag != "CONSOLIDATED_LIST":
        raise ListError(file, f"root element {root.tag!r} is not CONSOLIDATED_LIST")
    entities = [_entity(n, "person", "INDIVIDUAL_ALIAS", file) for n in root.iterfind("INDIVIDUALS/INDIVIDUAL")]
    entities += [_entity(n, "organisation", "ENTITY_ALIAS", file) for n in root.iterfind("ENTITIES/ENTITY")]
    if not entities:
        raise ListError(file, "no INDIVIDUAL or ENTITY elements")
    return entities
