"""What the result page says about the query itself: a correction when a word is probably
mistyped ("Có phải bạn muốn tìm …"), the tone-marked reading of a query typed without
diacritics when the model of the indexed text is sure of it ("Đang hiện kết quả cho …"),
and whether the query is in another language.

Only plain words are ever changed: lower-case or capitalised runs of letters outside quotes,
not prefixed by an operator, not a field, not a unit. Codes, numbers, acronyms and units in
any case ("MHz", "QoS", "IoT") and quoted text stay exactly as typed, except a lower-case
symbol that is also a Vietnamese word without its marks ("giai ma" is "giải mã", not mA). A word the indexed
text contains as typed is never "corrected": a suggestion needs a word that occurs nowhere,
and a replacement that occurs often.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.text import units
from indexer.text.segment import dictionary_syllables
from indexer.text.vntext import fold, has_diacritics, nfc
from search_api.search.langmodel import MAX_CANDIDATES, SyllableModel
from search_api.search.language import is_foreign, plain
from search_api.search.suggest import Vocab, neighbours

# margin (nats) by which every restored syllable must beat its alternatives for the page to
# say "showing results for" (tuned on the dev keyword sets, docs/relevance.md)
RESTORE_MARGIN = 0.5
MIN_COUNT = 5  # a correction must occur at least this often in the index
COMMON = 50  # a syllable seen this often is a word of the collection, dictionary or not
MAX_WORDS = 30
_EDGE = re.compile(r"^(.*?)([?!.,;:]*)$", re.DOTALL)
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass(frozen=True)
class QueryNotes:
    """What to tell the user about the query: all None when there is nothing to say."""

    suggestion: str | None = None  # the query with its mistyped words corrected
    restored: str | None = None  # the query with its diacritics restored (sure reading)
    language: str | None = None  # "en" when the query reads as English


@dataclass
class _Word:
    index: int  # position among the query's tokens
    text: str  # the word as typed, without trailing punctuation
    fixed: bool  # an acronym or unit: context for its neighbours, never changed


def _runs(tokens: list[str]) -> list[list[_Word]]:
    """Runs of adjacent words (codes, numbers, quotes, operators and punctuation end runs)."""
    runs: list[list[_Word]] = [[]]
    quoted = False
    for i, tok in enumerate(tokens):
        inside = quoted or tok.startswith('"')
        if tok.count('"') % 2:
            quoted = not quoted
        m = _EDGE.match(tok)
        word, tail = (m.group(1), m.group(2)) if m else (tok, "")
        if inside or not word.isalpha() or tok in _OPERATORS:
            runs.append([])
            continue
        runs[-1].append(_Word(i, word, fixed=not _changeable(word)))
        if tail:
            runs.append([])
    return [r for r in runs if r]


def _changeable(word: str) -> bool:
    """A lower-case or capitalised word of letters that is not a unit: a symbol as written
    ("mA", "VA") or in another case ("mhz", "dbm") stays, but a Vietnamese word typed without
    its marks is read as a word ("ma" is "mã" or "mà", "va" is "và", not mA and VA)."""
    if not plain(word) or units.is_symbol(word):
        return False
    return not units.is_symbol_any_case(word) or word.lower() in _unmarked_words()


@lru_cache(maxsize=1)
def _unmarked_words() -> frozenset[str]:
    """The dictionary's tone-marked syllables with their marks taken off ("mã" → "ma")."""
    return frozenset(fold(s) for s in dictionary_syllables() if has_diacritics(s))


def _case_like(original: str, word: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _known(model: SyllableModel, word: str) -> tuple[int, ...]:
    """The word itself as the only option (none when the model never saw it)."""
    i = model.ids.get(word, 0)
    return (i,) if i else ()


def _readings(model: SyllableModel, key: str) -> tuple[int, ...]:
    """The syllables of the text that fold to key, but words of neither the dictionary nor
    the text's common stock (extraction debris such as "chuản")."""
    ids = model.by_fold.get(key, ())
    good = dictionary_syllables()
    kept = tuple(i for i in ids if model.words[i] in good or model.counts[i] >= COMMON)
    return kept or ids


def _respellings(model: SyllableModel, vocab: Vocab, key: str) -> tuple[int, ...]:
    """Frequent syllables spelt like a folded key or one or two edits from it, the nearest
    first (then the most frequent)."""
    near = {key: 0} if model.knows_folded(key) else {}
    near.update(neighbours(vocab, key))
    ranked = sorted(
        (dist, -int(model.counts[i]), i)
        for k, dist in near.items()
        for i in model.by_fold.get(k, ())
        if model.counts[i] >= MIN_COUNT
    )
    return tuple(i for _, _, i in ranked[:MAX_CANDIDATES])


def _options(
    model: SyllableModel, vocab: Vocab, word: _Word, accented: bool
) -> tuple[tuple[int, ...], bool]:
    """The syllables a word may be read as, and whether it is mistyped: a word neither the
    indexed text nor the dictionary has as typed ("bao" and "đâu" are words whether or not
    the text has them), unless the query has no marks at all and the word folds a syllable
    of the text (it is then only restored)."""
    low = word.text.lower()
    if word.fixed:
        return _known(model, low), False
    if low in dictionary_syllables() or model.count(low):
        return (_known(model, low) if accented else _readings(model, low)), False
    if not accented and model.knows_folded(low):
        return _readings(model, low), False
    return _respellings(model, vocab, fold(low)), True


def _read(
    model: SyllableModel, vocab: Vocab, run: list[_Word], accented: bool
) -> tuple[dict[int, str], bool, float]:
    """(new text of changed words by token index, whether a word was mistyped, the smallest
    margin of the words restored)."""
    changed: dict[int, str] = {}
    mistyped, margin = False, math.inf
    options = [_options(model, vocab, w, accented) for w in run]
    start = 0
    for end in [*(i for i, (o, _) in enumerate(options) if not o), len(run)]:
        part, opts = run[start:end], [o for o, _ in options[start:end]]
        typo = any(t for _, t in options[start:end])
        start = end + 1
        reading = model.restore_options(opts) if part else None
        if reading is None:
            continue
        for w, new, m, (_, t) in zip(
            part, reading.words, reading.margins, options[end - len(part) : end], strict=True
        ):
            if not w.fixed and new != w.text.lower() and (t or not accented):
                changed[w.index] = _case_like(w.text, new)
                margin = min(margin, m)
        mistyped = mistyped or typo
    return changed, mistyped, margin


def notes(model: SyllableModel, vocab: Vocab, text: str) -> QueryNotes:
    """What to say about a query (see the module's docstring)."""
    text = nfc(text)
    if is_foreign(text):
        return QueryNotes(language="en")
    tokens = text.split()
    if not tokens or len(tokens) > MAX_WORDS:
        return QueryNotes()
    accented = has_diacritics(text)
    out, mistyped, margin = list(tokens), False, math.inf
    for run in _runs(tokens):
        changed, typo, m = _read(model, vocab, run, accented)
        for w in run:
            if w.index in changed:
                out[w.index] = tokens[w.index].replace(w.text, changed[w.index], 1)
        mistyped, margin = mistyped or (typo and bool(changed)), min(margin, m)
    if out == tokens:
        return QueryNotes()
    if mistyped:
        return QueryNotes(suggestion=" ".join(out))
    return QueryNotes(restored=" ".join(out) if margin >= RESTORE_MARGIN else None)
