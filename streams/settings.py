"""Every GRENSWACHT_* variable: its name, type, default and meaning, read in one place.

The worker, the command line, the local stack (`deploy/`), the benchmarks and
docker-compose.yml all take their configuration from `Settings.from_env()`, so one
export points every part at another broker, Redis or folder. The README's table
of variables is checked against `VARIABLES`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streams.errors import SettingsError

_HOST_PORT = re.compile(r"^(?:[a-z]+://)?([^:/]+):(\d+)")


@dataclass(frozen=True)
class Variable:
    env: str
    type: str                                   # as the README shows it: text, integer, path
    default: Callable[[Mapping[str, Any]], Any]  # from the values read before this one
    shown: str                                  # the default as the README shows it
    meaning: str


def host_port(value: str, env: str = "address") -> tuple[str, int]:
    """('host', port) of 'host:port', with or without a scheme such as kafka:// or redis://."""
    match = _HOST_PORT.match(value)
    if not match:
        raise SettingsError(f"{env}={value!r}: expected host:port")
    return match.group(1), int(match.group(2))


def _home(*parts: str) -> Callable[[Mapping[str, Any]], Path]:
    return lambda _: Path.home().joinpath(*parts)


def _const(value: Any) -> Callable[[Mapping[str, Any]], Any]:
    return lambda _: value


# attribute of Settings -> its variable; in reading order, since some defaults follow earlier values
VARIABLES: dict[str, Variable] = {
    "kafka": Variable("GRENSWACHT_KAFKA", "host:port", _const("127.0.0.1:9092"), "`127.0.0.1:9092`",
                      "the Kafka broker (a `kafka://` prefix is allowed)"),
    "kafka_controller_port": Variable(
        "GRENSWACHT_KAFKA_CONTROLLER_PORT", "integer", lambda v: host_port(v["kafka"])[1] + 1, "Kafka port + 1",
        "the KRaft controller port of `grenswacht stack up`"),
    "redis": Variable("GRENSWACHT_REDIS", "URL", _const("redis://127.0.0.1:6379/0"), "`redis://127.0.0.1:6379/0`",
                      "Redis, for the reload channel (host:port is taken as `redis://host:port`)"),
    "home": Variable("GRENSWACHT_HOME", "path", _home(".local", "state", "grenswacht"), "`~/.local/state/grenswacht`",
                     "the local stack's pid files, logs and Kafka data (under `stack/`)"),
    "cache": Variable("GRENSWACHT_CACHE", "path", _home(".cache", "grenswacht"), "`~/.cache/grenswacht`",
                      "Kafka's jars, and the worker tables' default parent"),
    "state_dir": Variable("GRENSWACHT_STATE_DIR", "path", lambda v: v["cache"] / "state", "`$GRENSWACHT_CACHE/state`",
                          "parent of each worker's table state (one folder per app id)"),
    "data": Variable("GRENSWACHT_DATA", "path", _home(".local", "share", "grenswacht"), "`~/.local/share/grenswacht`",
                     "user data: the sanctions lists `grenswacht lists update` writes"),
    "partitions": Variable("GRENSWACHT_PARTITIONS", "integer", _const(6), "`6`",
                           "partitions of each topic the stack or a worker creates"),
    "namespace": Variable("GRENSWACHT_NAMESPACE", "text", _const(""), "empty",
                          "prefixes every topic, the consumer group and the reload channel"),
    "sanctions_dir": Variable("GRENSWACHT_SANCTIONS_DIR", "path", _const(None), "unset",
                              "a folder of sanctions lists for the demo, the benchmarks and the tests"),
    "list_max_age_days": Variable("GRENSWACHT_LIST_MAX_AGE_DAYS", "integer", _const(7), "`7`",
                                  "a sanctions snapshot older than this many days is flagged stale"),
    "contract_dir": Variable("GRENSWACHT_CONTRACT_DIR", "path", _const(None), "unset",
                             "JSON Schemas of the interface contract, for the contract tests"),
}


def _parse(variable: Variable, text: str) -> Any:
    if variable.type == "integer":
        try:
            return int(text)
        except ValueError:
            raise SettingsError(f"{variable.env}={text!r}: expected an integer") from None
    if variable.type == "path":
        return Path(text).expanduser()
    if variable.type == "host:port":
        host_port(text, variable.env)            # refused here, not at the first connection
        return text.removeprefix("kafka://")
    if variable.type == "URL":
        return text if "://" in text else f"redis://{text}"
    return text.strip()


@dataclass(frozen=True)
class Settings:
    kafka: str
    kafka_controller_port: int
    redis: str
    home: Path
    cache: Path
    state_dir: Path
    data: Path
    partitions: int
    namespace: str
    sanctions_dir: Path | None
    list_max_age_days: int
    contract_dir: Path | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Each variable from `environ` (default: os.environ); an unset or empty one takes its default."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, variable in VARIABLES.items():
            text = environ.get(variable.env, "")
            values[name] = _parse(variable, text) if text.strip() else variable.default(values)
        return cls(**values)

    @property
    def kafka_address(self) -> tuple[str, int]:
        return host_port(self.kafka, VARIABLES["kafka"].env)

    @property
    def redis_address(self) -> tuple[str, int]:
        return host_port(self.redis, VARIABLES["redis"].env)


def env_name(attribute: str) -> str:
    """The variable behind a Settings attribute, e.g. env_name('namespace') == 'GRENSWACHT_NAMESPACE'."""
    return VARIABLES[attribute].env

