"""A parsed query as the index runs it (a reader Request): weighted terms, code and clause
lookups, phrases, required and excluded words, and filters."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.index import fields as F
from indexer.text.codes import canonical_code, code_keys
from indexer.text.issuers import canonical_issuer
from indexer.text.legalnum import query_numbers
from indexer.text.tokens import is_compound, terms
from indexer.text.vntext import fold, has_diacritics, nfc
from search_api.reader.match import AllOf, AnyOf, Match, Nothing, Phrase, Prefix, Request, Term
from search_api.search.expand import Lexicon
from search_api.search.plan import QueryPlan, plan_query
from search_api.search.query import Element, ParsedQuery
from search_api.search.ranking import Ranking, proximity_match, text_terms

CLAUSE_PREFIX_BOOST = 0.8  # "2.3" also finds 2.3.1, 2.3.2 … when 2.3 has no text of its own


@dataclass(frozen=True)
class QueryParts:
    """The request a parsed query becomes, and the plan it was made from."""

    request: Request
    plan: QueryPlan
    text: str = ""  # the query's free text (what clause vectors are compared with)


def plan_for(text: str, r: Ranking, lexicon: Lexicon | None = None) -> QueryPlan:
    """The plan of query text under ranking r (abbreviations from lexicon)."""
    return plan_query(text, r.questions, r.expansion > 0, lexicon)


def code_match(plan: QueryPlan, r: Ranking) -> AnyOf | None:
    """Documents the query names by code (boosted), the clause a number names in them, and
    clauses that cite the code in their text."""
    subs: list[Match] = []
    keys = [code_keys(code)[0] for code in plan.codes] + [key for key, _ in plan.numbers]
    for key in keys:
        subs.append(Term(F.CODES, key, r.code))
        for number in plan.clause_numbers:
            clause = AnyOf(
                (Term(F.CLAUSE, number), Prefix(F.CLAUSE, number + ".", CLAUSE_PREFIX_BOOST))
            )
            subs.append(AllOf((Term(F.CODES, key), clause), r.clause))
    for code in plan.codes:
        cited = [t.text for t in terms(code) if not is_compound(t)]
        by_pos = {t.pos: t.text for t in terms(code)}
        atoms = tuple(by_pos[p] for p in sorted(by_pos))
        if len(atoms) > 1 and cited:
            subs.append(Phrase(F.BODY, atoms, r.body))
    return AnyOf(tuple(subs)) if subs else None


def words_match(text: str, r: Ranking) -> AnyOf | None:
    """One required or excluded element: any of its terms, in any field."""
    found = text_terms(plan_for(text, r), r)
    return AnyOf(tuple(found), flat=True) if found else None


def phrase_match(text: str) -> AnyOf | None:
    """Exact phrase over title, heading or body (folded when typed without diacritics)."""
    by_pos: dict[int, str] = {}
    for t in terms(nfc(text)):  # raw text: syllables only
        if t.pos not in by_pos or len(t.text) < len(by_pos[t.pos]):
            by_pos[t.pos] = t.text
    words = tuple(by_pos[p] for p in sorted(by_pos))
    if not words:
        return None
    names: tuple[str, ...] = (F.BODY, F.HEADING_TEXT, F.TITLE_TEXT)
    if not has_diacritics(text):
        names = tuple(F.FOLDED[n] for n in names)
        words = tuple(fold(w) for w in words)
    if len(words) == 1:
        return AnyOf(tuple(Term(n, words[0]) for n in names))
    return AnyOf(tuple(Phrase(n, words) for n in names))


def filter_match(name: str, value: str) -> Match | None:
    """Filter for a field: code (any spelling), type, issuer, year, clause, doc (doc_id)."""
    if name == "docs":  # several doc_ids, one a line (the `status` filter, resolved)
        ids = [d for d in value.split("\n") if d]
        return AnyOf(tuple(Term(F.DOC_ID, d) for d in ids)) if ids else Nothing()
    value = nfc(value).strip()
    if not value:
        return None
    if name == "code":  # a standard's code or a legal text's number, any spelling
        code = canonical_code(value)
        numbers = query_numbers(value)
        if code:
            return Term(F.CODES, code_keys(code)[0])
        return Term(F.CODES, numbers[0][0]) if numbers else Nothing()
    if name == "clause":
        return Term(F.CLAUSE, value.lower())
    if name == "doc":
        return Term(F.DOC_ID, value)

    if name == "type":
        return AnyOf((Term(F.TYPE, value), Term(F.TYPE, value.upper())))
    if name == "issuer":  # "BXD", "bộ xây dựng" and "Bộ Xây dựng" are one issuer
        return Term(F.ISSUER, canonical_issuer(value) or value)
    return Term(name, value)


def filters_match(filters: dict[str, str]) -> AllOf | None:
    """Every filter with a value, all required."""
    subs = [
        m
        for name, value in filters.items()
        if value and (m := filter_match(name, value)) is not None
    ]
    return AllOf(tuple(subs)) if subs else None


def _element_match(e: Element, r: Ranking) -> Match | None:
    if e.kind == "field":
        return filter_match(e.field, e.value)
    if e.kind == "phrase":
        return phrase_match(e.value)
    return words_match(e.value, r) if e.occur != "should" else None


def build_parts(
    parsed: ParsedQuery, r: Ranking, lexicon: Lexicon | None, filters: dict[str, str]
) -> QueryParts:
    """The request for a parsed user query (abbreviations from lexicon) within filters."""
    plan = plan_for(parsed.text, r, lexicon)
    should = tuple(m for m in (code_match(plan, r), proximity_match(plan, r)) if m is not None)
    must: list[Match] = []
    must_not: list[Match] = []
    for e in parsed.elements:
        sub = _element_match(e, r)
        if sub is None:
            continue
        if e.occur == "must" or (e.kind == "phrase" and e.occur == "should"):
            must.append(sub)  # a quoted phrase is what the user insists on
        elif e.occur == "must_not":
            must_not.append(sub)
    request = Request(
        tuple(text_terms(plan, r)), should, tuple(must), tuple(must_not), filters_match(filters)
    )
    return QueryParts(request, plan, parsed.text)
