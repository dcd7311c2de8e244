"""Hot reload: a changed profile set is built off the loop and swapped in; a broken one is refused."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from rules.profiles import SHIPPED_PROFILES
from streams.config import WorkerConfig
from streams.engines import EngineSlot
from streams.metrics import Metrics
from streams.naming import Names
from streams.reload import ReloadWatcher, fingerprint


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for path in SHIPPED_PROFILES.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


def _slot(profiles: Path) -> EngineSlot:
    return EngineSlot.start(WorkerConfig(names=Names("unit"), profiles_dir=profiles), Metrics())


def _sample_rate(profiles: Path, rate: str) -> None:
    path = profiles / "sample.yaml"
    path.write_text(path.read_text().replace("rate: 0.005", f"rate: {rate}"))


def test_fingerprint_sees_edits_and_new_files(profiles: Path) -> None:
    before = fingerprint([profiles])
    _sample_rate(profiles, "0.01")
    edited = fingerprint([profiles])
    (profiles / "sets").mkdir()
    (profiles / "sets" / "extra.yaml").write_text("sets: {}\n")
    assert len({before, edited, fingerprint([profiles])}) == 3


def test_a_changed_profile_is_swapped_in(profiles: Path) -> None:
    slot = _slot(profiles)
    old = slot.engine
    watcher = ReloadWatcher(slot)
    _sample_rate(profiles, "0.02")
    asyncio.run(watcher.poll())
    assert slot.engine is not old
    assert slot.engine.profile_version != old.profile_version
    assert slot.metrics.reloads.labels("applied", "profiles changed")._value.get() == 1


def test_a_broken_profile_is_refused_and_the_old_set_stays(profiles: Path, caplog: pytest.LogCaptureFixture) -> None:
    slot = _slot(profiles)
    old = slot.engine
    watcher = ReloadWatcher(slot)
    (profiles / "sample.yaml").write_text((profiles / "sample.yaml").read_text() + "    colour: blue\n")
    asyncio.run(watcher.poll())
    assert slot.engine is old
    assert slot.metrics.reloads.labels("refused", "profiles changed")._value.get() == 1
    assert "refused the new screening set" in caplog.text and "colour" in caplog.text
    asyncio.run(watcher.poll())                 # unchanged files: no second attempt
    assert slot.metrics.reloads.labels("refused", "profiles changed")._value.get() == 1


def test_a_reload_request_rebuilds_without_a_file_change(profiles: Path) -> None:
    slot = _slot(profiles)
    old = slot.engine
    asyncio.run(ReloadWatcher(slot).on_message("profiles"))
    assert slot.engine is not old and slot.engine.profile_version == old.profile_version
