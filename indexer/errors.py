"""Specific exceptions raised inside the pipeline; translated to exit codes / HTTP at the edges."""

from __future__ import annotations


class VnstdError(Exception):
    """Base class of every error the project raises on purpose."""


class ExtractionError(VnstdError):
    """A file could not be read; `reason` is short and user-facing ("encrypted", "no text layer: needs OCR")."""

    def __init__(self, path: str, reason: str, page: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.page = page
        where = f" (page {page})" if page is not None else ""
        super().__init__(f"{path}{where}: {reason}")


class CorpusError(VnstdError):
    """The corpus folder is missing or unusable."""


class IndexNotFoundError(VnstdError):
    """No index exists at the given directory."""


class IndexLockedError(VnstdError):
    """Another build holds the index lock."""


class IndexBuildError(VnstdError):
    """A build failed; the previous index is untouched."""


class QueryError(VnstdError):
    """A query that cannot be served (e.g. too long)."""
