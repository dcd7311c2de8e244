"""Sessions, forms and logins: signed expiring cookies, a CSRF token per session, slowed-down failures."""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import redis
from starlette.requests import Request

from streams.settings import Settings

SESSION_SECONDS = 8 * 3600       # one working day; the cookie's signature carries its age
FAILURE_WINDOW = 900             # failed logins are remembered this long (seconds)
LOCK_AFTER = 10                  # failures in the window after which the name is refused outright


class CsrfError(Exception):
    """A form without the session's token."""


def session_secret(home: Path) -> str:
    """From the environment, else a random secret kept (0600) beside the accounts so restarts keep sessions."""
    configured = Settings.from_env().review_secret
    if configured:
        return configured
    path = home / "review-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def check_csrf(request: Request, form: dict) -> None:
    expected, given = request.session.get("csrf"), form.get("csrf")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(str(expected), given):
        raise CsrfError("this form has no valid token; reload the page and try again")


def current_user(request: Request) -> str | None:
    user = request.session.get("user")
    return str(user) if user else None


class LoginThrottle:
    """Failed logins per user name in Redis: each failure doubles the wait before the next answer."""

    def __init__(self, client: redis.Redis, key_of: Callable[[str], str]) -> None:
        self.r, self.key_of = client, key_of

    def failures(self, name: str) -> int:
        return int(self.r.get(self.key_of(name)) or 0)

    def delay(self, name: str) -> float:
        """Seconds to wait before answering a login for this name: 0 at first, then 0.5, 1, 2 ... 8."""
        count = self.failures(name)
        return 0.0 if count == 0 else min(8.0, 0.5 * 2 ** (count - 1))

    def locked(self, name: str) -> bool:
        return self.failures(name) >= LOCK_AFTER

    def failed(self, name: str) -> None:
        key = self.key_of(name)
        self.r.incr(key)
        self.r.expire(key, FAILURE_WINDOW)

    def succeeded(self, name: str) -> None:
        self.r.delete(self.key_of(name))
