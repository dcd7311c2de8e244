"""Reading JSON Lines: the one reader every file of records goes through."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

_BOM = b"\xef\xbb\xbf"


def json_lines(source: Path | Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, record) of every non-blank line of a file or of an open binary file.
    Numbers count blank lines too, so that a reported number is the one an editor shows."""
    if isinstance(source, Path):
        with open(source, "rb") as handle:
            yield from json_lines(handle)
        return
    for number, raw in enumerate(source, start=1):
        if number == 1:
            raw = raw.removeprefix(_BOM)    # editors on Windows add one; it is not part of the JSON
        raw = raw.rstrip(b"\r\n")
        if raw.strip():
            yield number, raw
