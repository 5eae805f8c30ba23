"""Ranking parameters (few, documented) and the query → Whoosh query translation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq

from indexer.analysis import Tok, terms
from indexer.metadata import canonical_code, code_keys, find_codes
from indexer.schema import FOLDED
from indexer.segment import segment
from indexer.vntext import fold, has_diacritics, nfc
from search_api.query import ParsedQuery

_CLAUSE_NO = re.compile(r"(?<![\w.,:/])(\d{1,2}(?:\.\d{1,2}){1,4})(?![\w,:/]|\.\d)")
_ARTICLE = re.compile(r"\b(điều|dieu)\s+(\d{1,3}[a-z]?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Ranking:
    """Weights of the ranking function; see docs/relevance.md for how they were chosen."""

    title: float = 1.0
    heading: float = 2.0
    body: float = 1.0
    folded_when_accented: float = 0.2  # folded fields' weight when the query has diacritics
    compound: float = 1.0  # weight of whole-word tokens relative to syllables
    code: float = 25.0  # a document whose code the query names
    clause: float = 40.0  # the clause a code + clause number names
    bm25_k1: float = 1.2
    bm25_b: float = 0.75


DEFAULT_RANKING = Ranking()


@dataclass(frozen=True)
class QueryPlan:
    """Everything derived from the user's text that ranking and highlighting need."""

    tokens: tuple[Tok, ...]  # analysed query tokens (exact)
    accented: bool
    codes: tuple[str, ...]  # canonical codes named in the query
    clause_numbers: tuple[str, ...]  # "2.3", "điều 5"
    highlight_terms: frozenset[str]  # folded syllables to mark in snippets


def plan_query(text: str) -> QueryPlan:
    """Analyse query text once: tokens, codes, clause numbers, highlight terms."""
    text = nfc(text)
    codes = tuple(dict.fromkeys(c for c, _, _ in find_codes(text)))
    if not codes:
        loose = canonical_code(text.strip()) if len(text) < 40 else None
        codes = (loose,) if loose else ()
    numbers = [m.group(1) for m in _CLAUSE_NO.finditer(text)]
    numbers += [f"điều {m.group(2).lower()}" for m in _ARTICLE.finditer(text)]
    toks = tuple(terms(segment(text)))
    marks = frozenset(fold(t.text) for t in toks if "_" not in t.text)
    return QueryPlan(toks, has_diacritics(text), codes, tuple(numbers), marks)


def _field_weights(r: Ranking) -> dict[str, float]:
    return {"t": r.title, "h": r.heading, "b": r.body}


def _folded_ngrams(toks: tuple[Tok, ...]) -> list[str]:
    """Adjacent folded syllables joined as candidate compound words ("tuong_thich")."""
    sylls = [t for t in toks if "_" not in t.text and t.text.isalpha()]
    out = []
    for n in (2, 3):
        for i in range(len(sylls) - n + 1):
            window = sylls[i : i + n]
            if all(window[j + 1].pos == window[j].pos + 1 for j in range(n - 1)):
                out.append("_".join(fold(t.text) for t in window))
    return out


def text_query(plan: QueryPlan, r: Ranking) -> wq.Query | None:
    """An Or of weighted terms over the exact and/or folded fields, or None if no terms."""
    weights = _field_weights(r)
    subs: list[wq.Query] = []
    exact = list(dict.fromkeys(t.text for t in plan.tokens))
    for name, w in weights.items():
        if plan.accented:
            for term in exact:
                boost = w * (r.compound if "_" in term else 1.0)
                subs.append(wq.Term(name, term, boost=boost))
        folded_w = w * (r.folded_when_accented if plan.accented else 1.0)
        if folded_w <= 0:
            continue
        folded_terms = list(dict.fromkeys(fold(t) for t in exact))
        if not plan.accented:
            folded_terms += [g for g in _folded_ngrams(plan.tokens) if g not in folded_terms]
        for term in folded_terms:
            boost = folded_w * (r.compound if "_" in term else 1.0)
            subs.append(wq.Term(FOLDED[name], term, boost=boost))
    return wq.Or(subs) if subs else None


def code_query(plan: QueryPlan, r: Ranking) -> wq.Query | None:
    """Boosts for documents the query names by code, and for a named clause of them."""
    subs: list[wq.Query] = []
    for code in plan.codes:
        key = code_keys(code)[0]
        subs.append(wq.Term("codes", key, boost=r.code))
        for number in plan.clause_numbers:
            subs.append(wq.And([wq.Term("codes", key), wq.Term("clause", number)], boost=r.clause))
    return wq.Or(subs) if subs else None


def words_query(text: str, r: Ranking) -> wq.Query | None:
    """Query for one must / must-not element: any of its terms, in any field."""
    return text_query(plan_query(text), r)


def phrase_query(text: str) -> wq.Query | None:
    """Exact phrase over heading or body (folded when typed without diacritics)."""
    toks = terms(nfc(text))  # raw text: syllables only
    by_pos: dict[int, str] = {}
    for t in toks:
        if t.pos not in by_pos or len(t.text) < len(by_pos[t.pos]):
            by_pos[t.pos] = t.text
    words = [by_pos[p] for p in sorted(by_pos)]
    if not words:
        return None
    if has_diacritics(text):
        fields = [("b", words), ("h", words), ("t", words)]
    else:
        folded = [fold(w) for w in words]
        fields = [("bf", folded), ("hf", folded), ("tf", folded)]
    if len(words) == 1:
        return wq.Or([wq.Term(f, ws[0]) for f, ws in fields])
    return wq.Or([wq.Phrase(f, ws) for f, ws in fields])


def build_query(parsed: ParsedQuery, r: Ranking = DEFAULT_RANKING) -> tuple[wq.Query, QueryPlan]:
    """The Whoosh query for a parsed user query, and the plan used for highlighting."""
    plan = plan_query(parsed.text)
    should = [q for q in (text_query(plan, r), code_query(plan, r)) if q is not None]
    must: list[wq.Query] = []
    must_not: list[wq.Query] = []
    for c in parsed.clauses:
        if c.kind == "field":
            sub: wq.Query | None = filter_term(c.field, c.value)
        elif c.kind == "phrase":
            sub = phrase_query(c.value)
        else:
            sub = words_query(c.value, r) if c.occur != "should" else None
        if sub is None:
            continue
        if c.occur == "must":
            must.append(sub)
        elif c.occur == "must_not":
            must_not.append(sub)
        elif c.kind == "phrase":
            should.append(wq.Or([sub], boost=2.0))
    positive: wq.Query
    if must:
        positive = wq.AndMaybe(wq.And(must), wq.Or(should)) if should else wq.And(must)
    elif should:
        positive = wq.Or(should)
    else:
        positive = wq.Every()
    if must_not:
        positive = wq.AndNot(positive, wq.Or(must_not))
    return positive, plan


def filter_term(name: str, value: str) -> wq.Query | None:
    """Filter for a field: code (any spelling), type, issuer, year, clause."""
    value = nfc(value).strip()
    if not value:
        return None
    if name == "code":
        code = canonical_code(value)
        return wq.Term("codes", code_keys(code)[0]) if code else wq.NullQuery
    if name == "clause":
        return wq.Term("clause", value.lower())
    if name == "type":
        return wq.Or([wq.Term("type", value), wq.Term("type", value.upper())])
    return wq.Term(name, value)
