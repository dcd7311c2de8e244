"""The shared data set's type (a module of its own so tests can import it; conftest is not importable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loadtest.generator import DeclarationGenerator


@dataclass
class Dataset:
    generator: DeclarationGenerator
    events: list[dict[str, Any]]
    authorisations: list[dict[str, Any]]
