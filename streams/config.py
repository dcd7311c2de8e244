"""What a worker needs to know, gathered once from options and the environment (streams.settings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rules.sanctions.snapshot import BUNDLED, ListChoice
from streams.naming import Names
from streams.settings import Settings

DEFAULT_WEB_PORT = 6066

__all__ = ["DEFAULT_WEB_PORT", "WorkerConfig", "data_dir", "kafka_bootstrap", "list_max_age_days", "redis_url"]


def kafka_bootstrap() -> str:
    """host:port of the broker (GRENSWACHT_KAFKA)."""
    return Settings.from_env().kafka


def home_dir() -> Path:
    """Where the stack and the review service keep their files (GRENSWACHT_HOME)."""
    return Settings.from_env().home


def redis_url() -> str:
    """URL of Redis (GRENSWACHT_REDIS)."""
    return Settings.from_env().redis


def data_dir() -> Path:
    """The user's data folder (GRENSWACHT_DATA): `grenswacht lists update` writes the current lists there."""
    return Settings.from_env().data


def list_max_age_days() -> int:
    """Lists published longer ago than this are reported stale (GRENSWACHT_LIST_MAX_AGE_DAYS)."""
    return Settings.from_env().list_max_age_days


def default_state_dir(names: Names) -> Path:
    """GRENSWACHT_STATE_DIR (by default under GRENSWACHT_CACHE) / the app id."""
    return Settings.from_env().state_dir / names.app_id


def _partitions() -> int:
    return Settings.from_env().partitions


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
    partitions: int = field(default_factory=_partitions)   # of the topics the worker creates (GRENSWACHT_PARTITIONS)
    # A batch closes at batch_max events, batch_within seconds after its first event, or once the
    # fetched events are all in, whichever comes first (streams.tap): a backlog fills batches large
    # enough to amortise the engine's columnar pass; at a moderate rate events do not wait for company.
    batch_max: int = 1000
    batch_within: float = 0.05
    tap_size: int = 8192                        # messages a source topic's tap holds before the drain loop waits
    reload_poll: float = 2.0                    # seconds between mtime checks of profiles and lists
    session_timeout: float = 10.0               # a killed worker's partitions move after this long

    @property
    def datadir(self) -> Path:
        return self.state_dir or default_state_dir(self.names)
