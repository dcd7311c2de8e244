"""Fixtures every test folder shares: the sanctions lists (the snapshot shipped in the package), the broker."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rules.sanctions.snapshot import BUNDLED
from streams.admin import stack_broker
from streams.errors import BrokerUnreachable


@pytest.fixture(scope="session")
def sanctions_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped snapshot unpacked, file for file as the publishers serve it (plain CSV and XML)."""
    folder = tmp_path_factory.mktemp("sanctions")
    for packed in BUNDLED.glob("*.gz"):
        (folder / packed.name.removesuffix(".gz")).write_bytes(gzip.decompress(packed.read_bytes()))
    return folder


@pytest.fixture(scope="session")
def bootstrap() -> str:
    """The broker of `grenswacht stack up`; integration tests fail (not skip) without it."""
    try:
        return stack_broker(timeout=10.0)
    except BrokerUnreachable as exc:
        pytest.fail(f"{exc}: the integration tests need it")
