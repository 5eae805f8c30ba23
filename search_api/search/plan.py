"""A query's text analysed once: its tokens, the codes and clause numbers it names, whether
it was typed with diacritics, the words to highlight and the abbreviation expansions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.codes import canonical_code, find_codes
from indexer.text.legalnum import query_numbers
from indexer.text.segment import segment
from indexer.text.tokens import Tok, grouped_forms, is_compound, terms
from indexer.text.vntext import fold, has_diacritics, iy_forms, nfc
from search_api.search.expand import Lexicon, content_tokens, expansions, strip_question

_CLAUSE_NO = re.compile(r"(?<![\w.,:/])(\d{1,2}(?:\.\d{1,2}){1,4})(?![\w,:/]|\.\d)")
_ARTICLE = re.compile(r"\b(điều|dieu)\s+(\d{1,3}[a-z]?)\b", re.IGNORECASE)
LOOSE_CODE_CHARS = 40  # a short query may be a code typed loosely ("qcvn47")


@dataclass(frozen=True)
class QueryPlan:
    """Everything derived from the user's text that ranking and highlighting need."""

    tokens: tuple[Tok, ...]  # analysed query tokens (exact)
    accented: bool
    codes: tuple[str, ...]  # canonical codes named in the query
    clause_numbers: tuple[str, ...]  # "2.3", "điều 5"
    highlight_terms: frozenset[str]  # folded syllables to mark in snippets
    expansions: tuple[Tok, ...] = ()  # tokens of abbreviation / long-form expansions
    # for an accented query, the syllables as typed (lower case, tone marks kept): only
    # these are marked, as only these are matched; None for a query without diacritics
    exact_terms: frozenset[str] | None = None
    # lookup keys of the legal numbers named ("nghi-dinh:117/2022") with the text typed
    numbers: tuple[tuple[str, str], ...] = ()


def _codes(text: str) -> tuple[tuple[str, ...], str]:
    """The codes text names, and text with them blanked out (a code's pieces, "qcvn" and
    "32", match most clauses: the code is matched as a code instead)."""
    found = [(c, s, e) for c, s, e in find_codes(text)]
    if not found:
        loose = canonical_code(text.strip()) if len(text) < LOOSE_CODE_CHARS else None
        found = [(loose, 0, len(text))] if loose else []
    codes = tuple(dict.fromkeys(c for c, _, _ in found))
    for _, start, end in reversed(found):
        text = text[:start] + " " * (end - start) + text[end:]
    return codes, text


def _numbers(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """The legal numbers text names (lookup key, text typed), and text with them blanked."""
    found = query_numbers(text)
    named = tuple(dict.fromkeys((key, text[s:e].strip()) for key, s, e in found))
    for _, start, end in reversed(found):
        text = text[:start] + " " * (end - start) + text[end:]
    return named, text


def plan_query(text: str, questions: bool, expand: bool, lexicon: Lexicon | None) -> QueryPlan:
    """Analyse query text once (`questions`: strip question scaffolding and stopwords;
    `expand`: add abbreviation expansions from `lexicon`, the curated list when None)."""
    codes, text = _codes(nfc(text))
    named, text = _numbers(text)
    numbers = [m.group(1) for m in _CLAUSE_NO.finditer(text)]
    numbers += [f"điều {m.group(2).lower()}" for m in _ARTICLE.finditer(text)]
    if questions:
        toks = tuple(content_tokens(terms(segment(strip_question(text)))))
    else:
        toks = tuple(terms(segment(text)))
    extra: list[Tok] = []
    if expand:
        for phrase in expansions(toks, lexicon):
            extra.extend(terms(segment(phrase)))
    # a syllable is matched in either i/y spelling (tokens.terms keys them as one): mark both
    sylls = [form for t in (*toks, *extra) if not is_compound(t) for form in iy_forms(t.text)]
    sylls += [form for t in toks for form in grouped_forms(t.text)]  # "2450": "2 450" too
    marks = frozenset(fold(s) for s in sylls)
    accented = has_diacritics(text) or not toks
    exact = frozenset(sylls) if accented else None
    return QueryPlan(toks, accented, codes, tuple(numbers), marks, tuple(extra), exact, named)
