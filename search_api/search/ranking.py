"""Ranking parameters (few, documented in docs/relevance.md) and the weighted terms a query
plan becomes: title, heading path and body, exact or diacritics-folded, plus proximity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.index import fields as F
from indexer.text.tokens import Tok, compound_positions, is_compound
from indexer.text.vntext import fold
from search_api.reader.match import AnyOf, Phrase, Term
from search_api.reader.snapshot import Bm25
from search_api.search.plan import QueryPlan

MAX_PAIRS = 8  # adjacent word pairs tried as phrases (each costs a positions read)


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
    bm25_k1: float = Bm25.k1  # BM25F's term-frequency saturation and length normalisation
    bm25_b: float = Bm25.b
    questions: bool = True  # strip question scaffolding and stand-alone stopwords (expand.py)
    expansion: float = 0.3  # weight of abbreviation ↔ long-form expansions (0 = off)
    proximity: float = 0.0  # boost of adjacent query words found as a phrase (0 = off)
    semantic: float = 0.3  # share of the dense score when the index has vectors (0 = off)
    # the same for a query typed without diacritics: e5 reads folded Vietnamese poorly (dense
    # only: nDCG@10 0.49 on such queries against 0.80 accented; see docs/relevance.md)
    semantic_unaccented: float = 0.2
    # the same for a query in another language (English): its words match only by accident
    semantic_foreign: float = 0.8
    semantic_candidates: int = 100  # nearest clauses added to the lexical matches
    semantic_rrf: int = 0  # > 0: reciprocal rank fusion with this k (docs/relevance.md)
    # share of a clause's dense score taken from its document's best clause (0 = the
    # clause's own similarity only): a question is often about one document as a whole
    semantic_doc: float = 0.0
    # clauses of one document listed together before other documents' (search/arrange.py)
    per_document: int = 3
    # a document's next clauses are listed with its best one when they score at least this
    # share of its score; the others keep their rank
    group_ratio: float = 0.5
    # the best clauses re-scored by the share of the query's words on their best page, and a
    # long clause's other matching pages listed below it (search/pages.py)
    page_share: float = 0.3
    page_candidates: int = 30
    page_hits: int = 1

    @property
    def bm25(self) -> Bm25:
        """The BM25F parameters."""
        return Bm25(self.bm25_k1, self.bm25_b)


DEFAULT_RANKING = Ranking()


def _field_weights(r: Ranking) -> dict[str, float]:
    return {F.TITLE_TEXT: r.title, F.HEADING_TEXT: r.heading, F.BODY: r.body}


def _folded_ngrams(toks: Sequence[Tok]) -> list[str]:
    """Adjacent folded syllables joined as candidate compound words ("tuong_thich")."""
    sylls = [t for t in toks if not is_compound(t) and t.text.isalpha()]
    out = []
    for n in (2, 3):
        for i in range(len(sylls) - n + 1):
            window = sylls[i : i + n]
            if all(window[j + 1].pos == window[j].pos + 1 for j in range(n - 1)):
                out.append("_".join(fold(t.text) for t in window))
    return out


def _term_weights(tokens: Sequence[Tok], inside_word: float) -> dict[str, float]:
    """Each distinct token text with its weight: `inside_word` for a syllable every
    occurrence of which lies inside a segmented word, 1 otherwise."""
    covered = compound_positions(tokens)
    out: dict[str, float] = {}
    for t in tokens:
        w = inside_word if not is_compound(t) and t.pos in covered else 1.0
        out[t.text] = max(out.get(t.text, 0.0), w)
    return out


def _folded_weights(
    exact: dict[str, float], tokens: Sequence[Tok], accented: bool
) -> dict[str, float]:
    """The folded twin of each exact term (and, for an unaccented query, syllable n-grams)."""
    folded: dict[str, float] = {}
    for t, tw in exact.items():
        folded[fold(t)] = max(folded.get(fold(t), 0.0), tw)
    if not accented:
        for g in _folded_ngrams(tokens):
            folded.setdefault(g, 1.0)
    return folded


def term_queries(
    tokens: Sequence[Tok], accented: bool, r: Ranking, scale: float = 1.0
) -> list[Term]:
    """Weighted terms of tokens over the exact fields (accented queries) and the folded ones."""
    subs: list[Term] = []
    exact = _term_weights(tokens, r.compound_syllables if accented else 1.0)
    folded = _folded_weights(exact, tokens, accented)
    for name, w in _field_weights(r).items():
        w *= scale
        if accented:
            subs.extend(
                Term(name, t, w * tw * (r.compound if "_" in t else 1.0)) for t, tw in exact.items()
            )
        folded_w = w * (r.folded_when_accented if accented else 1.0)
        if folded_w > 0:
            subs.extend(
                Term(F.FOLDED[name], t, folded_w * tw * (r.compound if "_" in t else 1.0))
                for t, tw in folded.items()
            )
    return subs


def text_terms(plan: QueryPlan, r: Ranking) -> list[Term]:
    """The weighted terms of the plan's words and of their abbreviation expansions."""
    subs = term_queries(plan.tokens, plan.accented, r)
    if plan.expansions and r.expansion > 0:
        subs += term_queries(plan.expansions, plan.accented, r, r.expansion)
    return subs


def _adjacent_pairs(tokens: Sequence[Tok], limit: int = MAX_PAIRS) -> list[tuple[str, str]]:
    """Adjacent syllables of the query (alphabetic, neither a stand-alone stopword)."""
    by_pos = {t.pos: t.text for t in tokens if not is_compound(t) and t.text.isalpha()}
    pairs = [(by_pos[p], by_pos[p + 1]) for p in sorted(by_pos) if p + 1 in by_pos]
    return list(dict.fromkeys(pairs))[:limit]


def proximity_match(plan: QueryPlan, r: Ranking) -> AnyOf | None:
    """Boosts for adjacent query syllables found next to each other in heading or body."""
    if r.proximity <= 0:
        return None
    pairs = _adjacent_pairs(plan.tokens)
    if not pairs:
        return None
    fields = (F.BODY, F.HEADING_TEXT)
    if not plan.accented:
        fields = (F.FOLDED[F.BODY], F.FOLDED[F.HEADING_TEXT])
    subs: list[Phrase] = []
    for a, b in pairs:
        words = (a, b) if plan.accented else (fold(a), fold(b))
        subs.extend(Phrase(f, words, r.proximity) for f in fields)
    return AnyOf(tuple(subs), flat=True)
