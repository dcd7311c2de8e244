"""What a worker needs to know, gathered once from options and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from streams.naming import Names

KAFKA_ENV = "GRENSWACHT_KAFKA"
REDIS_ENV = "GRENSWACHT_REDIS"
STATE_ENV = "GRENSWACHT_STATE_DIR"
DEFAULT_WEB_PORT = 6066
# Partitions of the topics the worker creates when they are missing; the stack uses the same default.
DEFAULT_PARTITIONS = 6


def kafka_bootstrap() -> str:
    """host:port of the broker (env GRENSWACHT_KAFKA, the stack's default otherwise)."""
    try:
        from deploy import settings
        default = getattr(settings, "KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    except ImportError:
        default = "127.0.0.1:9092"
    value = os.environ.get(KAFKA_ENV) or default
    return value.removeprefix("kafka://")


def redis_url() -> str:
    try:
        from deploy import settings
        default = getattr(settings, "REDIS_URL", "redis://127.0.0.1:6379/0")
    except ImportError:
        default = "redis://127.0.0.1:6379/0"
    value = os.environ.get(REDIS_ENV) or default
    return value if "://" in value else f"redis://{value}"


def default_state_dir(names: Names) -> Path:
    base = Path(os.environ.get(STATE_ENV) or Path.home() / ".cache" / "grenswacht" / "state")
    return base / names.app_id


@dataclass(frozen=True)
class WorkerConfig:
    names: Names = field(default_factory=Names.from_env)
    bootstrap: str = field(default_factory=kafka_bootstrap)
    redis_url: str = field(default_factory=redis_url)
    profiles_dir: Path | None = None           # None: the shipped profiles
    lists: tuple[Path, ...] = ()
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
