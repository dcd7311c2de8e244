"""Fixtures every test folder shares: the sanctions lists, from the snapshot shipped in the package."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rules.sanctions.snapshot import BUNDLED


@pytest.fixture(scope="session")
def sanctions_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped snapshot unpacked, file for file as the publishers serve it (plain CSV and XML)."""
    folder = tmp_path_factory.mktemp("sanctions")
    for packed in BUNDLED.glob("*.gz"):
        (folder / packed.name.removesuffix(".gz")).write_bytes(gzip.decompress(packed.read_bytes()))
    return folder
