"""The one list of unit symbols, read three ways (indexer/text/units.py)."""

from indexer.ingest.headings import looks_like_heading_text
from indexer.text import units
from indexer.text.acronyms import is_abbreviation
from search_api.search.didyoumean import _changeable


def test_as_written_case_matters() -> None:
    assert units.is_symbol("MHz") and units.is_symbol("dBm") and units.is_symbol("kbit/s")
    assert not units.is_symbol("MHZ") and not units.is_symbol("Mhz")
    # "30 MHz 100 kHz" is a table row; "30 Máy thu" could be a heading
    assert not looks_like_heading_text("MHz 100 kHz -57 dBm")
    assert looks_like_heading_text("Máy thu vô tuyến")


def test_capitals_are_units_but_not_lookalike_abbreviations() -> None:
    for unit in ("DBM", "MHZ", "KVA", "KBPS"):
        assert units.is_symbol_in_capitals(unit)
        assert not is_abbreviation(unit)
    for abbreviation in ("MS", "PS", "MB"):  # Mobile Station, Packet Switched, …
        assert not units.is_symbol_in_capitals(abbreviation)
        assert is_abbreviation(abbreviation)


def test_any_case_units_are_never_corrected() -> None:
    for unit in ("mhz", "DBM", "Kbps", "dbuv"):
        assert units.is_symbol_any_case(unit)
        assert not _changeable(unit)
    assert _changeable("thiết")
