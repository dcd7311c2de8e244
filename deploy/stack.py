"""`stack up | down | status`: the real local stack, idempotent, stopping only what it started."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

from deploy import kafka, ports, redis
from deploy.errors import StackError
from deploy.processes import Managed
from deploy.settings import StackSettings
from streams.admin import ensure_topics, worker_topics
from streams.naming import Names
from streams.review.demo import stop_demo_review
from streams.settings import env_name

KAFKA_START_TIMEOUT = 90.0
REDIS_START_TIMEOUT = 15.0


@dataclass(frozen=True)
class Service:
    name: str
    address: str
    pid: int | None      # ours, running; None if not started by us
    answers: bool        # metadata request / PING answered

    def line(self) -> str:
        owner = f"pid {self.pid}" if self.pid else "not started by grenswacht"
        state = "ready" if self.answers else "not answering"
        return f"{self.name:<6} {self.address:<22} {state:<14} {owner}"


def _managed(settings: StackSettings) -> tuple[Managed, Managed]:
    return Managed("kafka", settings.stack_dir), Managed("redis", settings.stack_dir)


def status(settings: StackSettings) -> list[Service]:
    kafka_proc, redis_proc = _managed(settings)
    return [Service("kafka", settings.bootstrap, kafka_proc.pid(), kafka.answers(settings.bootstrap)),
            Service("redis", f"{settings.redis_host}:{settings.redis_port}", redis_proc.pid(),
                    redis.answers(settings.redis_url))]


def _refuse_taken(host: str, port: int, what: str, env: str) -> None:
    if ports.in_use(host, port):
        raise StackError(f"port {host}:{port} for {what} is taken by a process that `grenswacht stack up` "
                         f"did not start; stop it, or choose another address with {env}")


def _up_kafka(settings: StackSettings, say: Callable[[str], None]) -> None:
    proc = Managed("kafka", settings.stack_dir)
    if proc.pid() is None:
        _refuse_taken(settings.kafka_host, settings.kafka_port, "Kafka", env_name("kafka"))
        _refuse_taken(settings.kafka_host, settings.controller_port, "the Kafka controller",
                      env_name("kafka_controller_port"))
        jars = kafka.fetch_jars(settings)
        config = kafka.prepare(settings, jars)
        say(f"starting Kafka on {settings.bootstrap} (log: {proc.log_file})")
        proc.spawn(kafka.command(settings, jars, config), marker=str(config))
    try:
        kafka.wait_ready(settings.bootstrap, KAFKA_START_TIMEOUT, lambda: proc.exited() is None)
    except StackError as exc:
        raise StackError(f"{exc}; last lines of {proc.log_file}:\n{proc.log_tail()}") from None


def _up_redis(settings: StackSettings, say: Callable[[str], None]) -> None:
    proc = Managed("redis", settings.stack_dir)
    if proc.pid() is None:
        _refuse_taken(settings.redis_host, settings.redis_port, "Redis", env_name("redis"))
        argv = redis.command(settings)
        settings.stack_dir.mkdir(parents=True, exist_ok=True)
        say(f"starting Redis on {settings.redis_host}:{settings.redis_port}")
        proc.spawn(argv, marker=f"{settings.redis_host}:{settings.redis_port}")
    try:
        redis.wait_ready(settings.redis_url, REDIS_START_TIMEOUT, lambda: proc.exited() is None)
    except StackError as exc:
        raise StackError(f"{exc}; last lines of {proc.log_file}:\n{proc.log_tail()}") from None


def up(settings: StackSettings, say: Callable[[str], None] = print) -> list[str]:
    """Start what is not running, wait until it answers, create missing topics; returns the topics created."""
    _up_redis(settings, say)
    _up_kafka(settings, say)
    return create_topics(settings)


def create_topics(settings: StackSettings) -> list[str]:
    return ensure_topics(settings.bootstrap, worker_topics(Names()), settings.partitions)


def down(settings: StackSettings, wipe: bool = False) -> list[str]:
    """Stop the processes we started (the main job's review service, Redis, Kafka last); returns their names."""
    stopped = ["review"] if stop_demo_review(settings.home) else []
    stopped += [proc.name for proc in reversed(_managed(settings)) if proc.stop()]
    if wipe:
        shutil.rmtree(settings.stack_dir, ignore_errors=True)
    return stopped
