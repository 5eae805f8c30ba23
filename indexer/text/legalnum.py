"""Numbers of legal texts ("117/2022/NĐ-CP", "51/2024/QH15", "844/QĐ-TTg",
"01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH"): finding them in text, their canonical
spelling, what they say (kind, issuers, year) and the lookup keys an index stores for them.
Reusable by anything that reads references between texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.issuers import canonical_issuer
from indexer.text.kinds import NUMBER_KINDS, QUERY_KIND_WORDS
from indexer.text.vntext import fold

_PART = r"[A-ZĐ][A-ZĐƯ&]*(?:g|\d{1,2})?"  # "NĐ", "TTg", "QH15", "KHCNMT&VLXD", "UBTƯMTTQVN"
NUMBER = re.compile(
    rf"(?<![\w/])(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    rf"(?P<suffix>{_PART}(?:\s*[-–]\s*{_PART})*)(?![\wÀ-ỹ])"
)
# the document's own number line: "Số: 117/2022/NĐ-CP", "Luật số: 51/2024/QH15"
NUMBER_LINE = re.compile(r"(?<![\wÀ-ỹ])(?:Số|số|SỐ)\s*(?:hiệu)?\s*:\s*(?=\d)")
# what may stand before it on its line: upper-case banner text, a kind word ("Luật số: …")
_LINE_PREFIX = re.compile(r"(?:[^\n]*\s)?(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh|Lệnh)\s*$", re.I)


@dataclass(frozen=True)
class LegalNumber:
    """One parsed number of a legal text."""

    number: str  # "117", leading zeros kept as written
    year: int | None
    parts: tuple[str, ...]  # ("NĐ", "CP"), canonical case

    @property
    def text(self) -> str:
        """Canonical spelling: "117/2022/NĐ-CP"."""
        year = f"{self.year}/" if self.year else ""
        return f"{self.number}/{year}{'-'.join(self.parts)}"

    @property
    def kind(self) -> str | None:
        """The kind its parts name ("NĐ" → "nghi-dinh"); QH numbers are laws or resolutions
        (the caller decides with the heading), so None for them."""
        return next((NUMBER_KINDS[k] for k in self._folded if k in NUMBER_KINDS), None)

    @property
    def issuers(self) -> tuple[str, ...]:
        """Canonical names of the issuers its parts name ("CP" → "Chính phủ")."""
        names = [canonical_issuer(p) for p, k in zip(self.parts, self._folded, strict=True)
                 if k not in NUMBER_KINDS]  # fmt: skip
        return tuple(dict.fromkeys(n for n in names if n))

    @property
    def _folded(self) -> tuple[str, ...]:
        return tuple(fold(p).upper() for p in self.parts)


def _canonical_part(part: str) -> str:
    return "TTg" if part.upper() == "TTG" else part.upper()


def _parse(match: re.Match[str]) -> LegalNumber:
    parts = [p for p in re.split(r"\s*[-–]\s*", match["suffix"]) if p]
    year = int(match["year"]) if match["year"] else None
    return LegalNumber(match["num"], year, tuple(_canonical_part(p) for p in parts))


def _clean(text: str) -> str:
    """Text with the break-ups PDF extraction makes in numbers repaired ("N Đ-CP")."""
    return re.sub(r"\bN\s+Đ(?=\s*[-–])", "NĐ", text)


def parse_number(text: str) -> LegalNumber | None:
    """The first legal number in `text`, or None."""
    match = NUMBER.search(_clean(text))
    return _parse(match) if match else None


def find_numbers(text: str) -> list[tuple[LegalNumber, int, int]]:
    """Every legal number in `text` with its span, in order (spans of the repaired text,
    which has the same length unless "N Đ" was joined)."""
    return [(_parse(m), m.start(), m.end()) for m in NUMBER.finditer(_clean(text))]


def own_number(text: str) -> tuple[LegalNumber, int] | None:
    """The number a "Số: …" line gives (the document's own), with its offset, or None."""
    text = _clean(text)
    for line in _number_lines(text):
        match = NUMBER.match(text, line.end())
        if match and (match["year"] or len(match["suffix"]) >= 2):
            return _parse(match), line.start()
    return None


def _number_lines(text: str) -> list[re.Match[str]]:
    """The "Số:" labels that start a line (after upper-case banner text or a kind word at
    most): "(kèm theo quyết định số: 4218/QĐ-BCT …)" cites, it does not number."""
    out = []
    for line in NUMBER_LINE.finditer(text):
        prefix = text[text.rfind("\n", 0, line.start()) + 1 : line.start()]
        if not any(c.islower() for c in prefix) or _LINE_PREFIX.fullmatch(prefix):
            out.append(line)
    return out


def own_numbers(text: str) -> list[LegalNumber]:
    """Every number a "Số: …" line gives, in order."""
    text = _clean(text)
    found = [NUMBER.match(text, line.end()) for line in _number_lines(text)]
    return [_parse(m) for m in found if m and (m["year"] or len(m["suffix"]) >= 2)]


def number_keys(ident: str, kind: str | None = None) -> list[str]:
    """Lookup keys of a canonical number, most specific first, leading zeros dropped:
    "117/2022/NĐ-CP" → ["117/2022/nd-cp", "nghi-dinh:117/2022", "117/2022"]. `kind` (a slug)
    overrides what the number says (a QH number is a law or a resolution)."""
    parsed = parse_number(ident)
    if parsed is None:
        return []
    num = parsed.number.lstrip("0") or "0"
    year = f"/{parsed.year}" if parsed.year else ""
    keys = [f"{num}{year}/{'-'.join(fold(p).lower() for p in parsed.parts)}"]
    kind = kind or parsed.kind
    if kind:
        keys.append(f"{kind}:{num}{year}")
    if year:
        keys.append(f"{num}{year}")
    return keys


def _query_kind_pattern() -> re.Pattern[str]:
    words = sorted(QUERY_KIND_WORDS, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(
        rf"(?<![\w/])(?P<kind>{alternatives})\s+(?:so\s+)?(?P<num>\d{{1,5}})\s*/\s*"
        r"(?P<year>(?:19|20)\d\d)(?![\d/])",
        re.IGNORECASE,
    )


_QUERY_KIND = _query_kind_pattern()
_BARE = re.compile(r"^\s*(?P<num>\d{1,5})\s*/\s*(?P<year>(?:19|20)\d\d)\s*$")


def query_numbers(text: str) -> list[tuple[str, int, int]]:
    """The legal numbers a query names, as (lookup key, start, end): a whole number in any
    case ("51/2024/QH15", "117/2022/nd-cp"), a kind and number/year ("nghị định 117/2022",
    "qd 28/2026"), or number/year alone as the whole query ("117/2022")."""
    found: list[tuple[str, int, int]] = []
    folded = fold(text)  # same length: offsets are the text's
    for match in NUMBER.finditer(_clean(folded.upper())):
        if match["year"] and (parsed := _parse(match)).parts:
            found.append((number_keys(parsed.text)[0], match.start(), match.end()))
    for match in _QUERY_KIND.finditer(folded):
        if any(s <= match.start() < e for _, s, e in found):
            continue
        kind = QUERY_KIND_WORDS[" ".join(match["kind"].lower().split())]
        num = match["num"].lstrip("0") or "0"
        found.append((f"{kind}:{num}/{match['year']}", match.start(), match.end()))
    bare = _BARE.match(folded)
    if bare and not found:
        num = bare["num"].lstrip("0") or "0"
        found.append((f"{num}/{bare['year']}", bare.start("num"), bare.end("year")))
    return sorted(found, key=lambda f: f[1])
