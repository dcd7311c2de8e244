"""A progress bar for long commands: rich on a terminal, nothing when the output is piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int, label: str, *, in_bytes: bool = False) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; `total` counts records, or bytes with `in_bytes`."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    counter = TransferSpeedColumn() if in_bytes else MofNCompleteColumn()
    with Progress("[progress.description]{task.description}", BarColumn(), counter, TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
