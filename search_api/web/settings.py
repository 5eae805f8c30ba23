"""The reading side's settings: one validated object per process (`vnstd serve`, `search`
and `stats` flags over `VNSTD_*` environment variables), handed down as an argument."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from indexer.config import VnstdSettings


class ReaderSettings(VnstdSettings):
    """What every command that reads an index needs (`vnstd search`, `vnstd stats`)."""

    index: Path = Field(Path("var/index"), description="index directory to read")
    max_query_chars: int = Field(1000, ge=10, description="longest query accepted")
    max_search_seconds: float = Field(
        1.0, gt=0, le=60, description="CPU seconds a search may score for before it answers"
    )


class ServerSettings(ReaderSettings):
    """What `vnstd serve` reads."""

    corpus: Path = Field(
        Path("corpus"), description="corpus folder, for indexes that do not record theirs"
    )
    host: str = Field("127.0.0.1", min_length=1, description="address to listen on")
    port: int = Field(8000, ge=0, le=65535, description="TCP port")
    workers: int = Field(1, ge=1, le=64, description="server processes")
    max_page_size: int = Field(50, ge=1, le=1000, description="most hits per page")
    header_seconds: float = Field(
        10.0, gt=0, le=300, description="a connection's request head must arrive within this"
    )
    nice: int = Field(
        10, ge=0, le=19, description="scheduling niceness of the server (a build comes first)"
    )
    max_concurrent: int = Field(
        8, ge=1, le=1000, description="requests served at once per process; more get 503"
    )
    semantic: bool | None = Field(
        None, description="false: start no background embedder (VNSTD_SEMANTIC=0)"
    )
