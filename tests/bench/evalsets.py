"""The development sets of ../shared/eval as queries with graded units, and the peers' units.

ICT: units are (PDF path relative to the corpus root, 1-based page); judgements name the
PDF by file name, resolved to its path. A hit covers the pages it spans, or, for the
landing figure, only the page it opens at (`landing_page`). ALQAC: units are article ids.
Pages for the peers are read the way vnstd reads them (read_source + prepare_document)
and cached in var/eval as JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ICT_FORMS = ("keywords", "keywords_nodiacritics", "question")
PAGES_CACHE_VERSION = 1


@dataclass(frozen=True)
class Query:
    """One judged query: its id, text and graded relevant units."""

    qid: str
    text: str
    qrels: dict[Hashable, int]


@dataclass(frozen=True)
class EvalSet:
    """Queries of one set and query form, with how a vnstd hit maps to judged units."""

    name: str
    queries: tuple[Query, ...]
    hit_units: Callable[[Any], tuple[Hashable, ...]]
    peer: str  # which peer index answers it: "ict" or "alqac"
    # page sets: the one unit a hit opens at (its landing page), for the landing figure
    landing_units: Callable[[Any], tuple[Hashable, ...]] | None = None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pdf_paths(documents: Path) -> dict[str, Path]:
    """Every PDF under documents, by path relative to it (sorted)."""
    found = {
        p.relative_to(documents).as_posix(): p
        for p in documents.rglob("*")
        if p.suffix.lower() == ".pdf"
    }
    return dict(sorted(found.items()))


def _resolver(rels: Sequence[str]) -> Callable[[str], str]:
    by_name: dict[str, list[str]] = {}
    for rel in rels:
        by_name.setdefault(os.path.basename(rel), []).append(rel)

    def resolve(name: str) -> str:
        matches = by_name.get(name, [])
        if len(matches) != 1:
            raise SystemExit(f"judged file {name!r} matches {len(matches)} PDFs in the corpus")
        return matches[0]

    return resolve


def ict_sets(shared: Path, rels: Sequence[str]) -> list[EvalSet]:
    """The ICT questions, one EvalSet per query form; units are (rel path, page)."""
    resolve = _resolver(rels)
    records = read_jsonl(shared / "eval" / "ict_dev.jsonl")

    def hit_units(hit: Any) -> tuple[Hashable, ...]:
        page = hit.page if hit.page is not None else 0
        last = hit.page_end if hit.page_end is not None and hit.page_end >= page else page
        return tuple((hit.file, p) for p in range(page, last + 1))

    def landing_units(hit: Any) -> tuple[Hashable, ...]:
        page = hit.landing_page if hit.landing_page is not None else hit.page
        return ((hit.file, page if page is not None else 0),)

    out = []
    for form in ICT_FORMS:
        queries = tuple(
            Query(
                r["id"],
                r[form],
                {(resolve(j["file"]), int(j["page"])): int(j["grade"]) for j in r["relevant"]},
            )
            for r in records
        )
        out.append(EvalSet(f"ICT {form}", queries, hit_units, "ict", landing_units))
    return out


def alqac_set(shared: Path) -> EvalSet:
    """The ALQAC dev questions; units are article ids."""
    records = read_jsonl(shared / "eval" / "alqac" / "queries_dev.jsonl")
    queries = tuple(
        Query(r["id"], r["query"], {j["doc"]: int(j["grade"]) for j in r["relevant"]})
        for r in records
    )
    return EvalSet("ALQAC", queries, lambda hit: (hit.doc_id,), "alqac")


def _read_pages(path: Path, rel: str) -> list[tuple[int, str]]:
    """The pages of a PDF as vnstd indexes them (normalised, running headers removed)."""
    from indexer.errors import VnstdError
    from indexer.ingest.extract import iter_pdf_pages
    from indexer.ingest.process import prepare_document
    from indexer.models import RawDocument

    try:  # every page, even of a file vnstd would refuse (needs OCR): the peers index them
        raw = RawDocument(rel, rel, "pdf", tuple(iter_pdf_pages(path, rel=rel)))
    except VnstdError:
        return []
    return [(p.number or 0, p.text) for p in prepare_document(raw, {}).pages]


def ict_pages(pdfs: dict[str, Path], cache: Path) -> list[tuple[tuple[str, int], str]]:
    """((rel, page), text) for every page of every PDF; cached by path, size and mtime."""
    stamp = {rel: [p.stat().st_size, int(p.stat().st_mtime)] for rel, p in pdfs.items()}
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("version") == PAGES_CACHE_VERSION and data.get("stamp") == stamp:
            return [((rel, page), text) for rel, page, text in data["pages"]]
    rows = [
        (rel, number, text) for rel, path in pdfs.items() for number, text in _read_pages(path, rel)
    ]
    cache.parent.mkdir(parents=True, exist_ok=True)
    payload = {"version": PAGES_CACHE_VERSION, "stamp": stamp, "pages": rows}
    cache.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return [((rel, page), text) for rel, page, text in rows]


def alqac_units(shared: Path) -> list[tuple[str, str]]:
    """(article id, title + text) for every ALQAC article."""
    return [
        (r["id"], f"{r.get('title', '')}\n{r['text']}")
        for r in read_jsonl(shared / "eval" / "alqac" / "corpus.jsonl")
    ]
