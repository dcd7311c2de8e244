"""JSON Lines output: declarations (with malformed records mixed in, line numbers kept) and authorisations."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from loadtest.authorisations import generate_authorisations
from loadtest.generator import DEFAULT_START, MEAN_LINES_PER_EVENT, DeclarationGenerator, Rates
from loadtest.malformed import malformed_cases

_FLUSH_EVERY = 4096   # records per write call: few syscalls, bounded memory


@dataclass
class Written:
    """What a write produced; `malformed` maps 1-based file line numbers to the kind of breakage."""

    path: Path
    events: int = 0
    lines: int = 0
    malformed: dict[int, str] = field(default_factory=dict)
    planted: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    planted_refs: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)


def write_declarations(path: Path | str, lines: int, seed: int = 7, *, malformed: int = 0,
                       sanctioned_names: Sequence[str] = (), start: str = DEFAULT_START,
                       rates: Rates = Rates()) -> Written:
    """Write generated events as JSON Lines, `malformed` broken records spread among them."""
    path = Path(path)
    generator = DeclarationGenerator(lines, seed, sanctioned_names=sanctioned_names, start=start, rates=rates)
    bad = malformed_cases(malformed, seed)
    # Slots counted in good events: a broken record goes in before the good event with that index.
    expected = max(len(bad), int(lines / MEAN_LINES_PER_EVENT))
    slots = sorted(random.Random(f"slots:{seed}").sample(range(expected), len(bad))) if bad else []
    written = Written(path)
    buffer: list[bytes] = []
    line_no = 0
    pending = iter(zip(slots, bad))
    nxt = next(pending, None)
    with path.open("wb") as out:
        for index, event in enumerate(generator):
            while nxt is not None and nxt[0] <= index:
                line_no += 1
                written.malformed[line_no] = nxt[1].kind
                buffer.append(nxt[1].raw)
                nxt = next(pending, None)
            line_no += 1
            buffer.append(orjson.dumps(event))
            if len(buffer) >= _FLUSH_EVERY:
                out.write(b"\n".join(buffer) + b"\n")
                buffer.clear()
        while nxt is not None:  # fewer events than estimated: the rest go at the end
            line_no += 1
            written.malformed[line_no] = nxt[1].kind
            buffer.append(nxt[1].raw)
            nxt = next(pending, None)
        if buffer:
            out.write(b"\n".join(buffer) + b"\n")
    written.events, written.lines = generator.events, generator.lines
    summary = generator.summary()
    written.planted, written.types = summary["planted"], summary["types"]
    written.planted_refs = {k: list(v) for k, v in generator.planted.items()}
    return written


def write_authorisations(path: Path | str, seed: int = 7, *, start: str = DEFAULT_START) -> list[dict[str, Any]]:
    """Write the authorisation records the same seed's declarations draw on; returns them."""
    records = generate_authorisations(seed, start=start)
    Path(path).write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    return records
