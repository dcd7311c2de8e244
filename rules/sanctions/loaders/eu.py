"""EU Financial Sanctions Files XML (export / sanctionEntity / nameAlias).

Namespace http://eu.europa.ec/fpi/fsd/export (matched by local name, so files with
or without it load). The first nameAlias with a wholeName is the primary name;
strong="false" marks a weak alias. subjectType code: person | enterprise | vessel | aircraft.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rules.errors import ListError
from rules.sanctions.countries import country_code
from rules.sanctions.model import Entity, EntityType, ListName

_TYPES: dict[str, EntityType] = {"person": "person", "p": "person", "enterprise": "organisation",
                                 "e": "organisation", "vessel": "vessel", "aircraft": "aircraft"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in node if _local(c.tag) == name]


def _whole_name(alias: ET.Element) -> str:
    whole = " ".join(alias.get("wholeName", "").split())
    if whole:
        return whole
    parts = (alias.get(k, "") for k in ("firstName", "middleName", "lastName"))
    return " ".join(" ".join(parts).split())


def _type(node: ET.Element) -> EntityType:
    for subject in _children(node, "subjectType"):
        for key in ("code", "classificationCode"):
            typ = _TYPES.get(subject.get(key, "").strip().lower())
            if typ:
                return typ
    return "organisation"


def _entity(node: ET.Element, file: str) -> Entity | None:
    ref = node.get("euReferenceNumber") or node.get("logicalId")
    if not ref:
        raise ListError(file, "sanctionEntity without euReferenceNumber or logicalId")
    names: list[ListName] = []
    seen: set[str] = set()
    for alias in _children(node, "nameAlias"):
        text = _whole_name(alias)
        if text and text.lower() not in seen:
            seen.add(text.lower())
            weak = alias.get("strong", "true").strip().lower() == "false"
            names.append(ListName(text, "primary" if not names else "aka", weak and bool(names)))
    if not names:
        return None  # entries without any name cannot be screened by name
    programmes = sorted({r.get("programme", "").strip() for r in _children(node, "regulation")} - {""})
    codes = set()
    for tag in ("citizenship", "address"):
        for el in _children(node, tag):
            code = country_code(el.get("countryIso2Code")) or country_code(el.get("countryDescription"))
            if code:
                codes.add(code)
    return Entity(entity_id=f"EU-{ref}", source="EU", programme="; ".join(programmes), type=_type(node),
                  names=tuple(names), countries=tuple(sorted(codes)))


def parse_root(root: ET.Element, file: str) -> list[Entity]:
    if _local(root.tag) != "export":
        raise ListError(file, f"root element {_local(root.tag)!r} is not export")
    nodes = _children(root, "sanctionEntity")
    if not nodes:
        raise ListError(file, "no sanctionEntity elements")
    return [e for e in (_entity(n, file) for n in nodes) if e is not None]
