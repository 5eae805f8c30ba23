"""Run a search: parse → request → ranked clauses (fused with clause vectors when the
generation has them) → hits with snippets, and facet counts; and "more like this"."""

from __future__ import annotations

import dataclasses
import functools
import time
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from indexer.errors import QueryError
from indexer.index import fields as F
from search_api.reader import lookups
from search_api.reader.execute import Ranked, facet_counts, rank, rank_reference
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot
from search_api.search.absent import misses
from search_api.search.arrange import document_hits, grouped
from search_api.search.arrange import page as arrange_page
from search_api.search.expand import Lexicon, lexicon_for
from search_api.search.highlight import excerpt
from search_api.search.hybrid import fused, start_vector
from search_api.search.language import is_foreign
from search_api.search.pages import by_best_page, page_snippets
from search_api.search.parts import QueryParts, build_parts
from search_api.search.query import loosened, parse
from search_api.search.ranking import DEFAULT_RANKING, Ranking
from search_api.search.semantic import dense
from search_api.search.standing import Link, standing, status_facets, with_status
from search_api.search.tablesnip import table_snippet

MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class Twin:
    """The same text in another document, folded into a hit."""

    clause_id: str
    doc_id: str
    kind: str
    code: str
    title: str
    page: int | None

    @classmethod
    def of(cls, c: StoredClause) -> Twin:
        """The twin of a stored clause."""
        return cls(c.clause_id, c.doc_id, c.kind, c.code, c.title, c.page)


@dataclass(frozen=True)
class Hit:
    """One ranked clause."""

    clause_id: str
    doc_id: str
    file: str
    kind: str
    code: str
    title: str
    clause: str
    heading: str
    heading_path: tuple[str, ...]
    page: int | None
    page_end: int | None
    landing_page: int | None  # the page with the most matched words, the snippet's (else the first)
    score: float
    snippet: str
    type: str
    issuer: str
    year: str
    document_hits: int = 1  # matching clauses of this hit's document
    also_in: tuple[Twin, ...] = ()  # the same text in other documents
    ordinal: int = 0  # the clause's position in its document
    doc_kind: str = "other"  # the document's identity, from the catalog (not per clause)
    identifier: str = ""
    issuers: tuple[str, ...] = ()
    issued: str | None = None
    effective: str | None = None
    status: str = "unknown"  # in force or not (search/standing.py)
    relations: tuple[Link, ...] = ()
    ocr: bool = False  # the clause was read by OCR
    page_hit: bool = False  # another matching page of the clause listed just above (pages.py)

    @classmethod
    def of(
        cls, c: StoredClause, score: float, marks: frozenset[str], exact: frozenset[str] | None
    ) -> Hit:
        """The hit of a stored clause, its score and the words to mark in its snippet (folded
        `marks`, or only the `exact` forms when the query was typed with diacritics); it
        lands on the page with the most of the query's words, where its snippet is."""
        found = excerpt(c.text, marks, exact=exact, parts=c.page_starts)
        in_table = table_snippet(c.tables, found.anchor, marks, exact) if c.tables else None
        return cls(
            clause_id=c.clause_id, doc_id=c.doc_id, file=c.file, kind=c.kind, code=c.code,
            title=c.title, clause=c.number, heading=c.heading, heading_path=c.heading_path,
            page=c.page, page_end=c.page_end, landing_page=c.page_at(found.anchor),
            score=round(float(score), 4), snippet=in_table or found.html, type=c.type, issuer=c.issuer,
            year=c.year, ordinal=c.ordinal, ocr=c.ocr,
        )  # fmt: skip


@dataclass(frozen=True)
class SearchResult:
    """A page of hits with totals and facet counts."""

    query: str
    total: int
    page: int
    size: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    partial: bool = False  # the CPU budget ran out: some query terms were not scored
    missing_codes: tuple[str, ...] = ()  # codes the query names that no document has
    missing_clauses: tuple[str, ...] = ()  # "code clause" the query names that do not exist
    unmatched_phrases: tuple[str, ...] = ()  # quoted phrases no clause has: their words searched


def with_identity(snap: Snapshot, hit: Hit, **changes: object) -> Hit:
    """The hit with its document's identity from the generation's catalog (and `changes`)."""
    entry = snap.manifest.document(hit.doc_id)
    if entry is not None:
        changes.update(
            doc_kind=entry.doc_kind, identifier=entry.identifier, issuers=entry.issuers,
            issued=entry.issued, effective=entry.effective,
        )  # fmt: skip
        known = standing(snap, hit.doc_id)
        changes.update(status=known.status, relations=known.relations)
    return dataclasses.replace(hit, **changes)  # type: ignore[arg-type]


def lexicon(snap: Snapshot) -> Lexicon:
    """The generation's abbreviations: the curated ones and those its documents define."""
    return snap.memo("lexicon", lambda s: lexicon_for(s.manifest))


def warm(snap: Snapshot, ranking: Ranking = DEFAULT_RANKING) -> None:
    """Derive now what the first search of a generation would otherwise wait for."""
    lexicon(snap)
    if ranking.semantic > 0:
        dense(snap)


