"""The sanctions lists a worker or command screens against, loaded and described.

Every start says which lists are in force, their version, publication date and
age, or that sanctions screening is off because --no-lists asked for it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rules.sanctions.snapshot import ListAge, ListChoice, choose_lists, file_date, published
from streams.config import data_dir, list_max_age_days

if TYPE_CHECKING:
    from rules.sanctions import SanctionsList

log = logging.getLogger("grenswacht.lists")


@dataclass(frozen=True)
class ListsInForce:
    choice: ListChoice
    version: str | None = None
    entities: int = 0
    age: ListAge | None = None

    @property
    def enabled(self) -> bool:
        return self.choice.enabled

    def status(self) -> dict[str, Any]:
        """What /status shows."""
        if not self.enabled:
            return {"enabled": False, "reason": "--no-lists"}
        assert self.age is not None
        return {"enabled": True, "origin": self.choice.origin, "paths": [str(p) for p in self.choice.paths],
                "version": self.version, "entities": self.entities,
                "published": self.age.published.isoformat() if self.age.published else None,
                "age_days": self.age.days, "stale": self.age.stale}

    def summary(self) -> str:
        if not self.enabled:
            return "sanctions lists: NONE, sanctions screening is OFF (--no-lists)"
        assert self.age is not None
        return (f"sanctions lists: version {self.version}, {self.entities} entities, {self.age.describe()} "
                f"({self.choice.describe()})")

    def log_state(self, max_age_days: int) -> None:
        if not self.enabled:
            log.warning(self.summary())
        elif self.age is not None and self.age.stale:
            log.warning("%s: older than %d days, a stale list is a compliance risk; run `grenswacht lists update`",
                        self.summary(), max_age_days)
        else:
            log.info(self.summary())


def resolve(given: Sequence[Path], no_lists: bool) -> ListChoice:
    """--lists/--no-lists as given on a command line, with the user's data folder behind them."""
    return choose_lists(given, no_lists, data_dir())


def load(choice: ListChoice, max_age_days: int | None = None) -> "tuple[SanctionsList | None, ListsInForce]":
    """The lists of `choice`, read (ListError names a file that cannot be read), and their description."""
    if not choice.enabled:
        return None, ListsInForce(choice)
    from rules.sanctions import load_lists     # the lists take a second or two: only when asked

    loaded = load_lists(list(choice.paths))
    age = ListAge.of(choice.paths, list_max_age_days() if max_age_days is None else max_age_days)
    return loaded, ListsInForce(choice, loaded.version, len(loaded.entities), age)


@dataclass(frozen=True)
class SourceSummary:
    source: str                 # OFAC | UN | EU
    files: tuple[Path, ...]
    entities: int
    version: str
    published: dt.date | None


def sources(paths: Sequence[Path]) -> list[SourceSummary]:
    """Each publisher's part of `paths` on its own: its files, entity count, version and date. The OFAC
    CSV files of one folder are one source; each XML file is one."""
    from rules.sanctions import load_lists
    from rules.sanctions.loaders import list_files, logical_name

    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in list_files(list(paths)):
        key = (path.parent, "csv") if logical_name(path).lower().endswith(".csv") else (path, "xml")
        groups.setdefault(key, []).append(path)
    out = []
    for files in groups.values():
        loaded = load_lists(files)
        source = loaded.entities[0].source if loaded.entities else "?"
        out.append(SourceSummary(source, tuple(files), len(loaded.entities), loaded.version, _date_of(files)))
    return sorted(out, key=lambda s: (s.source, str(s.files[0])))


def _date_of(files: Sequence[Path]) -> dt.date | None:
    dates = [d for d in (file_date(p) for p in files) if d is not None]
    return min(dates) if dates else published([files[0].parent])
