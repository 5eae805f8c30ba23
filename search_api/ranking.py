"""Ranking parameters (few, documented) and the query → Whoosh query translation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh import query as wq

from indexer.analysis import Tok, terms
from indexer.metadata import canonical_code, code_keys, find_codes
from indexer.schema import FOLDED
from indexer.segment import segment
from indexer.vntext import fold, has_diacritics, nfc
from search_api.expand import Lexicon, content_tokens, expansions, strip_question
from search_api.query import ParsedQuery

_CLAUSE_NO = re.compile(r"(?<![\w.,:/])(\d{1,2}(?:\.\d{1,2}){1,4})(?![\w,:/]|\.\d)")
MAX_PAIRS = 8  # adjacent word pairs tried as phrases (each costs a positions read)
_ARTICLE = re.compile(r"\b(điều|dieu)\s+(\d{1,3}[a-z]?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Ranking:
    """Weights of the ranking function; see docs/relevance.md for how they were chosen."""

    title: float = 0.5
    heading: float = 0.25
    body: float = 1.0
    folded_when_accented: float = 0.0  # folded fields' weight when the query has diacritics
    compound: float = 1.0  # weight of whole-word tokens relative to syllables
    # weight of a syllable that is part of a segmented word of an accented query: a
    # two-syllable word otherwise weighs 3 terms (2 syllables + the word) against 1 for a
    # one-syllable word or an abbreviation ("thuật ngữ ML")
    compound_syllables: float = 0.5
    code: float = 25.0  # a document whose code the query names
    clause: float = 40.0  # the clause a code + clause number names
    bm25_k1: float = 0.8
    bm25_b: float = 0.75
    questions: bool = True  # strip question scaffolding and stand-alone stopwords (expand.py)
    expansion: float = 0.3  # weight of abbreviation ↔ long-form expansions (0 = off)
    proximity: float = 0.0  # boost of adjacent query words found as a phrase (0 = off)
    semantic: float = 0.4  # share of the dense score when the index has vectors (0 = off)
    # the same for a query typed without diacritics: e5 reads folded Vietnamese poorly (dense
    # only: nDCG@10 0.49 on such queries against 0.80 accented; see docs/relevance.md)
    semantic_unaccented: float = 0.2
    semantic_candidates: int = 100  # nearest clauses added to the lexical matches


DEFAULT_RANKING = Ranking()


class FlatOr(wq.Or):  # type: ignore[misc]
    """An Or scored by reading each term's postings once into an array.

    Whoosh's default for big indexes is a binary tree of union matchers, which costs
    4-6x more per matching document in pure Python with the 30-70 terms a query has here.
    """

    matcher_type = wq.Or.ARRAY_MATCHER


@dataclass(frozen=True)
class QueryPlan:
    """Everything derived from the user's text that ranking and highlighting need."""

    tokens: tuple[Tok, ...]  # analysed query tokens (exact)
    accented: bool
    codes: tuple[str, ...]  # canonical codes named in the query
    clause_numbers: tuple[str, ...]  # "2.3", "điều 5"
    highlight_terms: frozenset[str]  # folded syllables to mark in snippets
    expansions: tuple[Tok, ...] = ()  # tokens of abbreviation / long-form expansions


def plan_query(
    text: str, r: Ranking = DEFAULT_RANKING, lexicon: Lexicon | None = None
) -> QueryPlan:
    """Analyse query text once: tokens, codes, clause numbers, highlight terms, expansions
    (from `lexicon`, the curated abbreviations when None)."""
    text = nfc(text)
    found = find_codes(text)
    codes = tuple(dict.fromkeys(c for c, _, _ in found))
    if not codes:
        loose = canonical_code(text.strip()) if len(text) < 40 else None
        codes = (loose,) if loose else ()
        found = [(loose, 0, len(text))] if loose else []
    # a code's pieces ("qcvn", "32") match most clauses: the code is matched as a code instead
    for _, start, end in reversed(found):
        text = text[:start] + " " * (end - start) + text[end:]
    numbers = [m.group(1) for m in _CLAUSE_NO.finditer(text)]
    numbers += [f"điều {m.group(2).lower()}" for m in _ARTICLE.finditer(text)]
    if r.questions:
        toks = tuple(content_tokens(terms(segment(strip_question(text)))))
    else:
        toks = tuple(terms(segment(text)))
    extra: list[Tok] = []
    if r.expansion > 0:
        for phrase in expansions(toks, lexicon):
            extra.extend(terms(segment(phrase)))
    marks = frozenset(fold(t.text) for t in (*toks, *extra) if "_" not in t.text)
    accented = has_diacritics(text) or not toks
    return QueryPlan(toks, accented, codes, tuple(numbers), marks, tuple(extra))


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


def _term_queries(
    tokens: Sequence[Tok], accented: bool, r: Ranking, scale: float = 1.0
) -> list[wq.Query]:
    """Weighted terms of tokens over the exact fields (accented queries) and the folded ones."""
    subs: list[wq.Query] = []
    exact = _term_weights(tokens, r.compound_syllables if accented else 1.0)
    folded_terms: dict[str, float] = {}
    for t, tw in exact.items():
        folded_terms[fold(t)] = max(folded_terms.get(fold(t), 0.0), tw)
    if not accented:
        for g in _folded_ngrams(tuple(tokens)):
            folded_terms.setdefault(g, 1.0)
    for name, w in _field_weights(r).items():
        w *= scale
        if accented:
            subs.extend(
                wq.Term(name, t, boost=w * tw * (r.compound if "_" in t else 1.0))
                for t, tw in exact.items()
            )
        folded_w = w * (r.folded_when_accented if accented else 1.0)
        if folded_w > 0:
            subs.extend(
                wq.Term(FOLDED[name], t, boost=folded_w * tw * (r.compound if "_" in t else 1.0))
                for t, tw in folded_terms.items()
            )
    return subs


