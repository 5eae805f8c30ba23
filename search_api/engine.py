"""The open index a process searches, re-opened when a build publishes a new generation."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from indexer import store
from indexer.errors import IndexNotFoundError
from indexer.schema import FOLDED, TEXT_FIELDS
from search_api import fastscore
from search_api.expand import Lexicon, lexicon_for
from search_api.ranking import DEFAULT_RANKING, Ranking
from search_api.search import FACETS, SearchResult, search, weighting
from search_api.semantic import DenseIndex


@dataclass(frozen=True)
class Snapshot:
    """One generation of the index, opened for searching; one Searcher per thread."""

    generation: str
    path: Path
    index: Any
    manifest: dict[str, Any]
    ranking: Ranking
    lexicon: Lexicon  # curated abbreviations + those the generation's documents define
    dense: DenseIndex | None = None  # clause vectors, when the generation has them
    preloaded: threading.Event = field(default_factory=threading.Event, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _opened: list[Searcher] = field(default_factory=list, repr=False)

    @property
    def searcher(self) -> Searcher:
        """This thread's searcher (Whoosh file readers are not shared between threads)."""
        found = getattr(self._local, "searcher", None)
        if found is None:
            found = self.index.searcher(weighting=weighting(self.ranking))
            self._local.searcher = found
            self._opened.append(found)
        return found

    def search(self, text: str, **options: Any) -> SearchResult:
        """search() on this generation with its ranking, abbreviations and vectors."""
        return search(
            self.searcher,
            text,
            ranking=self.ranking,
            lexicon=self.lexicon,
            dense=self.dense,
            **options,
        )

    def close(self) -> None:
        """Close every searcher opened on this generation (its files are released)."""
        while self._opened:
            self._opened.pop().close()


class Engine:
    """Holds the current Snapshot; `snapshot()` swaps in a newly published generation."""

    def __init__(
        self, root: Path, ranking: Ranking = DEFAULT_RANKING, preload: bool = False
    ) -> None:
        """preload: read every term's postings into memory in a background thread when a
        generation opens (a long-running server; `Snapshot.preloaded` is set when done)."""
        self.root = root
        self.ranking = ranking
        self.preload = preload
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._previous: Snapshot | None = None  # may still serve requests that began before a swap

    def _open(self, generation: str) -> Snapshot:
        path = self.root / generation
        ix = whoosh_index.open_dir(str(path))
        manifest = store.read_manifest(path) or {}
        snap = Snapshot(generation, path, ix, manifest, self.ranking, lexicon_for(manifest))
        fields = (*TEXT_FIELDS, *FOLDED.values())
        fastscore.warm(snap.searcher, self.ranking.bm25_k1, self.ranking.bm25_b, fields, FACETS)
        if self.ranking.semantic > 0:
            snap = dataclasses.replace(snap, dense=DenseIndex.load(path, snap.searcher))
        if self.preload:
            threading.Thread(
                target=self._preload, args=(snap,), name=f"preload-{generation}", daemon=True
            ).start()
        else:
            snap.preloaded.set()
        return snap

    def _preload(self, snap: Snapshot) -> None:
        try:
            fields = (*TEXT_FIELDS, *FOLDED.values())
            fastscore.preload(snap.searcher, self.ranking.bm25_k1, self.ranking.bm25_b, fields)
        except Exception:
            pass
        finally:
            snap.preloaded.set()

    def snapshot(self) -> Snapshot:
        """The newest published generation (re-opened only when it changed)."""
        generation = store.generation_id(self.root)
        snap = self._snap
        if snap is not None and snap.generation == generation:
            return snap
        if not generation:
            if snap is not None:
                return snap
            raise IndexNotFoundError(f"no index at {self.root}")
        with self._lock:
            if self._snap is None or self._snap.generation != generation:
                try:
                    fresh = self._open(generation)
                    if self._previous is not None:  # two swaps ago: no request can still use it
                        self._previous.close()
                    self._previous, self._snap = self._snap, fresh
                except (OSError, whoosh_index.EmptyIndexError) as exc:
                    if self._snap is None:  # nothing to fall back on
                        raise IndexNotFoundError(
                            f"cannot open index at {self.root}: {exc}"
                        ) from exc
            assert self._snap is not None
            return self._snap
