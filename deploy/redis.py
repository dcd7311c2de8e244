"""Debian's redis-server on 127.0.0.1, with an append-only file: the review cases live here and must survive
a restart (the worker's own state is in Kafka, not here)."""

from __future__ import annotations

import time

import redis

from deploy import tools
from deploy.errors import StackError
from deploy.settings import StackSettings


def command(settings: StackSettings) -> list[str]:
    return [tools.redis_server(), "--bind", settings.redis_host, "--port", str(settings.redis_port),
            "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--daemonize", "no",
            "--protected-mode", "yes",
            "--dir", str(settings.stack_dir)]


def answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0).ping())
    except redis.RedisError:
        return False


def wait_ready(url: str, timeout: float, still_running) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(url):
            return
        if not still_running():
            raise StackError("redis-server exited while starting")
        time.sleep(0.1)
    raise StackError(f"Redis did not answer PING on {url} within {timeout:.0f} s")
