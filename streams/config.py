"""What a worker needs to know, gathered once from options and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# The stack's defaults and variables: one export points the stack and the worker at the same place.
from deploy.settings import HOME_ENV, DEFAULT_PARTITIONS, KAFKA_BOOTSTRAP, KAFKA_ENV, REDIS_ENV, REDIS_URL
from rules.sanctions.snapshot import BUNDLED, DEFAULT_MAX_AGE_DAYS, ListChoice
from streams.naming import Names

STATE_ENV = "GRENSWACHT_STATE_DIR"
DATA_ENV = "GRENSWACHT_DATA"
LIST_MAX_AGE_ENV = "GRENSWACHT_LIST_MAX_AGE_DAYS"
DEFAULT_WEB_PORT = 6066

__all__ = ["DEFAULT_PARTITIONS", "DEFAULT_WEB_PORT", "STATE_ENV", "WorkerConfig", "data_dir", "kafka_bootstrap",
           "list_max_age_days", "redis_url"]


def kafka_bootstrap() -> str:
    """host:port of the broker (env GRENSWACHT_KAFKA, the stack's default otherwise)."""
    return (os.environ.get(KAFKA_ENV) or KAFKA_BOOTSTRAP).removeprefix("kafka://")


def home_dir() -> Path:
    """Where the stack and the review service keep their files (env GRENSWACHT_HOME)."""
    return Path(os.environ.get(HOME_ENV) or Path.home() / ".local" / "state" / "grenswacht")


def redis_url() -> str:
    value = os.environ.get(REDIS_ENV) or REDIS_URL
    return value if "://" in value else f"redis://{value}"


def data_dir() -> Path:
    """The user's data folder: `grenswacht lists update` writes the current lists there."""
    return Path(os.environ.get(DATA_ENV) or Path.home() / ".local" / "share" / "grenswacht")


def list_max_age_days() -> int:
    """Lists published longer ago than this are reported stale."""
    return int(os.environ.get(LIST_MAX_AGE_ENV) or DEFAULT_MAX_AGE_DAYS)


def default_state_dir(names: Names) -> Path:
    base = Path(os.environ.get(STATE_ENV) or Path.home() / ".cache" / "grenswacht" / "state")
    return base / names.app_id


@dataclass(frozen=True)
class WorkerConfig:
    names: Names = field(default_factory=Names.from_env)
    bootstrap: str = field(default_factory=kafka_bootstrap)
    redis_url: str = field(default_factory=redis_url)
    profiles_dir: Path | None = None           # None: the shipped profiles
    lists: ListChoice = field(default_factory=lambda: ListChoice("bundled", (BUNDLED,)))
    list_max_age_days: int = field(default_factory=list_max_age_days)
    sample_rate: float | None = None
    web_port: int = DEFAULT_WEB_PORT
    state_dir: Path | None = None               # None: default_state_dir(names)
    partitions: int = DEFAULT_PARTITIONS
    # A batch closes at batch_max events or batch_within seconds, whichever comes first:
    # large enough to amortise the engine's columnar pass, short enough for latency.
    batch_max: int = 1000
    batch_within: float = 0.05
    reload_poll: float = 2.0                    # seconds between mtime checks of profiles and lists
    session_timeout: float = 10.0               # a killed worker's partitions move after this long

    @property
    def datadir(self) -> Path:
        return self.state_dir or default_state_dir(self.names)
