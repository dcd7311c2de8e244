"""Every GRENSWACHT_* variable lives in streams.settings, the README's table says the same, and
the worker honours what it reads."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from streams.config import WorkerConfig
from streams.errors import SettingsError
from streams.naming import Names
from streams.settings import VARIABLES, Settings

REPO = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `(GRENSWACHT_[A-Z_]+)` \| (.+?) \| (.+?) \| (.+?) \|$")


def readme_table() -> list[tuple[str, str, str, str]]:
    return [m.groups() for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
            if (m := ROW.match(line))]


def test_the_readme_table_lists_every_variable_with_its_type_default_and_meaning() -> None:
    module = [(v.env, v.type, v.shown, v.meaning) for v in VARIABLES.values()]
    assert readme_table() == module


def test_settings_and_the_variable_table_name_the_same_attributes() -> None:
    assert list(Settings.__dataclass_fields__) == list(VARIABLES)


def test_every_variable_the_repository_mentions_is_a_setting() -> None:
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    mentioned: dict[str, str] = {}
    for name in tracked:
        path = REPO / name
        if path.suffix in {".py", ".sh", ".yml", ".yaml", ".toml", ".md"} or path.name in {"Dockerfile", "run"}:
            for env in re.findall(r"GRENSWACHT_[A-Z][A-Z_]*[A-Z]", path.read_text(encoding="utf-8", errors="replace")):
                mentioned.setdefault(env, name)
    known = {v.env for v in VARIABLES.values()}
    assert {env: where for env, where in mentioned.items() if env not in known} == {}


def test_defaults_follow_the_variables_they_derive_from(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    plain = Settings.from_env({})
    assert (plain.cache, plain.state_dir, plain.data) == (
        tmp_path / ".cache/grenswacht", tmp_path / ".cache/grenswacht/state", tmp_path / ".local/share/grenswacht")
    assert plain.kafka == "127.0.0.1:9092" and plain.kafka_controller_port == 9093
    assert plain.partitions == 6 and plain.list_max_age_days == 7 and plain.namespace == ""
    moved = Settings.from_env({"GRENSWACHT_KAFKA": "kafka://10.0.0.5:9999", "GRENSWACHT_CACHE": str(tmp_path / "c"),
                               "GRENSWACHT_REDIS": "10.0.0.6:7000", "GRENSWACHT_PARTITIONS": "3"})
    assert (moved.kafka, moved.kafka_controller_port, moved.redis) == ("10.0.0.5:9999", 10000,
                                                                       "redis://10.0.0.6:7000")
    assert moved.state_dir == tmp_path / "c" / "state"
    assert Settings.from_env({"GRENSWACHT_CACHE": "/c", "GRENSWACHT_STATE_DIR": "/s"}).state_dir == Path("/s")


@pytest.mark.parametrize(("env", "value"), [("GRENSWACHT_PARTITIONS", "six"), ("GRENSWACHT_KAFKA", "nohost"),
                                            ("GRENSWACHT_LIST_MAX_AGE_DAYS", "7d")])
def test_a_malformed_value_is_refused_naming_the_variable(env: str, value: str) -> None:
    with pytest.raises(SettingsError, match=env):
        Settings.from_env({env: value})


def test_the_worker_takes_partitions_and_state_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("GRENSWACHT_PARTITIONS", "3")
    monkeypatch.setenv("GRENSWACHT_CACHE", str(tmp_path))
    monkeypatch.delenv("GRENSWACHT_STATE_DIR", raising=False)
    config = WorkerConfig(names=Names("ns1"))
    assert config.partitions == 3
    assert config.datadir == tmp_path / "state" / "ns1.grenswacht"
