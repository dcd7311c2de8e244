"""Which sanctions lists are in force when none are named, and how old they are.

A dated, gzipped snapshot of the public OFAC and UN lists ships inside the package
(`rules/data/sanctions/`). `grenswacht lists update` writes newer files into the
user's data folder and records that folder; from then on it wins over the snapshot.
Each list folder may carry a `snapshot.json` whose `date` is the publication date
of the lists: an old list is a compliance risk, so every start states its age.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rules.errors import ListError
from rules.sanctions.loaders import logical_name

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "sanctions"
META_FILE = "snapshot.json"
# `lists update` names the folder it last wrote here, inside the user's data folder
CURRENT_FILE = "lists-current"
DEFAULT_MAX_AGE_DAYS = 7

Origin = Literal["given", "updated", "bundled", "off"]
_XML_DATE = re.compile(rb'(?:dateGenerated|generationDate)="(\d{4}-\d{2}-\d{2})')


@dataclass(frozen=True)
class ListChoice:
    """The list files in force and where they came from; `off` only on an explicit --no-lists."""

    origin: Origin
    paths: tuple[Path, ...] = ()

    @property
    def enabled(self) -> bool:
        return self.origin != "off"

    @property
    def named(self) -> tuple[Path, ...]:
        """The paths to hand on as --lists: only those named; a child process resolves the rest itself."""
        return self.paths if self.origin == "given" else ()

    def describe(self) -> str:
        if not self.enabled:
            return "none (sanctions screening off: --no-lists)"
        return f"{self.origin}: {', '.join(map(str, self.paths))}"


def choose_lists(given: Sequence[Path], no_lists: bool, data_dir: Path) -> ListChoice:
    """The lists to screen against: those named, else the last `lists update`, else the snapshot."""
    if no_lists and given:
        raise ListError("--no-lists", "cannot be combined with --lists")
    if no_lists:
        return ListChoice("off")
    if given:
        return ListChoice("given", tuple(Path(p) for p in given))
    updated = last_update(data_dir)
    if updated is not None:
        return ListChoice("updated", (updated,))
    return ListChoice("bundled", (BUNDLED,))


def last_update(data_dir: Path) -> Path | None:
    pointer = data_dir / CURRENT_FILE
    try:
        folder = Path(pointer.read_text().strip())
    except OSError:
        return None
    return folder if folder.is_dir() else None


def record_update(data_dir: Path, folder: Path) -> None:
    """Name `folder` as the lists in force for every later start without --lists."""
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / f".{CURRENT_FILE}.tmp"
    staging.write_text(f"{folder.resolve()}\n")
    staging.replace(data_dir / CURRENT_FILE)


def write_meta(folder: Path, published: dt.date, basis: str) -> None:
    (folder / META_FILE).write_text(json.dumps({"date": published.isoformat(), "date_basis": basis}, indent=2))


def published(paths: Sequence[Path]) -> dt.date | None:
    """The oldest publication date of the lists in `paths`: a folder's snapshot.json, else the date a
    UN consolidated list says it was generated; None when nothing tells."""
    dates = [d for d in (_folder_date(p) for p in _folders(paths)) if d is not None]
    return min(dates) if dates else None


def _folders(paths: Sequence[Path]) -> list[Path]:
    return sorted({p if p.is_dir() else p.parent for p in map(Path, paths)})


def _folder_date(folder: Path) -> dt.date | None:
    meta = folder / META_FILE
    if meta.is_file():
        try:
            return dt.date.fromisoformat(json.loads(meta.read_text())["date"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ListError(str(meta), f"no valid 'date' (YYYY-MM-DD): {exc}") from None
    dates = [d for d in (file_date(p) for p in sorted(folder.iterdir())) if d is not None]
    return min(dates) if dates else None


def file_date(path: Path) -> dt.date | None:
    """The date an XML list says it was generated (UN dateGenerated, EU generationDate); None otherwise."""
    if not logical_name(path).lower().endswith(".xml"):
        return None
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            head = handle.read(4096)
    except (OSError, EOFError) as exc:
        raise ListError(str(path), f"cannot read: {exc}") from None
    found = _XML_DATE.search(head)
    return dt.date.fromisoformat(found.group(1).decode()) if found else None


@dataclass(frozen=True)
class ListAge:
    published: dt.date | None
    days: int | None
    stale: bool

    @classmethod
    def of(cls, paths: Sequence[Path], max_age_days: int, today: dt.date | None = None) -> "ListAge":
        """An undated list counts as stale: nobody can vouch that it is current."""
        date = published(paths)
        if date is None:
            return cls(None, None, True)
        days = ((today or dt.datetime.now(dt.timezone.utc).date()) - date).days
        return cls(date, days, days > max_age_days)

    def describe(self) -> str:
        if self.published is None:
            return "publication date unknown (treated as stale)"
        return f"published {self.published.isoformat()}, {self.days} days old{' (STALE)' if self.stale else ''}"
