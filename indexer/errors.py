"""Specific exceptions raised inside vnstd; each is translated once, at an edge: the command
line turns them into an exit code and a message (`search_api.cli.EXIT_CODES`), the server
into an HTTP status (`search_api.web.errors`)."""

from __future__ import annotations


class VnstdError(Exception):
    """Base class of every error the project raises on purpose."""


class SettingsError(VnstdError):
    """A setting or command-line option has a value the project refuses."""


class ExtractorUnavailableError(SettingsError):
    """The chosen PDF extractor's library is not installed."""


class EmbeddingUnavailableError(SettingsError):
    """Semantic search was asked for but the embedding model is not installed."""


class EmbeddingFailedError(VnstdError):
    """The embedding model raised while embedding (a build aborts; a search stays lexical)."""


class ExtractionError(VnstdError):
    """A file could not be read; `reason` is short and user-facing ("encrypted", "no text layer: needs OCR")."""

    def __init__(self, path: str, reason: str, page: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.page = page
        where = f" (page {page})" if page is not None else ""
        super().__init__(f"{path}{where}: {reason}")


class CorpusError(VnstdError):
    """The corpus folder is missing or cannot be read."""


class MetadataError(VnstdError):
    """The corpus's metadata.csv cannot be used (malformed CSV, a missing column, a bad value)."""


class IndexNotFoundError(VnstdError):
    """No index exists at the given directory."""


class IndexFormatError(VnstdError):
    """An index generation cannot be opened: damaged, or written by another vnstd version."""


class IndexDamagedError(VnstdError):
    """The current generation's files are not those its manifest recorded (`vnstd check`)."""


class IndexLockedError(VnstdError):
    """Another build holds the index lock."""


class IndexBuildError(VnstdError):
    """A build failed; the previous index is untouched."""


class QueryError(VnstdError):
    """A query that cannot be served (e.g. too long)."""
