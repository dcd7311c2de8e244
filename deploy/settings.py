"""Where the local stack lives: ports, folders and versions, each overridable from the environment.

The same variables configure the worker and docker-compose.yml, so one export points
every part at another broker or Redis.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

KAFKA_VERSION = "3.9.1"
SCALA_BINARY = "2.13"
KAFKA_BOOTSTRAP = "127.0.0.1:9092"
REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_PARTITIONS = 6
# One node on a 2-core machine: a small heap is plenty and leaves room for the worker.
KAFKA_HEAP = "-Xms512m -Xmx1g"

KAFKA_ENV = "GRENSWACHT_KAFKA"
CONTROLLER_ENV = "GRENSWACHT_KAFKA_CONTROLLER_PORT"
REDIS_ENV = "GRENSWACHT_REDIS"
HOME_ENV = "GRENSWACHT_HOME"
CACHE_ENV = "GRENSWACHT_CACHE"
PARTITIONS_ENV = "GRENSWACHT_PARTITIONS"

_HOST_PORT = re.compile(r"^(?:[a-z]+://)?([^:/]+):(\d+)")


def _host_port(value: str, what: str) -> tuple[str, int]:
    match = _HOST_PORT.match(value)
    if not match:
        raise ValueError(f"{what} {value!r}: expected host:port")
    return match.group(1), int(match.group(2))


@dataclass(frozen=True)
class StackSettings:
    kafka_host: str
    kafka_port: int
    controller_port: int
    redis_host: str
    redis_port: int
    home: Path          # state: pid files, logs, Kafka's log dirs
    cache: Path         # the broker's jars, kept between stacks
    partitions: int

    @classmethod
    def from_env(cls) -> "StackSettings":
        kafka_host, kafka_port = _host_port(os.environ.get(KAFKA_ENV) or KAFKA_BOOTSTRAP, KAFKA_ENV)
        redis_host, redis_port = _host_port(os.environ.get(REDIS_ENV) or REDIS_URL, REDIS_ENV)
        home = Path(os.environ.get(HOME_ENV) or Path.home() / ".local" / "state" / "grenswacht")
        cache = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "grenswacht")
        controller = int(os.environ.get(CONTROLLER_ENV) or kafka_port + 1)
        partitions = int(os.environ.get(PARTITIONS_ENV) or DEFAULT_PARTITIONS)
        return cls(kafka_host, kafka_port, controller, redis_host, redis_port, home, cache, partitions)

    @property
    def bootstrap(self) -> str:
        return f"{self.kafka_host}:{self.kafka_port}"

    @property
    def redis_url(self) -> str:
        return f"redis://{self.redis_host}:{self.redis_port}/0"

    @property
    def jars(self) -> Path:
        return self.cache / f"kafka-{KAFKA_VERSION}"

    @property
    def stack_dir(self) -> Path:
        return self.home / "stack"
