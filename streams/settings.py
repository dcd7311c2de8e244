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
    type: str                   # host:port, URL, path, integer or text
    default: str | None         # read as if it were set; None: unset
    meaning: str
    # a default that follows earlier values, with how the README says it
    derived: Callable[[Mapping[str, Any]], Any] | None = None
    derived_shown: str = ""

    @property
    def shown(self) -> str:
        """The default as the README's table shows it."""
        if self.derived is not None:
            return self.derived_shown
        return "unset" if self.default is None else f"`{self.default}`" if self.default else "empty"

    def value(self, text: str, earlier: Mapping[str, Any]) -> Any:
        """The typed value of `text`, or the default when `text` is blank."""
        if text.strip():
            return _parse(self, text)
        if self.derived is not None:
            return self.derived(earlier)
        return None if self.default is None else _parse(self, self.default)


def host_port(value: str, env: str = "address") -> tuple[str, int]:
    """('host', port) of 'host:port', with or without a scheme such as kafka:// or redis://."""
    match = _HOST_PORT.match(value)
    if not match:
        raise SettingsError(f"{env}={value!r}: expected host:port")
    return match.group(1), int(match.group(2))


# attribute of Settings -> its variable; in reading order, since some defaults follow earlier values
VARIABLES: dict[str, Variable] = {
    "kafka": Variable("GRENSWACHT_KAFKA", "host:port", "127.0.0.1:9092",
                      "the Kafka broker (a `kafka://` prefix is allowed)"),
    "kafka_controller_port": Variable(
        "GRENSWACHT_KAFKA_CONTROLLER_PORT", "integer", None, "the KRaft controller port of `grenswacht stack up`",
        derived=lambda v: host_port(v["kafka"])[1] + 1, derived_shown="Kafka port + 1"),
    "redis": Variable("GRENSWACHT_REDIS", "URL", "redis://127.0.0.1:6379/0",
                      "Redis, for the reload channel (host:port is taken as `redis://host:port`)"),
    "home": Variable("GRENSWACHT_HOME", "path", "~/.local/state/grenswacht",
                     "the local stack's pid files, logs and Kafka data (under `stack/`)"),
    "cache": Variable("GRENSWACHT_CACHE", "path", "~/.cache/grenswacht",
                      "Kafka's jars, and the worker tables' default parent"),
    "state_dir": Variable("GRENSWACHT_STATE_DIR", "path", None,
                          "parent of each worker's table state (one folder per app id)",
                          derived=lambda v: v["cache"] / "state", derived_shown="`$GRENSWACHT_CACHE/state`"),
    "data": Variable("GRENSWACHT_DATA", "path", "~/.local/share/grenswacht",
                     "user data: the sanctions lists `grenswacht lists update` writes"),
    "partitions": Variable("GRENSWACHT_PARTITIONS", "integer", "6",
                           "partitions of each topic the stack or a worker creates"),
    "namespace": Variable("GRENSWACHT_NAMESPACE", "text", "",
                          "prefixes every topic, the consumer group and the reload channel"),
    "list_max_age_days": Variable("GRENSWACHT_LIST_MAX_AGE_DAYS", "integer", "7",
                                  "a sanctions snapshot older than this many days is flagged stale"),
    "reviewers": Variable("GRENSWACHT_REVIEWERS", "path", None,
                          "the review service's accounts (argon2 hashes, queues per reviewer)",
                          derived=lambda v: v["home"] / "reviewers.yaml",
                          derived_shown="`$GRENSWACHT_HOME/reviewers.yaml`"),
    "claim_timeout": Variable("GRENSWACHT_CLAIM_TIMEOUT", "integer", "1800",
                              "seconds before an undecided review claim returns to its queue"),
    "review_secret": Variable("GRENSWACHT_REVIEW_SECRET", "text", None,
                              "signs the review page's session cookies (unset: a random one kept beside the accounts)"),
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
    list_max_age_days: int
    reviewers: Path
    claim_timeout: int
    review_secret: str | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Each variable from `environ` (default: os.environ); an unset or empty one takes its default."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, variable in VARIABLES.items():
            values[name] = variable.value(environ.get(variable.env, ""), values)
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

