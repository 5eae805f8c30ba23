"""What the search layer may ask of the index: a small algebra of index queries.

The search layer builds these plain values (no Whoosh); the reader compiles them to Whoosh
queries (execute.py) and scores the big disjunction of terms with numpy (fastscore.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A term of a field, boosted."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Words at consecutive positions of a field."""

    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Any term of a field that starts with text."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    """Documents matching any part, scored by the sum of the parts that match. `flat` asks
    for one array-backed matcher (cheaper for many terms; same scores)."""

    parts: tuple[Match, ...]
    boost: float = 1.0
    flat: bool = False


@dataclass(frozen=True)
class AllOf:
    """Documents matching every part."""

    parts: tuple[Match, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Nothing:
    """Matches no document (a filter whose value cannot match)."""


Match = Term | Phrase | Prefix | AnyOf | AllOf | Nothing


@dataclass(frozen=True)
class Request:
    """One search as the index runs it: the weighted terms (the big disjunction, scored with
    numpy), other optional parts that add to the score, parts every hit must match, parts no
    hit may match, and a filter that admits documents without scoring them."""

    terms: tuple[Term, ...] = ()
    should: tuple[Match, ...] = ()
    must: tuple[Match, ...] = ()
    must_not: tuple[Match, ...] = ()
    filter: Match | None = None
