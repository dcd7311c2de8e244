"""One list model for every official format: entities with their names and countries."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Literal

import msgspec

EntityType = Literal["person", "organisation", "vessel", "aircraft"]
# primary: the listed name; aka/fka/nka: OFAC alt_type and the UN/EU equivalents
NameKind = Literal["primary", "aka", "fka", "nka"]


class ListName(msgspec.Struct, frozen=True):
    text: str
    kind: NameKind = "primary"
    # OFAC "weak" a.k.a.s (in the remarks) and UN quality "Low": matched only when nearly exact
    low_quality: bool = False


class Entity(msgspec.Struct, frozen=True):
    entity_id: str            # source-prefixed: OFAC-36, UN-CDi.001, EU-EU.27.28
    source: str               # OFAC | UN | EU
    programme: str
    type: EntityType
    names: tuple[ListName, ...]
    countries: tuple[str, ...] = ()   # ISO alpha-2, sorted

    @property
    def primary(self) -> str:
        return self.names[0].text


class SanctionsList(msgspec.Struct, frozen=True):
    entities: tuple[Entity, ...]
    version: str              # content hash of the files it was read from
    files: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """Entities per source and type, names split into primary, aliases and low-quality aliases."""
        out: Counter[str] = Counter()
        for entity in self.entities:
            out[f"{entity.source}.{entity.type}"] += 1
            for name in entity.names:
                if name.kind == "primary":
                    out[f"{entity.source}.names.primary"] += 1
                elif name.low_quality:
                    out[f"{entity.source}.names.low_quality"] += 1
                else:
                    out[f"{entity.source}.names.alias"] += 1
        return dict(sorted(out.items()))

    def name_count(self) -> int:
        return sum(len(e.names) for e in self.entities)


def files_digest(parts: list[tuple[str, bytes]]) -> str:
    """Order-independent hash of (file name, bytes) pairs: same files, same version."""
    digest = hashlib.sha256()
    for name, data in sorted(parts):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:20]

