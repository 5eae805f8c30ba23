"""Parse what a user typed into a small structure; never raises on malformed syntax.

Supported: plain words, "exact phrase", AND / OR / NOT (upper case), +word / -word,
and the fields code:, type:, year:, clause:, issuer: (value bare or quoted).
Anything that does not parse is kept as plain words: a lone AND, an unbalanced
quote or `code:` with nothing after it simply degrade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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
class Element:
    """One parsed element of the query: words, a phrase or a field, and how it must occur."""

    occur: Occur
    kind: Literal["words", "phrase", "field"]
    value: str
    field: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    """The query as a list of elements plus the plain text used for ranking and suggestions."""

    elements: tuple[Element, ...] = ()
    text: str = ""  # every positive word and phrase, for ranking and snippets
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return (
            not self.text.strip()
            and not self.filters
            and not any(e.occur != "should" for e in self.elements)
        )


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


class _Parser:
    """The state of one parse: elements so far, filters, and what an operator asked for."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.filters: dict[str, str] = {}
        self.pending: Occur | None = None  # set by AND / NOT for the next element
        self.and_left: int | None = None  # the element before an AND, made required next

    def operator(self, op: str) -> None:
        op = {"&&": "AND", "||": "OR"}.get(op, op)
        if op == "NOT":
            self.pending = "must_not"
        elif op == "AND":
            self.pending = "must"
            if self.elements and self.elements[-1].occur == "should":
                self.and_left = len(self.elements) - 1
        else:
            self.pending = None

    def take_occur(self) -> Occur:
        occur: Occur = self.pending or "should"
        self.pending = None
        return occur

    def field(self, name: str, raw: str, occur: Occur) -> None:
        value = _unquote(raw).strip()
        if not value:
            return
        if occur == "must_not":
            self.elements.append(Element("must_not", "field", value, name))
        else:
            self.filters[name] = value

    def phrase(self, phrase: str, sign: str | None, occur: Occur) -> None:
        occur = "must" if sign == "+" else "must_not" if sign == "-" else occur
        if phrase.strip():
            self.elements.append(Element(occur, "phrase", phrase.strip()))

    def word(self, word: str, occur: Occur) -> None:
        if word[0] in "+-" and len(word) > 1 and not word[1].isdigit():
            occur = "must" if word[0] == "+" else "must_not"
            word = word[1:]
        self.elements.append(Element(occur, "words", word))
        if self.and_left is not None:
            left = self.elements[self.and_left]
            self.elements[self.and_left] = replace(left, occur="must")
            self.and_left = None

    def result(self) -> ParsedQuery:
        positive = " ".join(
            e.value for e in self.elements if e.occur != "must_not" and e.kind != "field"
        )
        return ParsedQuery(tuple(self.elements), positive, self.filters)


def parse(text: str) -> ParsedQuery:
    """Parse user query text; malformed syntax degrades to plain words."""
    p = _Parser()
    for m in _LEXER.finditer(text):
        if m.group("op"):
            p.operator(m.group("op"))
            continue
        occur = p.take_occur()
        if m.group("field"):
            p.field(m.group("field")[:-1], m.group("fvalue"), occur)
        elif m.group("phrase") is not None:
            p.phrase(m.group("phrase"), m.group("sign"), occur)
        elif m.group("word"):
            p.word(m.group("word"), occur)
    return p.result()


def loosened(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its plain quoted phrases (those the query only prefers: not +"…",
    -"…", nor joined by AND / NOT) unquoted, and those phrases; (text, ()) when it has none.
    A search whose phrases match nothing runs again with their words (run.py)."""
    phrases = [e for e in parse(text).elements if e.kind == "phrase"]
    quoted = [
        m
        for m in _LEXER.finditer(text)
        if m.group("phrase") is not None and m.group("phrase").strip()
    ]
    if len(quoted) != len(phrases):  # cannot happen: both come from the same lexer
        return text, ()
    out, loose, last = [], [], 0
    for m, e in zip(quoted, phrases, strict=True):
        if e.occur == "should":
            out += [text[last : m.start()], f" {e.value} "]
            loose.append(e.value)
            last = m.end()
    return "".join([*out, text[last:]]), tuple(loose)
