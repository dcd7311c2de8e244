"""The local stack's own constants (Kafka version, heap) and its view of the project's settings.

Addresses, folders and partitions are GRENSWACHT_* variables read by `streams.settings`,
the one place that reads them: the same export points the stack, the worker and
docker-compose.yml at another broker or Redis.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from streams.settings import Settings

KAFKA_VERSION = "3.9.1"
SCALA_BINARY = "2.13"
# One node on a 2-core machine: a small heap is plenty and leaves room for the worker.
KAFKA_HEAP = "-Xms512m -Xmx1g"


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
        return cls.of(Settings.from_env())

    @classmethod
    def of(cls, settings: Settings) -> "StackSettings":
        (kafka_host, kafka_port), (redis_host, redis_port) = settings.kafka_address, settings.redis_address
        return cls(kafka_host, kafka_port, settings.kafka_controller_port, redis_host, redis_port,
                   settings.home, settings.cache, settings.partitions)

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