def _term_weights(tokens: Sequence[Tok], inside_word: float) -> dict[str, float]:
    """Each distinct token text with its weight: `inside_word` for a syllable every
    occurrence of which lies inside a segmented word, 1 otherwise."""
    covered: set[int] = set()
    for t in tokens:
        if "_" in t.text:
            covered.update(range(t.pos, t.pos + t.text.count("_") + 1))
    out: dict[str, float] = {}
    for t in tokens:
        w = inside_word if "_" not in t.text and t.pos in covered else 1.0
        out[t.text] = max(out.get(t.text, 0.0), w)
    return out


def _adjacent_pairs(tokens: Sequence[Tok], limit: int = MAX_PAIRS) -> list[tuple[str, str]]:
    """Adjacent syllables of the query (alphabetic, neither a stand-alone stopword)."""
    by_pos = {t.pos: t.text for t in tokens if "_" not in t.text and t.text.isalpha()}
    pairs = [(by_pos[p], by_pos[p + 1]) for p in sorted(by_pos) if p + 1 in by_pos]
    return list(dict.fromkeys(pairs))[:limit]


def proximity_query(plan: QueryPlan, r: Ranking) -> wq.Query | None:
    """Boosts for adjacent query syllables found next to each other in heading or body."""
    if r.proximity <= 0:
        return None
    pairs = _adjacent_pairs(plan.tokens)
    if not pairs:
        return None
    fields = ("b", "h") if plan.accented else ("bf", "hf")
    subs: list[wq.Query] = []
    for a, b in pairs:
        words = [a, b] if plan.accented else [fold(a), fold(b)]
        subs.extend(wq.Phrase(f, words, boost=r.proximity) for f in fields)
    return FlatOr(subs)


def text_query(plan: QueryPlan, r: Ranking) -> wq.Query | None:
    """An Or of weighted terms over the exact and/or folded fields, or None if no terms."""
    subs = _term_queries(plan.tokens, plan.accented, r)
    if plan.expansions and r.expansion > 0:
        subs += _term_queries(plan.expansions, plan.accented, r, r.expansion)
    return FlatOr(subs) if subs else None


def code_query(plan: QueryPlan, r: Ranking) -> wq.Query | None:
    """Documents the query names by code (boosted), the clause a number names in them, and
    clauses that cite the code in their text."""
    subs: list[wq.Query] = []
    for code in plan.codes:
        key = code_keys(code)[0]
        subs.append(wq.Term("codes", key, boost=r.code))
        for number in plan.clause_numbers:
            # "2.3" names clause 2.3, or its first sub-clauses when 2.3 has no text of its own
            clause = wq.Or(
                [wq.Term("clause", number), wq.Prefix("clause", number + ".", boost=0.8)]
            )
            subs.append(wq.And([wq.Term("codes", key), clause], boost=r.clause))
        cited = [t.text for t in terms(code) if "_" not in t.text]
        by_pos = {t.pos: t.text for t in terms(code)}
        atoms = [by_pos[p] for p in sorted(by_pos)]
        if len(atoms) > 1 and cited:
            subs.append(wq.Phrase("b", atoms, boost=r.body))
    return wq.Or(subs) if subs else None


def words_query(text: str, r: Ranking) -> wq.Query | None:
    """Query for one must / must-not element: any of its terms, in any field."""
    return text_query(plan_query(text, r), r)


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


@dataclass(frozen=True)
class QueryParts:
    """A query split the way search() runs it: boosted terms (the big disjunction, scored
    with numpy), other optional parts, and the required / excluded parts."""

    terms: tuple[wq.Term, ...]
    should: tuple[wq.Query, ...]
    must: tuple[wq.Query, ...]
    must_not: tuple[wq.Query, ...]
    plan: QueryPlan

    def whoosh(self) -> wq.Query:
        """The same query as one Whoosh query (the reference the fast path is tested against)."""
        should = [FlatOr(list(self.terms))] if self.terms else []
        should += list(self.should)
        positive: wq.Query
        if self.must:
            must = wq.And(list(self.must))
            positive = wq.AndMaybe(must, wq.Or(should)) if should else must
        elif should:
            positive = wq.Or(should)
        else:
            positive = wq.Every()
        if self.must_not:
            positive = wq.AndNot(positive, wq.Or(list(self.must_not)))
        return positive


def build_parts(
    parsed: ParsedQuery, r: Ranking = DEFAULT_RANKING, lexicon: Lexicon | None = None
) -> QueryParts:
    """The parts of the query for a parsed user query (abbreviations from `lexicon`)."""
    plan = plan_query(parsed.text, r, lexicon)
    text = text_query(plan, r)
    terms_ = tuple(text.subqueries) if text is not None else ()
    should = [q for q in (code_query(plan, r), proximity_query(plan, r)) if q is not None]
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
        if c.occur == "must" or (c.kind == "phrase" and c.occur == "should"):
            must.append(sub)  # a quoted phrase is what the user insists on
        elif c.occur == "must_not":
            must_not.append(sub)
    return QueryParts(terms_, tuple(should), tuple(must), tuple(must_not), plan)


def build_query(parsed: ParsedQuery, r: Ranking = DEFAULT_RANKING) -> tuple[wq.Query, QueryPlan]:
    """The Whoosh query for a parsed user query, and the plan used for highlighting."""
    parts = build_parts(parsed, r)
    return parts.whoosh(), parts.plan


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
