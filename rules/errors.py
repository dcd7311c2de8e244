"""One root error for the engine; each stage raises its own subclass."""

from __future__ import annotations


class GrenswachtError(Exception):
    """Root of every error grenswacht raises on purpose."""


class RecordError(GrenswachtError):
    """A record (declaration, authorisation, hit) that is not valid JSON/Avro or breaks its schema."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        self.reason = reason
        self.field = field
        super().__init__(f"{field}: {reason}" if field else reason)


class ProfileError(GrenswachtError):
    """A profile or reference-set file that is refused; names file, line and field."""

    def __init__(self, file: str, reason: str, line: int | None = None, field: str | None = None) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {field + ': ' if field else ''}{reason}")


class ListError(GrenswachtError):
    """A sanctions list file that cannot be parsed; the previous list stays in force."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")
