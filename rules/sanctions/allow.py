"""Allow-list: (party name or EORI, entity id) pairs that a reviewer cleared as false positives."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from rules.errors import ListError
from rules.sanctions.normalize import normalize_name


def party_key(party: str) -> str:
    """`eori:<EORI>` for an EORI, else `name:<sorted skeletons>`: the form membership is tested in."""
    text = party.strip()
    compact = text.replace(" ", "").upper()
    if len(compact) >= 3 and compact[:2].isalpha() and compact[2:].isalnum() and any(c.isdigit() for c in compact):
        return "eori:" + compact          # an EORI: country code + up to 15 characters
    return "name:" + " ".join(sorted(normalize_name(text).skeletons))


class AllowList:
    """Membership is by EORI, or by the normalised name (so case, punctuation and token order do not matter)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._pairs = frozenset((party_key(party), entity_id.strip()) for party, entity_id in pairs)

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        return self._pairs

    def __len__(self) -> int:
        return len(self._pairs)

    def allows(self, name: str | None, eori: str | None, entity_id: str) -> bool:
        if eori and ("eori:" + eori.replace(" ", "").upper(), entity_id) in self._pairs:
            return True
        return bool(name) and (party_key(name), entity_id) in self._pairs  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> "AllowList":
        """CSV with columns party,entity_id (a header row is optional)."""
        try:
            with open(path, newline="", encoding="utf-8") as handle:
                rows = [r for r in csv.reader(handle) if r and any(c.strip() for c in r)]
        except OSError as exc:
            raise ListError(str(path), f"cannot read allow-list: {exc.strerror}") from None
        if rows and [c.strip().lower() for c in rows[0]] == ["party", "entity_id"]:
            rows = rows[1:]
        for number, row in enumerate(rows, start=1):
            if len(row) != 2 or not row[0].strip() or not row[1].strip():
                raise ListError(str(path), f"row {number}: expected party,entity_id")
        return cls((r[0], r[1]) for r in rows)
