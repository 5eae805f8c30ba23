"""Issuers of documents: one canonical name per issuer, whatever the spelling.

`indexer/data/issuers.tsv` lists each issuer's abbreviation (as in "QCVN 47:2015/BTTTT" or
"117/2022/NĐ-CP"), its canonical name and other spellings; the abbreviation, the name in
any case, with or without diacritics, and the other spellings resolve to the canonical name
("BXD", "Bộ Xây dựng", "BỘ XÂY DỰNG", "bo xay dung" → "Bộ Xây dựng").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from indexer.text.vntext import fold, nfc

_SPACE = re.compile(r"[\s\-–—]+")


def _key(text: str) -> str:
    """Comparison key: folded, upper case, dashes and spaces collapsed."""
    return _SPACE.sub(" ", fold(nfc(text)).upper()).strip()


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(lookup key → canonical name, canonical name → abbreviation) from the data file."""
    text = (resources.files("indexer") / "data" / "issuers.tsv").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    abbrevs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbrev, name, *rest = line.split("\t")
        abbrevs[name] = abbrev
        for spelling in (abbrev, name, *(rest[0].split(";") if rest else ())):
            names.setdefault(_key(spelling), name)
    return names, abbrevs


def canonical_issuer(text: str) -> str | None:
    """The canonical name of an issuer given by abbreviation or name, or None if unknown."""
    key = _key(re.sub(r"\d+$", "", text.strip()))  # "QH15" is the 15th Quốc hội
    return _table()[0].get(key) if key else None


def issuer_abbreviation(name: str) -> str:
    """The abbreviation of a canonical issuer name ("Bộ Xây dựng" → "BXD"), or ""."""
    return _table()[1].get(name, "")


def issuer_names() -> tuple[str, ...]:
    """Every canonical issuer name, longest first (for finding names in running text)."""
    return tuple(sorted(_table()[1], key=len, reverse=True))


def issuer_in(text: str) -> str | None:
    """The canonical issuer a short text (a banner line, "của Bộ trưởng Bộ Xây dựng") names
    at its end, or None."""
    key = _key(text)
    for name in issuer_names():
        if key.endswith(_key(name)):
            return name
    return None
