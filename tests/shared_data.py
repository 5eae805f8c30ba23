"""Where the shared real-data corpus lives (beside the repo), and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
DOCUMENTS = SHARED / "corpus" / "documents"


def require_shared(path: Path = DOCUMENTS) -> Path:
    """`path` when it exists; otherwise the calling test is skipped with the reason."""
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path} is missing (it lives beside the repo)")
    return path
