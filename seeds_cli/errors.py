"""The project's own error types: every failure a user can cause ends as one of these."""

from __future__ import annotations


class SeedsError(Exception):
    """A failure to report on one line, with exit status 2 (usage, data or environment)."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class CorpusError(SeedsError):
    """The corpus cannot be found, read or parsed."""


class CorruptIndexError(SeedsError):
    """The stored search index cannot be decoded (a damaged or half-written file)."""


class NotFoundError(SeedsError):
    """A document id or prefix matches nothing, or more than one document."""


class QueryError(SeedsError):
    """A malformed search query; ``position`` is the 0-based character offset of the problem."""

    def __init__(self, message: str, query: str, position: int, *, hint: str | None = None) -> None:
        self.query = query
        self.position = position
        super().__init__(message, hint=hint)


class StaleIndexError(SeedsError):
    """A file of a result changed since the stored search index was built."""
