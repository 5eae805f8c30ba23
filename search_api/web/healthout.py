"""The answer of `/health`: what is served, and how far its clause vectors are."""

from __future__ import annotations

from pydantic import BaseModel, Field


class VectorsOut(BaseModel):
    """How far the served generation's clause vectors are (filled in the background)."""

    state: str = Field(description='"complete", "filling", "off" (--no-semantic), "unavailable"')
    done: int = Field(description="clauses whose vector is fused")
    total: int = Field(description="clauses of the generation with a vector to come")
    model: str
    reason: str | None = Field(None, description="why there are no vectors (off, unavailable)")


class HealthOut(BaseModel):
    """What is being served."""

    status: str = Field(
        description='"ok", or "degraded" when a newer generation exists but will not open '
        "(the one described here is still served; `problem` says why)"
    )
    version: str
    generation: str
    clauses: int
    documents: int
    pages: int
    built_at: str | None = Field(description="ISO 8601 UTC time of the build")
    semantic: bool = Field(False, description="clause vectors are fused (`vectors`: how many)")
    problem: str | None = Field(
        None, description="why the newest generation cannot be opened; null when all is well"
    )
    vectors: VectorsOut | None = None
