"""Standard codes (QCVN / TCVN / TCXDVN, with adopted ISO/IEC numbers): finding them in text, their
canonical spelling ("QCVN 47:2015/BTTTT") and the lookup keys an index stores for them."""

from __future__ import annotations

import re

_CODE = re.compile(
    r"(?<![^\W_])(?P<kind>QCVN|TCVN|TCXDVN)(?::(?=\s*\d))?"
    r"(?:\s*(?P<sub>ISO/IEC|ISO|IEC)(?![^\W_]))?"
    r"\s*(?P<num>\d{1,5}(?:-\d{1,4})*)(?!\d|[.,]\d)"
    r"(?:\s*:\s*(?P<year>(?:19|20)\d\d)(?!\d)"
    r"(?:\s*/\s*(?P<issuer>B[A-ZĐ]{1,10}(?:-[A-ZĐ]{2,10})*)(?![^\W_]))?)?",
    re.IGNORECASE,
)


def canonical_code(text: str) -> str | None:
    """Canonical form of the first code mention in `text` ("QCVN 47:2015/BTTTT"), or None."""
    match = _CODE.search(text)
    return _format(match) if match else None


def _format(match: re.Match[str]) -> str:
    """The canonical spelling of one matched code."""
    kind = match["kind"].upper()
    sub = f" {match['sub'].upper()}" if match["sub"] else ""
    num = re.sub(r"\s+", "", match["num"])
    year = f":{match['year']}" if match["year"] else ""
    issuer = f"/{match['issuer'].upper()}" if match["issuer"] else ""
    return f"{kind}{sub} {num}{year}{issuer}"


def find_codes(text: str) -> list[tuple[str, int, int]]:
    """Every code mention in `text` as (canonical code, start, end), in order."""
    return [(_format(m), m.start(), m.end()) for m in _CODE.finditer(text)]


def code_keys(code: str) -> list[str]:
    """Lookup keys of a canonical code, most specific first:
    ["qcvn47:2015/btttt", "qcvn47:2015", "qcvn47"]."""
    key = re.sub(r"\s+", "", code).lower()
    key = re.sub(r"(?<![\d])0+(?=\d)", "", key)  # "QCVN 01" and "QCVN 1" are the same regulation
    keys = [key]
    if "/" in key.split(":")[-1] and ":" in key:
        keys.append(key.rsplit("/", 1)[0])
    if ":" in key:
        keys.append(key.split(":", 1)[0])
    return keys


def prefer_specific(codes: list[str]) -> list[str]:
    """Codes with less specific duplicates ("QCVN 32" beside "QCVN 32:2026/BXD") dropped."""
    keys = {code: code_keys(code) for code in codes}
    return [c for c in codes if not any(c != o and keys[c][0] in keys[o][1:] for o in codes)]


def code_facts(code: str) -> tuple[str, str, int | None]:
    """(type, issuer, year) read from a canonical code ("QCVN", "BTTTT", 2015)."""
    match = _CODE.search(code)
    assert match is not None
    return (
        match["kind"].upper(),
        (match["issuer"] or "").upper(),
        int(match["year"]) if match["year"] else None,
    )
