"""HTML snippets: the best window of a clause's text with <mark> around matched words."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from indexer.vntext import fold_lower

WINDOW = 260


@lru_cache(maxsize=512)
def _pattern(marks: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for all terms, longest first, matched as whole tokens."""
    terms = sorted((m for m in marks if m), key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, terms)) + r")(?![^\W_])")


def match_spans(text: str, marks: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, folded term) of every token of text whose folded form is in marks.

    The text is folded and lower-cased once (same length), then one regex finds the terms:
    a longer term ("47:2015/btttt") wins over a shorter one inside it ("47").
    """
    pattern = _pattern(frozenset(fold_lower(m) for m in marks))
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(fold_lower(text))]


def _best_window(spans: list[tuple[int, int, str]], size: int) -> int:
    """Start offset of the window of `size` chars holding the most distinct matched terms."""
    best, best_start = -1, 0
    j = 0
    for i, (start, _, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + size:
            j += 1
        distinct = len({s[2] for s in spans[i:j]})
        score = distinct * 10 + (j - i)
        if score > best:
            best, best_start = score, start
    return best_start


def snippet(text: str, marks: Iterable[str], size: int = WINDOW) -> str:
    """Escaped HTML fragment around the best matches, matched words wrapped in <mark>."""
    spans = match_spans(text, marks)
    if spans:
        anchor = _best_window(spans, size)
        start = max(0, anchor - size // 4)
    else:
        start = 0
    end = min(len(text), start + size)
    # widen to word boundaries
    floor, ceiling = max(0, start - 30), min(len(text), end + 30)  # a huge token cannot run away
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e, _ in spans:
        if s < start or e > end:
            continue
        parts.append(html.escape(text[cursor:s]))
        parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    out = "".join(parts).replace("\n", " ")
    return out.replace("</mark> <mark>", " ")
