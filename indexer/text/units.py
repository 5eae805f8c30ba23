"""Unit symbols ("MHz", "dBm", "kbit/s"): the one list, and the three ways it is read.

- `is_symbol`: exactly as written — "30 MHz …" is a quantity (a table row), not a heading
  (ingest/headings.py); case matters there, "MS" is not "ms".
- `is_symbol_in_capitals`: a unit typed in capitals ("DBM", "MHZ") is never an abbreviation
  (acronyms.py); capital spellings that ICT texts also use as abbreviations are left out
  (MS Mobile Station, PS Packet Switched, NS, US, MIN, MB, GB, KB).
- `is_symbol_any_case`: a word of a query that did-you-mean does not change, whatever its case,
  unless it is also a Vietnamese word typed without its marks ("ma", "va")
  (search_api/search/didyoumean.py).
- `pattern`: the symbols as a regular expression — "tại 2.5 m" is a quantity, not a
  reference to section 2.5 (xrefs.py).
"""

from __future__ import annotations

import re

_SYMBOL_LIST = (
    "Hz kHz MHz GHz THz dB dBm dBi dBc dBW dBμV dBuV W mW kW μW MW GW kWh MWh V mV kV "
    "A mA VA kVA MVA var VAR Ω ms μs us ns ps s min h m mm cm km nm bit/s kbit/s Mbit/s "
    "Gbit/s bps kbps Mbps Gbps MB GB KB % ° °C K kg g mg ppm rpm x ×"
)
SYMBOLS = frozenset(_SYMBOL_LIST.split())
# capital spellings that are also abbreviations in the texts we index
_LOOKALIKE_LIST = "MS PS NS US MIN MB GB KB"
_ABBREVIATION_LOOKALIKES = frozenset(_LOOKALIKE_LIST.split())
_CAPITALS = (
    frozenset(s.upper() for s in SYMBOLS if sum(c.isalpha() for c in s) >= 2)
    - _ABBREVIATION_LOOKALIKES
)
_ANY_CASE = frozenset(s.lower() for s in SYMBOLS)


def pattern() -> str:
    """A regular-expression alternation of the symbols as written, longest first (so that
    "kHz" is tried before "k…" and "Hz")."""
    return "|".join(re.escape(x) for x in sorted(SYMBOLS, key=len, reverse=True))


def is_symbol(token: str) -> bool:
    """Whether token is a unit symbol as written ("MHz", "dBm", "%")."""
    return token in SYMBOLS


def is_symbol_in_capitals(token: str) -> bool:
    """Whether token, upper-cased, is a unit spelled in capitals and not also an
    abbreviation ("DBM", "KHZ" yes; "MS", "MB" no)."""
    return token.upper() in _CAPITALS


def is_symbol_any_case(token: str) -> bool:
    """Whether token is a unit symbol in any case ("mhz", "DBM", "Kbps")."""
    return token.lower() in _ANY_CASE
