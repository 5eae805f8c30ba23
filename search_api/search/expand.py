"""Query-side language knowledge: question scaffolding, stopwords, abbreviations.

- `strip_question(text)`: drops what makes a sentence a question ("là gì", "bao nhiêu",
  "có … không", "đúng hay sai", "theo quy định") and keeps the content words.
- `content_tokens(toks)`: drops stand-alone function words from long queries; words that
  are part of a segmented compound, numbers and units always stay.
- `expansions(toks, lexicon)`: the long form of each abbreviation the query uses and the
  abbreviation of each long form it spells out, from a curated list
  (indexer/data/abbreviations.tsv) or a `Lexicon` that adds the pairs the indexed
  documents define (`lexicon_for(manifest)`, mined at index time by indexer/text/abbrev.py).

The word lists are data files in indexer/data/, read once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from indexer.index.manifest import Manifest
from indexer.text.tokens import Tok, compound_positions, is_compound
from indexer.text.vntext import fold, fold_key

MIN_CONTENT_WORDS = 4  # stopwords are dropped only from queries with at least this many words
MAX_MEANINGS = 3  # long forms kept per abbreviation (curated first, then the most often mined)
MIN_REVERSE_CHARS = 3  # a long form in a query adds a mined abbreviation only this long or longer


def _lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of a word list in indexer/data."""
    text = (resources.files("indexer") / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _phrase_pattern() -> re.Pattern[str]:
    phrases = sorted(_lines("question_phrases.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words dropped from long queries."""
    return frozenset(_lines("query_stopwords.txt"))


# "… có … không?" / "… chưa?" at the end of a yes-no question
_TRAILING_YESNO = re.compile(r"(?<![\w])(?:không|chưa)\s*[?.!…]*\s*$", re.IGNORECASE)
_QUESTION_MARK = re.compile(r"[?]+")


def strip_question(text: str) -> str:
    """text without question scaffolding; the text itself when nothing would remain."""
    out = _phrase_pattern().sub(" ", text)
    if re.search(r"(?<![\w])có(?![\w])", out, re.IGNORECASE) or "?" in text:
        out = _TRAILING_YESNO.sub(" ", out)
    out = _QUESTION_MARK.sub(" ", out)
    out = re.sub(r"\s+", " ", out).strip(" ,;:")
    return out if re.search(r"\w", out) else text


def content_tokens(toks: Sequence[Tok]) -> list[Tok]:
    """toks without stand-alone stopwords, when the query is long enough to spare them."""
    stop = stopwords()
    covered = compound_positions(toks)
    keep = [t for t in toks if t.pos in covered or is_compound(t) or t.text not in stop]
    words = {t.pos for t in keep}
    return keep if len(words) >= MIN_CONTENT_WORDS else list(toks)


@dataclass(frozen=True)
class Lexicon:
    """Abbreviation ↔ long form pairs, indexed both ways by folded lower-case keys."""

    by_abbr: dict[str, tuple[str, ...]]
    by_long: dict[tuple[str, ...], tuple[str, ...]]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        by_abbr: dict[str, list[str]] = {}
        by_long: dict[tuple[str, ...], list[str]] = {}
        for abbr, long in pairs:
            key = fold_key(abbr)
            by_abbr.setdefault(key, [])
            if long not in by_abbr[key]:
                by_abbr[key].append(long)
            words = tuple(fold(w) for w in _words(long))
            if words:
                by_long.setdefault(words, [])
                if abbr not in by_long[words]:
                    by_long[words].append(abbr)
        return cls(
            {k: tuple(v) for k, v in by_abbr.items()}, {k: tuple(v) for k, v in by_long.items()}
        )


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _curated_pairs() -> list[tuple[str, str]]:
    pairs = []
    for line in _lines("abbreviations.tsv"):
        abbr, _, long = line.partition("\t")
        if abbr and long:
            pairs.append((abbr.strip(), long.strip()))
    return pairs


@lru_cache(maxsize=1)
def curated() -> Lexicon:
    """The curated abbreviation list of indexer/data/abbreviations.tsv."""
    return Lexicon.of(_curated_pairs())


def mined_pairs(manifest: Manifest) -> Counter[tuple[str, str]]:
    """How many documents of the manifest define each (abbreviation, long form) pair (the
    "abbreviations" of their catalog entries; indexes built before pipeline 4 have none)."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in manifest.documents():
        counts.update(set(doc.abbreviations))
    return counts


def lexicon_for(manifest: Manifest) -> Lexicon:
    """The curated pairs plus those the manifest's documents define.

    One document defining a pair is enough. An abbreviation keeps at most MAX_MEANINGS
    long forms: the curated ones first, then the mined ones defined by the most documents
    (ties: alphabetical). A mined abbreviation shorter than MIN_REVERSE_CHARS ("TT") is
    only expanded, never added to a query that spells out its long form. The result
    depends only on the manifest: cache it per index generation.
    """
    curated_pairs = _curated_pairs()
    meanings: dict[str, list[str]] = {}
    for abbr, long in curated_pairs:
        meanings.setdefault(fold_key(abbr), []).append(fold_key(long))
    mined: list[tuple[str, str]] = []
    ranked = sorted(mined_pairs(manifest).items(), key=lambda kv: (-kv[1], kv[0]))
    for (abbr, long), _ in ranked:
        known = meanings.setdefault(fold_key(abbr), [])
        if fold_key(long) in known or len(known) >= MAX_MEANINGS:
            continue
        known.append(fold_key(long))
        mined.append((abbr, long))
    both = Lexicon.of([*curated_pairs, *mined])
    reverse = Lexicon.of(
        [*curated_pairs, *((a, lf) for a, lf in mined if len(a) >= MIN_REVERSE_CHARS)]
    )
    return Lexicon(both.by_abbr, reverse.by_long)


def expansions(toks: Sequence[Tok], lexicon: Lexicon | None = None) -> list[str]:
    """Long forms of the query's abbreviations and abbreviations of its long forms."""
    lex = lexicon or curated()
    out: list[str] = []
    for t in toks:
        for long in lex.by_abbr.get(fold(t.text), ()):
            if long not in out:
                out.append(long)
    sylls = [fold(t.text) for t in sorted(toks, key=lambda t: t.pos) if not is_compound(t)]
    for words, abbrs in lex.by_long.items():
        n = len(words)
        if any(tuple(sylls[i : i + n]) == words for i in range(len(sylls) - n + 1)):
            out.extend(a for a in abbrs if a not in out)
    return out
