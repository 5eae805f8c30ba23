"""Parse what a user typed into a small structure; never raises on malformed syntax.

Supported: plain words, "exact phrase", AND / OR / NOT (upper case), +word / -word,
and the fields code:, type:, year:, clause:, issuer: (value bare or quoted).
Anything that does not parse is kept as plain words: a lone AND, an unbalanced
quote or `code:` with nothing after it simply degrade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Occur = Literal["should", "must", "must_not"]
FIELDS = ("code", "type", "year", "clause", "issuer")

_LEXER = re.compile(
    r"""
    (?P<field>(?:code|type|year|clause|issuer):)(?P<fvalue>"[^"]*"|[^\s"]*)
  | (?P<sign>[+-])?"(?P<phrase>[^"]*)"
  | (?P<op>\bAND\b|\bOR\b|\bNOT\b|&&|\|\|)
  | (?P<word>(?:[+-](?=\S))?[^\s"]+)
  | (?P<quote>")
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Clause:
    """One parsed element of the query."""

    occur: Occur
    kind: Literal["words", "phrase", "field"]
    value: str
    field: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    """The query as a list of clauses plus the plain text used for ranking and suggestions."""

    clauses: tuple[Clause, ...] = ()
    text: str = ""  # every positive word and phrase, for ranking and snippets
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return (
            not self.text.strip()
            and not self.filters
            and not any(c.occur != "should" for c in self.clauses)
        )


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def parse(text: str) -> ParsedQuery:
    """Parse user query text; malformed syntax degrades to plain words."""
    clauses: list[Clause] = []
    filters: dict[str, str] = {}
    pending: Occur | None = None  # set by AND / NOT for the next element
    prev_must_index: int | None = None
    for m in _LEXER.finditer(text):
        if m.group("op"):
            op = {"&&": "AND", "||": "OR"}.get(m.group("op"), m.group("op"))
            if op == "NOT":
                pending = "must_not"
            elif op == "AND":
                pending = "must"
                if clauses and clauses[-1].occur == "should":
                    prev_must_index = len(clauses) - 1
            else:
                pending = None
            continue
        occur: Occur = pending or "should"
        pending = None
        if m.group("field"):
            name, value = m.group("field")[:-1], _unquote(m.group("fvalue")).strip()
            if not value:
                continue
            if occur == "must_not":
                clauses.append(Clause("must_not", "field", value, name))
            else:
                filters[name] = value
            continue
        if m.group("phrase") is not None:
            sign = m.group("sign")
            occur = "must" if sign == "+" else "must_not" if sign == "-" else occur
            phrase = m.group("phrase").strip()
            if phrase:
                clauses.append(Clause(occur, "phrase", phrase))
            continue
        word = m.group("word") or ""
        if not word:
            continue  # a stray quote
        if word[0] in "+-" and len(word) > 1 and not word[1].isdigit():
            occur = "must" if word[0] == "+" else "must_not"
            word = word[1:]
        clauses.append(Clause(occur, "words", word))
        if prev_must_index is not None:
            c = clauses[prev_must_index]
            clauses[prev_must_index] = Clause("must", c.kind, c.value, c.field)
            prev_must_index = None
    positive = " ".join(c.value for c in clauses if c.occur != "must_not" and c.kind != "field")
    return ParsedQuery(tuple(clauses), positive, filters)
