"""Errors of the local stack, reported by the CLI as one clear line."""

from __future__ import annotations

from rules.errors import GrenswachtError


class StackError(GrenswachtError):
    """The stack could not be brought up or down; the message says what to do."""
