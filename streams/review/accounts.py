"""Reviewer accounts: a YAML file of user names, argon2 password hashes and the queues each may work.

    reviewers:
      alice: {password: "$argon2id$v=19$...", queues: [sanctions, embargo]}

The service reads the file again when it changes, so `grenswacht review user add`
takes effect without a restart. A file that does not parse is refused with its
path and the accounts already read stay in force.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rules.hits import QUEUES
from streams.errors import StreamError
from streams.settings import Settings

_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY = _HASHER.hash("not a password of anyone")


class AccountError(StreamError):
    """An accounts file or an account that is refused."""


@dataclass(frozen=True)
class Account:
    name: str
    password_hash: str
    queues: frozenset[str]

    def may_see(self, queue: str) -> bool:
        return queue in self.queues


def default_path() -> Path:
    return Settings.from_env().reviewers


def parse(path: Path) -> dict[str, Account]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, yaml.YAMLError) as exc:
        raise AccountError(f"{path}: cannot read the accounts: {exc}") from None
    entries = (data or {}).get("reviewers") or {}
    if not isinstance(entries, dict):
        raise AccountError(f"{path}: 'reviewers' must map user names to accounts")
    out: dict[str, Account] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("password"), str):
            raise AccountError(f"{path}: reviewers.{name}: needs a password hash")
        queues = entry.get("queues") or []
        unknown = sorted(set(queues) - set(QUEUES))
        if unknown:
            raise AccountError(f"{path}: reviewers.{name}.queues: unknown queue(s) {unknown}; known: {list(QUEUES)}")
        out[str(name)] = Account(str(name), entry["password"], frozenset(queues))
    return out


def add_user(path: Path, name: str, password: str, queues: list[str]) -> Account:
    """Create or replace an account; the file is rewritten atomically and kept private (0600)."""
    if not _NAME.match(name):
        raise AccountError(f"user name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)")
    if len(password) < 8:
        raise AccountError("the password needs at least 8 characters")
    unknown = sorted(set(queues) - set(QUEUES))
    if unknown or not queues:
        said = f"unknown queue(s) {unknown}" if unknown else "no queue given"
        raise AccountError(f"{said}: name one or more of {list(QUEUES)}")
    accounts = parse(path)
    account = Account(name, _HASHER.hash(password), frozenset(queues))
    accounts[name] = account
    body = {"reviewers": {a.name: {"password": a.password_hash, "queues": sorted(a.queues)}
                          for a in accounts.values()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".reviewers-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        yaml.safe_dump(body, out, sort_keys=True)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return account


class Accounts:
    """The accounts file as last read; re-read when its modification time changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: float | None = None
        self._accounts: dict[str, Account] = {}
        self.refresh()

    def refresh(self) -> None:
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            stamp = None
        if stamp != self._stamp:
            self._accounts = parse(self.path)
            self._stamp = stamp

    def get(self, name: str) -> Account | None:
        try:
            self.refresh()
        except AccountError:
            pass        # a broken edit: the accounts read before stay in force
        return self._accounts.get(name)

    def verify(self, name: str, password: str) -> Account | None:
        account = self.get(name)
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        return account
