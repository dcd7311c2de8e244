"""A private Kafka and Redis on free ports, with a home of their own, that a scenario may stop and start.

The shared stack is never touched: every address, folder and pid file here is the
private one's, and workers started for a scenario get it through their environment.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from deploy import stack
from deploy.ports import free_ports
from deploy.processes import Managed
from deploy.settings import StackSettings
from streams.settings import Settings, env_name




class PrivateStack:
    def __init__(self, home: Path | None = None, cache: Path | None = None,
                 partitions: int | None = None) -> None:
        self._owned_home = home is None
        home = home or Path(tempfile.mkdtemp(prefix="grenswacht-chaos-"))
        kafka, controller, redis = free_ports(3)
        shared = Settings.from_env()
        cache = cache or shared.cache       # the broker's jars are shared, never its data
        self.settings = StackSettings("127.0.0.1", kafka, controller, "127.0.0.1", redis, home, cache,
                                      partitions or shared.partitions)

    @property
    def bootstrap(self) -> str:
        return self.settings.bootstrap

    @property
    def redis_url(self) -> str:
        return self.settings.redis_url

    @property
    def env(self) -> dict[str, str]:
        """What a worker needs to find this stack and not the shared one."""
        s = self.settings
        return {env_name("kafka"): s.bootstrap, env_name("kafka_controller_port"): str(s.controller_port),
                env_name("redis"): s.redis_url, env_name("home"): str(s.home), env_name("cache"): str(s.cache)}

    def up(self) -> "PrivateStack":
        stack.up(self.settings, say=lambda _line: None)
        return self

    def stop_kafka(self) -> None:
        Managed("kafka", self.settings.stack_dir).stop()

    def stop_redis(self) -> None:
        Managed("redis", self.settings.stack_dir).stop()

    def start(self) -> None:
        """Start whatever is stopped (idempotent), and wait until both answer."""
        stack.up(self.settings, say=lambda _line: None)

    def down(self) -> None:
        stack.down(self.settings)
        if self._owned_home:
            shutil.rmtree(self.settings.home, ignore_errors=True)
