"""What OCR does after Tesseract has read a page (docs/benchmarks.md, "OCR"): syllables it was
unsure of have their tone marks repaired by their neighbours, short unsure specks are dropped,
and the Latin-script model is used beside Vietnamese when it is installed. None of these
tests needs Tesseract: the words and confidences are given, the engine is a stand-in script."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.ingest import ocr, ocrlayout, scanprep
from indexer.ingest.ocr import OcrEngine, page_key, probe
from indexer.text.tones import UNSURE, UNSURE_WORD, repair_line, split_glued

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def test_an_unsure_syllable_takes_the_tone_that_makes_a_word_with_its_neighbour() -> None:
    """GIVEN Tesseract's commonest misreadings (the tone above a circumflex lost: "chuân",
    "quôc", "câu"), read with low confidence WHEN repaired THEN each becomes the syllable
    that makes a dictionary word with its neighbour; case and punctuation are kept."""
    low = min(UNSURE, UNSURE_WORD) - 20
    assert repair_line(["tiêu", "chuân"], [96, low]) == ["tiêu", "chuẩn"]
    assert repair_line(["quôc", "gia"], [low, 96]) == ["quốc", "gia"]
    assert repair_line(["yêu", "câu"], [96, low]) == ["yêu", "cầu"]
    assert repair_line(["TIÊU", "CHUÂN,"], [96, low]) == ["TIÊU", "CHUẨN,"]
    assert repair_line(["(Tiêu", "Chuân)"], [96, low]) == ["(Tiêu", "Chuẩn)"]


def test_sure_words_and_words_that_already_fit_are_never_changed() -> None:
    """GIVEN a misread syllable read with high confidence, a dictionary syllable read with
    middling confidence, a right syllable with low confidence, and words without a neighbour
    to decide WHEN repaired THEN none of them changes (a repair must not damage text)."""
    assert repair_line(["tiêu", "chuân"], [96, UNSURE]) == ["tiêu", "chuân"]
    assert repair_line(["yêu", "câu"], [96, UNSURE_WORD]) == ["yêu", "câu"]
    assert repair_line(["yêu", "cầu"], [96, 10]) == ["yêu", "cầu"]
    assert repair_line(["chuân"], [10]) == ["chuân"]
    assert repair_line(["3", "MHz", "dBm"], [10, 10, 10]) == ["3", "MHz", "dBm"]


def _tsv(rows: list[tuple[int, str, float]]) -> str:
    """Tesseract's TSV for words on one line: (left, text, confidence)."""
    return "\n".join(
        [HEADER] + [f"5\t1\t1\t1\t1\t1\t{x}\t40\t30\t20\t{c}\t{t}" for x, t, c in rows]
    )


def test_tesseract_confidences_drive_the_repair_and_drop_specks() -> None:
    """GIVEN a line as Tesseract gives it (TSV) with an unsure "chuân", an unsure speck "a",
    an unsure short number and a sure one-letter word WHEN parsed, repaired and put in
    reading order THEN "chuẩn" is right, the speck is gone, the number and the sure word
    stay."""
    rows = [(10, "Tiêu", 96.0), (60, "chuân", 40.0), (120, "a", 20.0), (150, "12", 20.0),
            (200, "và", 96.0), (250, "o", 96.0)]  # fmt: skip
    words = ocrlayout.parse_tsv(_tsv(rows))
    assert [w.confidence for w in words] == [96.0, 40.0, 20.0, 20.0, 96.0, 96.0]
    import numpy as np

    none = np.zeros((100, 400), bool)
    text = ocrlayout.reading_order(ocrlayout.repair_tones(words), scanprep.Rules(none, none))
    assert text == "Tiêu chuẩn 12 và o"


def test_syllables_read_without_their_spaces_are_split_back() -> None:
    """GIVEN words Tesseract read glued together in tight table cells WHEN split THEN each
    becomes its syllables, case and punctuation kept."""
    assert split_glued("Bảngdiđộng") == "Bảng di động"
    assert split_glued("vàlàmbàitập") == "và làm bài tập"
    assert split_glued("(phânmềm),") == "(phân mềm),"
    assert split_glued("ĐƯỜNGTRUYỀN") == "ĐƯỜNG TRUYỀN"


def test_words_that_are_no_glued_syllables_stay_as_read() -> None:
    """GIVEN a syllable, an English word, an acronym, a misreading with letters no syllable
    has ("thiếtbjị": the dictionary's lone "b" and "j" are no syllables), a number and a
    code WHEN split THEN none changes (a split must not damage text)."""
    for word in ("nghiêng", "trường", "Internet", "IEEE", "thiếtbjị", "tHưởG", "2500",
                 "QCVN", "x2400", "đ"):  # fmt: skip
        assert split_glued(word) == word


def test_glued_words_are_split_in_the_page_text() -> None:
    """GIVEN a TSV line with a glued word WHEN read in order THEN the page text has the
    syllables apart, so that "bảng di động" is found in it."""
    import numpy as np

    words = ocrlayout.parse_tsv(_tsv([(10, "3", 96.0), (40, "Bảngdiđộng", 70.0)]))
    none = np.zeros((100, 400), bool)
    text = ocrlayout.reading_order(ocrlayout.split_glued(words), scanprep.Rules(none, none))
    assert text == "3 Bảng di động"


def _fake_tesseract(folder: Path, models: list[str]) -> str:
    """A stand-in `tesseract` that answers --version and --list-langs with `models`."""
    script = folder / "tesseract"
    listing = "\\n".join(models)
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi\n'
        f'printf "List of available languages (2):\\n{listing}\\n"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_the_default_models_fall_back_to_vie_when_latin_is_missing(tmp_path: Path) -> None:
    """GIVEN a Tesseract with only the Vietnamese model WHEN probed with the default models
    THEN it reads with vie alone (OCR stays on); GIVEN both models THEN vie+Latin; an
    explicit choice that lacks a model still says which is missing."""
    from indexer.ingest import pdfreaders

    if not pdfreaders.can_render():
        pytest.skip("pypdfium2 is not installed (make install installs it)")
    assert Settings().ocr_lang == ocr.LANG == "vie+Latin"
    only_vie = probe(_fake_tesseract(tmp_path, ["osd", "vie"]), ocr.LANG, None)
    assert isinstance(only_vie, OcrEngine) and only_vie.lang == "vie"
    said = probe(_fake_tesseract(tmp_path, ["osd", "vie"]), "vie+eng", None)
    assert isinstance(said, str) and "'eng' model" in said
    both = probe(_fake_tesseract(tmp_path, ["Latin", "vie"]), ocr.LANG, None)
    assert isinstance(both, OcrEngine) and both.lang == "vie+Latin"


def test_the_cache_key_names_the_models_and_the_repair() -> None:
    """GIVEN the same page read by vie and by vie+Latin WHEN keyed THEN the keys differ (a
    cached page is never served for another engine), and the identity carries the OCR
    version of the last change to what a page's text is (4: glued syllables split)."""
    vie = OcrEngine("/usr/bin/tesseract", "vie", "tesseract 5.3.0", None)
    both = OcrEngine("/usr/bin/tesseract", "vie+Latin", "tesseract 5.3.0", None)
    assert page_key(vie, "0" * 64, 1) != page_key(both, "0" * 64, 1)
    assert both.identity == "tesseract 5.3.0/vie+Latin/200dpi/psm4/v4"
