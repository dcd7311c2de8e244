"""Errors of the stream shell, all rooted at GrenswachtError so the CLI reports them in one way."""

from __future__ import annotations

from rules.errors import GrenswachtError


class StreamError(GrenswachtError):
    """Root of the errors raised by `streams`."""


class BrokerUnreachable(StreamError):
    """Kafka did not answer a metadata request in time."""


class ReplayError(StreamError):
    """A record could not be published: invalid, or refused by the broker."""


class NamespaceError(StreamError):
    """GRENSWACHT_NAMESPACE holds characters Kafka does not allow in a topic name."""


class SettingsError(StreamError):
    """A GRENSWACHT_* variable holds a value of the wrong form."""
