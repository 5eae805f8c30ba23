"""What keeps a build's memory independent of the corpus's size, beyond the segment cut of
test_segments: files are handed to the workers only as fast as the writer takes their rows,
and the clause texts to embed are streamed from the index, never held together."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from indexer.config import Settings
from indexer.index import embedding, jobs, vectorcache
from indexer.index.build import build_index
from indexer.index.store import current_generation
from indexer.text import embed

SAMPLES = Path(__file__).resolve().parents[1] / "corpus"


def _touch_and_return(item: tuple[str, int]) -> int:
    """A worker's job: leave a mark that it started, return its number."""
    folder, n = item
    Path(folder, f"started-{n}").touch()
    return n


def _no_init() -> None:
    pass


def test_a_slow_consumer_holds_back_the_workers(tmp_path: Path) -> None:
    """GIVEN 40 items, 2 workers and a consumer that takes its time WHEN the first results
    are taken THEN no more items were started than the in-flight window allows, and in the
    end every item's result arrives exactly once."""
    items = [(str(tmp_path), n) for n in range(40)]
    window = jobs.IN_FLIGHT_PER_WORKER * 2
    got = []
    started_when_taken = []
    for n in jobs.bounded_map(_touch_and_return, items, 2, _no_init):
        time.sleep(0.05)  # the writer, busy: a free pool would run ahead meanwhile
        started_when_taken.append(len(os.listdir(tmp_path)))
        got.append(n)
    assert sorted(got) == list(range(40))
    # after k results were taken, at most window + k items can have been handed out
    assert all(s <= window + k for k, s in enumerate(started_when_taken, start=1))
    assert started_when_taken[0] < 40


def _fails(item: int) -> int:
    if item == 3:
        raise ValueError("item 3 is broken")
    return item


def test_an_error_in_a_worker_reaches_the_consumer(tmp_path: Path) -> None:
    """GIVEN an item whose work raises WHEN mapped THEN the consumer gets the error."""
    with pytest.raises(ValueError, match="item 3"):
        list(jobs.bounded_map(_fails, range(10), 2, _no_init))


def test_the_texts_to_embed_are_streamed_each_once(tmp_path: Path) -> None:
    """GIVEN a default build (keys, no vectors) WHEN the cache is asked what it lacks THEN
    it names each distinct text once, counts them without reading them, and yields each
    text whose hash it names; with some vectors cached those are left out."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copy2(pdf, corpus / pdf.name)
    root = tmp_path / "index"
    build_index(Settings(corpus=corpus, index=root, jobs=1, semantic=None, ocr=False))
    gen = current_generation(root)
    assert gen is not None
    keys = embedding.generation_keys(gen)
    texts = dict(embedding.passages(gen))
    assert len(keys) == len(texts) > 10
    todo = embedding.missing(root, gen, keys)
    assert len(todo) == len({h for _, h in keys})
    streamed = list(todo)
    assert len(streamed) == len(todo) == len({h for h, _ in streamed})
    assert all(embedding.text_hash(text) == h for h, text in streamed)
    cached = streamed[:3]
    vectorcache.append(root, [(h, np.ones(embed.DIM, dtype=np.float32)) for h, _ in cached])
    rest = embedding.missing(root, gen, keys)
    assert len(rest) == len(todo) - 3
    assert {h for h, _ in rest}.isdisjoint({h for h, _ in cached})
