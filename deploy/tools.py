"""The programs the stack needs on the machine, found or (Redis, as root) installed."""

from __future__ import annotations

import os
import shutil
import subprocess

from deploy.errors import StackError

REDIS_PACKAGE = "redis-server"


def require(program: str, hint: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise StackError(f"{program} not found on PATH: {hint}")
    return path


def java() -> str:
    return require("java", "install a JDK 17 or later (Debian: apt-get install -y default-jdk-headless)")


def maven() -> str:
    return require("mvn", "install Maven 3.6 or later (Debian: apt-get install -y maven)")


def redis_server() -> str:
    """redis-server, installed with apt-get when missing and running as root."""
    path = shutil.which("redis-server")
    if path:
        return path
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise StackError("redis-server not found: install Debian's redis-server "
                         "(sudo apt-get install -y redis-server) and run `grenswacht stack up` again")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (["apt-get", "install", "-y", "-q", REDIS_PACKAGE],
                 ["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", REDIS_PACKAGE]):
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        if done.returncode == 0 and argv[1] == "install":
            break
    path = shutil.which("redis-server")
    if path is None:
        raise StackError(f"apt-get could not install {REDIS_PACKAGE}: {done.stderr.strip()[-300:]}")
    return path