def search(
    snap: Snapshot,
    text: str,
    *,
    page: int = 1,
    size: int = 10,
    filters: dict[str, str] | None = None,
    ranking: Ranking = DEFAULT_RANKING,
    facets: bool = False,
    max_chars: int = MAX_QUERY_CHARS,
    cpu_seconds: float | None = None,
    exact_whoosh: bool = False,
) -> SearchResult:
    """Ranked clauses for the user's query text (plus explicit filters); raises QueryError.

    Terms are scored with numpy (reader/fastscore.py), fused with clause vectors when the
    generation has them (semantic.py); after `cpu_seconds` of this thread's CPU time the
    answer is what was scored so far, `partial`. `exact_whoosh`: Whoosh scores it (tests).
    When nothing matches and the query has quoted phrases it only prefers, it runs again
    with their words (`unmatched_phrases`), as a web search engine does: one search at most
    twice, each within its budget.
    """
    once = functools.partial(
        _search_once, snap, page=page, size=size, filters=filters, ranking=ranking,
        facets=facets, max_chars=max_chars, cpu_seconds=cpu_seconds, exact_whoosh=exact_whoosh,
    )  # fmt: skip
    result = once(text)
    loose, phrases = loosened(text) if not result.total and text.strip() else (text, ())
    again = once(loose) if phrases else result
    if again is result or not again.total:
        return result
    took = round(result.took_ms + again.took_ms, 2)
    return dataclasses.replace(again, query=text, took_ms=took, unmatched_phrases=phrases)


def _search_once(
    snap: Snapshot,
    text: str,
    *,
    page: int,
    size: int,
    filters: dict[str, str] | None,
    ranking: Ranking,
    facets: bool,
    max_chars: int,
    cpu_seconds: float | None,
    exact_whoosh: bool,
) -> SearchResult:
    """search() of the query text as it is."""
    started = time.perf_counter()
    deadline = time.thread_time() + cpu_seconds if cpu_seconds is not None else None
    parts, vector = _parts(snap, text, filters, ranking, max_chars, not exact_whoosh)
    if parts is None:
        return SearchResult(text, 0, page, size, elapsed_ms(started), ())
    window = slice((page - 1) * size, page * size)
    names = (*F.FACETS, F.DOC_ID) if facets else ()  # doc_id: the status facet, below
    if exact_whoosh:
        hits, total, counts = _reference(snap, parts, window, names)
        counts = status_facets(snap, counts)
        return SearchResult(text, total, page, size, elapsed_ms(started), hits, counts)
    ranked = fused(snap, rank(snap, parts.request, ranking.bm25, deadline), parts, ranking, vector)
    # an English query's words match by accident: its pages are not re-scored
    ranked = ranked if is_foreign(parts.text) else by_best_page(snap, ranked, parts.plan, ranking)
    hits = _listed(snap, ranked, window, parts, ranking)
    counts = status_facets(snap, facet_counts(snap, ranked.matched, names))
    missing = misses(snap, parts.plan)
    return SearchResult(text, len(ranked.order), page, size, elapsed_ms(started), hits, counts,
                        not ranked.complete, *missing)  # fmt: skip


def _listed(
    snap: Snapshot, ranked: Ranked, window: slice, parts: QueryParts, ranking: Ranking
) -> tuple[Hit, ...]:
    """The page of hits: grouped by document, near-duplicates folded (arrange.py)."""
    order = grouped(snap, ranked.order, ranked.scores, ranking.per_document, ranking.group_ratio)
    per_doc = document_hits(snap, order)
    plan = parts.plan
    out = []
    for item in arrange_page(snap, order, window):
        hit = Hit.of(item.clause, float(ranked.scores[item.docnum]), plan.highlight_terms,
                     plan.exact_terms)  # fmt: skip
        twins = tuple(Twin.of(c) for c in item.also_in)
        hit = with_identity(snap, hit, document_hits=per_doc.get(hit.doc_id, 1), also_in=twins)
        out += [hit] + [dataclasses.replace(hit, landing_page=p, snippet=html, page_hit=True)
                        for p, html in page_snippets(item.clause, plan, hit.landing_page, ranking)]  # fmt: skip
    return tuple(out)


def _parts(
    snap: Snapshot,
    text: str,
    filters: dict[str, str] | None,
    ranking: Ranking,
    max_chars: int,
    embed: bool = True,
) -> tuple[QueryParts | None, Future[np.ndarray] | None]:
    """The request of a query (None when it can match nothing), and its vector on the way
    (embed: started as soon as the query is parsed, so that the model runs while the words
    are analysed and scored); raises QueryError."""
    if len(text) > max_chars:
        raise QueryError(f"query too long: {len(text)} characters (at most {max_chars})")
    parsed = parse(text)
    merged = {**parsed.filters, **{k: v for k, v in (filters or {}).items() if v}}
    if merged.get("status"):  # a catalog property: the documents that have it
        merged["docs"] = "\n".join(with_status(snap, merged.pop("status"))) or "\n"
    if parsed.is_empty and not merged:
        return None, None
    vector = start_vector(snap, parsed.text, ranking) if embed else None
    parts = build_parts(parsed, ranking, lexicon(snap), merged)
    return (None if _nothing_to_match(parsed.text, parts) else parts), vector


def elapsed_ms(started: float) -> float:  # milliseconds since a perf_counter reading
    return round((time.perf_counter() - started) * 1000, 2)


def _nothing_to_match(text: str, parts: QueryParts) -> bool:
    """True when the query has words but none of them can match anything (all too long,
    punctuation only …): it then finds nothing, rather than every clause."""
    req = parts.request
    return bool(text.strip()) and not (req.terms or req.should or req.must)


def _reference(
    snap: Snapshot, parts: QueryParts, window: slice, names: tuple[str, ...]
) -> tuple[tuple[Hit, ...], int, dict[str, dict[str, int]]]:
    """The page of hits, total and facets as Whoosh scores them (the reference path)."""
    top, total, counts = rank_reference(snap, parts.request, window.stop, names)
    marks = parts.plan.highlight_terms
    exact = parts.plan.exact_terms
    hits = tuple(
        with_identity(snap, Hit.of(lookups.stored(snap, d), s, marks, exact))
        for d, s in top[window]
    )
    return hits, total, counts
