"""Scanned pages (issue "Faithful text", item 4): pages without a text layer are read by
Tesseract, marked `ocr` down to the API and the pages, cached, and skipped with one report
line when OCR is missing. The scans are made here from the sample PDFs (rendered at 300 dpi,
stored as image-only pages), so nothing depends on ../shared."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import numpy as np
import pytest

from indexer.config import Settings
from indexer.index.build import build_index
from indexer.index.report import BuildReport
from indexer.ingest import ocrcache, ocrlayout, scanprep
from indexer.ingest.extract import extract_pdf
from indexer.ingest.ocr import OcrEngine, Scans, probe
from search_api.cli.output import report_text

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "QCVN_47_2015_BTTTT.pdf"
MISSING = "/nonexistent/bin/tesseract"  # an OCR command that cannot exist


def _has_ocr() -> bool:
    return isinstance(probe("tesseract", "vie", None), OcrEngine)


needs_tesseract = pytest.mark.skipif(
    not _has_ocr(), reason="tesseract with its 'vie' model is not installed (.ci/run installs it)"
)


def scan_corpus(folder: Path) -> Path:
    """A corpus of two files: a scan of the sample's page 5, and the sample with page 5
    replaced by its scan (a text PDF with one scanned page)."""
    from fixtures import rasterised_pdf, with_scanned_page

    folder.mkdir()
    rasterised_pdf(SAMPLE, folder / "scan.pdf", [5])
    with_scanned_page(SAMPLE, folder / "mixed.pdf", 5)
    return folder


def build(corpus: Path, index: Path, **settings: object) -> BuildReport:
    return build_index(Settings(corpus=corpus, index=index, jobs=1, **settings))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildReport]:
    """GIVEN the scan corpus, indexed once with OCR: (corpus, index, report)."""
    if not _has_ocr():
        pytest.skip("tesseract with its 'vie' model is not installed (.ci/run installs it)")
    root = tmp_path_factory.mktemp("ocr")
    corpus = scan_corpus(root / "corpus")
    index = root / "index"
    return corpus, index, build(corpus, index)


@pytest.fixture(scope="module")
def client(scanned: tuple[Path, Path, BuildReport]) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from search_api.web.app import create_app
    from search_api.web.settings import ServerSettings

    corpus, index, _ = scanned
    with TestClient(create_app(ServerSettings(index=index, corpus=corpus))) as c:
        yield c


def test_the_scan_has_no_text_layer(tmp_path: Path) -> None:
    """GIVEN a page rendered to an image-only PDF WHEN extracted without OCR THEN it is the
    scan the feature is for: "no text layer: needs OCR" (the fixture is what it claims)."""
    from fixtures import rasterised_pdf

    from indexer.errors import ExtractionError

    scan = rasterised_pdf(SAMPLE, tmp_path / "scan.pdf", [5])
    with pytest.raises(ExtractionError, match="no text layer: needs OCR"):
        extract_pdf(scan, "scan.pdf")


@needs_tesseract
def test_an_image_without_text_still_fails(tmp_path: Path) -> None:
    """GIVEN image-only PDFs whose images hold no text (grey stripes; one with a short text
    header) WHEN extracted with OCR THEN OCR's few stray letters do not make them documents:
    they fail, saying that OCR found no text."""
    from fixtures import image_only_pdf

    from indexer.errors import ExtractionError

    engine = probe("tesseract", "vie", None)
    assert isinstance(engine, OcrEngine)
    for header in ("", "CÔNG BÁO"):
        scans = Scans(engine)
        with pytest.raises(ExtractionError, match="OCR found no text on its images"):
            extract_pdf(image_only_pdf(tmp_path, 2, header), "scan.pdf", scans=scans)
        assert scans.pages == 2


@needs_tesseract
def test_scanned_pages_are_read_and_counted(scanned: tuple[Path, Path, BuildReport]) -> None:
    """GIVEN a scan and a text PDF with one scanned page WHEN indexed THEN both files are
    indexed, the 2 scanned pages were read by OCR (none from the cache yet) and the report
    says so, with no line about skipped pages."""
    _, _, report = scanned
    assert {f.rel: f.status for f in report.files} == {
        "mixed.pdf": "indexed",
        "scan.pdf": "indexed",
    }
    assert report.ocr["pages"] == 2 and report.ocr["cached"] == 0 and report.ocr["skipped"] == 0
    assert "tesseract" in report.ocr_engine and "vie" in report.ocr_engine
    text = report_text(report)
    assert "ocr: 2 scanned pages read (0 from the cache)" in text
    assert "not read" not in text


@needs_tesseract
def test_words_of_a_scanned_page_are_found_and_marked_ocr(client: TestClient) -> None:
    """GIVEN the index WHEN searching words of the scanned page 5 in each file THEN its
    clause 2.3.1 comes first, flagged `ocr`, at the right page; the text PDF's clauses on
    its text pages are not flagged."""
    for doc, page in (("scan.pdf", 1), ("mixed.pdf", 5)):
        query = {"q": "bức xạ giả của máy thu", "doc": doc}
        hits = client.get("/api/search", params=query).json()["hits"]
        top = hits[0]
        assert (top["file"], top["clause"], top["ocr"], top["page"]) == (doc, "2.3.1", True, page)
    other = client.get("/api/search", params={"q": "điều kiện môi trường", "doc": "mixed.pdf"})
    text_pages = [h for h in other.json()["hits"] if h["page"] < 5]
    assert text_pages and all(h["ocr"] is False for h in text_pages)


@needs_tesseract
def test_the_pages_show_an_ocr_badge(client: TestClient) -> None:
    """GIVEN an OCR'd clause WHEN the results page and its clause page are shown THEN both
    carry the «OCR» badge; a clause from a text page does not."""
    query = {"q": "bức xạ giả của máy thu", "doc": "scan.pdf"}
    assert 'class="ocr-badge"' in client.get("/", params=query).text
    ocr_id = quote(client.get("/api/search", params=query).json()["hits"][0]["clause_id"], safe="")
    assert client.get(f"/api/clauses/{ocr_id}").json()["ocr"] is True
    assert 'class="ocr-badge"' in client.get(f"/clause/{ocr_id}").text
    plain = client.get("/api/search", params={"q": "chữ viết tắt", "doc": "mixed.pdf"}).json()
    text_id = quote(next(h["clause_id"] for h in plain["hits"] if not h["ocr"]), safe="")
    page = client.get(f"/clause/{text_id}")
    assert page.status_code == 200 and 'class="ocr-badge"' not in page.text


@needs_tesseract
def test_a_rebuild_reads_the_cache(scanned: tuple[Path, Path, BuildReport], tmp_path: Path) -> None:
    """GIVEN the OCR cache of the first build WHEN rebuilding in full, with 2 workers THEN
    both pages come from the cache, the clauses are the same, and the cache holds one
    entry per page and no temporary file."""
    corpus, index, first = scanned
    again = build_index(Settings(corpus=corpus, index=index, jobs=2), rebuild=True)
    assert again.ocr["pages"] == 2 and again.ocr["cached"] == 2
    assert again.clauses == first.clauses
    assert "ocr: 2 scanned pages read (2 from the cache)" in report_text(again)
    entries = list((index / "ocr-cache").rglob("*.json"))
    assert len(entries) == 2 and not list((index / "ocr-cache").rglob(".tmp-*"))


def test_without_tesseract_scanned_pages_are_skipped_in_one_line(tmp_path: Path) -> None:
    """GIVEN the OCR command set to a path that does not exist WHEN indexing the scan corpus
    THEN the build succeeds: the text PDF is indexed without its scanned page, the scan
    fails "needs OCR", and the report has exactly one line about the skipped pages, with
    how to install OCR."""
    corpus = scan_corpus(tmp_path / "corpus")
    report = build(corpus, tmp_path / "index", ocr_command=MISSING)
    status = {f.rel: (f.status, f.reason) for f in report.files}
    assert status["mixed.pdf"][0] == "indexed"
    assert status["scan.pdf"] == ("failed", "no text layer: needs OCR")
    assert report.ocr["pages"] == 0 and report.ocr["skipped"] == 2
    lines = [line for line in report_text(report).splitlines() if line.startswith("ocr:")]
    assert len(lines) == 1, lines
    assert "2 scanned page(s)" in lines[0] and "2 file(s)" in lines[0]
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in lines[0]
    assert report.to_dict()["ocr_note"] in lines[0]
    assert not (tmp_path / "index" / "ocr-cache").exists()


def test_ocr_off_says_so(tmp_path: Path) -> None:
    """GIVEN VNSTD_OCR=0 WHEN indexing a scan THEN the one line says OCR is off."""
    corpus = scan_corpus(tmp_path / "corpus")
    report = build(corpus, tmp_path / "index", ocr=False)
    assert report.ocr["skipped"] == 2
    assert "OCR is off (VNSTD_OCR=0)" in report.ocr_note()


@needs_tesseract
def test_installing_ocr_later_rebuilds_what_was_skipped(tmp_path: Path) -> None:
    """GIVEN an index built without OCR WHEN the next build has Tesseract THEN the OCR
    engine's identity changed the fingerprint: a full build, the scan now indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    from fixtures import rasterised_pdf

    rasterised_pdf(SAMPLE, corpus / "scan.pdf", [5])
    first = build(corpus, tmp_path / "index", ocr_command=MISSING)
    assert first.count("failed") == 1
    second = build(corpus, tmp_path / "index")
    assert second.mode == "full" and second.count("indexed") == 1 and second.ocr["pages"] == 1


def test_probe_names_what_is_missing(tmp_path: Path) -> None:
    """GIVEN a missing command, or a language model Tesseract lacks WHEN probing THEN the
    reason says which, with the install command."""
    assert "was not found" in str(probe(MISSING, "vie", None))
    if _has_ocr():
        said = probe("tesseract", "vie+xyzzy", None)
        assert isinstance(said, str) and "'xyzzy' model" in said


def test_rules_are_erased_and_letters_kept() -> None:
    """GIVEN a white page with a table rule and a letter-sized blot WHEN cleaned THEN the
    rule is white and the blot is untouched."""
    page = np.full((400, 600), 255, np.uint8)
    page[100:103, 20:580] = 0  # a horizontal rule, 560 px
    page[50:350, 300:302] = 0  # a vertical rule, 300 px
    page[200:230, 100:120] = 0  # a 'letter' 30 × 20 px
    clean = scanprep.without_rules(page, scanprep.find_rules(page, dpi=300))
    assert clean[100:103, 20:580].min() == 255 and clean[50:350, 300:302].min() == 255
    assert (clean[200:230, 100:120] == 0).all()
    assert scanprep.pgm(clean).startswith(b"P5\n600 400\n255\n")


def test_cache_misses_on_damage_and_never_raises(tmp_path: Path) -> None:
    """GIVEN cache entries WHEN one is truncated or holds another key THEN it reads as a
    miss; WHEN the folder cannot be written THEN put says why instead of raising."""
    folder = tmp_path / "cache"
    key, other = "ab" + "0" * 62, "ab" + "1" * 62
    assert ocrcache.put(folder, key, "Điều 1. Phạm vi") == ""
    assert ocrcache.get(folder, key) == "Điều 1. Phạm vi"
    entry = folder / "ab" / f"{key}.json"
    entry.write_text(entry.read_text(encoding="utf-8")[:10], encoding="utf-8")
    assert ocrcache.get(folder, key) is None
    entry.write_text(json.dumps({"key": other, "text": "x"}), encoding="utf-8")
    assert ocrcache.get(folder, key) is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert "not written" in ocrcache.put(blocker, key, "x")


def test_sweep_removes_only_old_temporary_files(tmp_path: Path) -> None:
    """GIVEN a cache with an entry, an old temporary file (a killed worker's) and a fresh one
    (a running build's) WHEN swept THEN only the old temporary file is gone."""
    import os

    folder = tmp_path / "cache"
    key = "ef" + "3" * 62
    ocrcache.put(folder, key, "x")
    old, fresh = folder / "ef" / ".tmp-old.json", folder / "ef" / ".tmp-new.json"
    old.write_text("{")
    fresh.write_text("{")
    os.utime(old, (1, 1))
    assert ocrcache.sweep(folder) == 1
    assert not old.exists() and fresh.exists() and ocrcache.get(folder, key) == "x"


def _hammer(args: tuple[str, str, int]) -> int:
    folder, key, n = args
    text = "chữ " * 5000  # large enough that a torn write would be visible
    for _ in range(n):
        ocrcache.put(Path(folder), key, text)
    return n


def test_parallel_writers_never_leave_a_torn_entry(tmp_path: Path) -> None:
    """GIVEN 3 processes writing the same entry 30 times each WHEN reading it meanwhile
    THEN every read is a miss or the whole text, and no temporary file is left."""
    folder, key = tmp_path / "cache", "cd" + "2" * 62
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(3) as pool:
        pending = pool.map_async(_hammer, [(str(folder), key, 30)] * 3)
        seen = set()
        while not pending.ready():
            got = ocrcache.get(folder, key)
            seen.add(None if got is None else len(got))
        assert pending.get() == [30, 30, 30]
    assert seen <= {None, len("chữ " * 5000)}
    assert ocrcache.get(folder, key) == "chữ " * 5000
    assert [p.name for p in (folder / "cd").iterdir()] == [f"{key}.json"]


def test_settings_reject_a_bad_language() -> None:
    """GIVEN VNSTD_OCR_LANG with a character Tesseract's -l cannot take THEN a SettingsError."""
    from indexer.errors import SettingsError

    with pytest.raises(SettingsError, match="ocr-lang: String should match pattern"):
        Settings(ocr_lang="vie; rm -rf /")
    assert Settings(ocr_lang="vie+eng").ocr_lang == "vie+eng"


def test_table_cells_are_read_cell_by_cell() -> None:
    """GIVEN a ruled 2 × 2 table whose Tesseract lines run across both columns, a title
    above it and a stray accent WHEN put in reading order THEN the title comes first, then
    each cell whole (left cell of a row before the right one, rows top to bottom), and the
    stray mark is gone."""
    h = np.zeros((400, 600), bool)
    v = np.zeros((400, 600), bool)
    for y in (100, 200, 300):
        h[y : y + 3, 50:553] = True
    for x in (50, 300, 550):
        v[100:303, x : x + 3] = True
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [(0, 1, "Bảng", 60, 40), (0, 1, "1", 140, 40), (1, 1, "A1", 60, 120),
            (1, 1, "B1", 310, 120), (1, 1, "ˆ", 200, 120), (1, 2, "A2", 60, 150),
            (1, 2, "B2", 310, 150), (1, 3, "C", 60, 220), (1, 3, "D", 310, 220)]  # fmt: skip
    tsv = "\n".join(
        [header, "1\t1\t0\t0\t0\t0\t0\t0\t600\t400\t-1\t"]
        + [f"5\t1\t{b}\t1\t{ln}\t1\t{x}\t{y}\t30\t20\t95\t{t}" for b, ln, t, x, y in rows]
    )
    words = ocrlayout.parse_tsv(tsv)
    assert len(words) == 9
    text = ocrlayout.reading_order(words, scanprep.Rules(h, v))
    assert text.split("\n") == ["Bảng 1", "A1", "A2", "B1", "B2", "C", "D"]


@pytest.mark.slow
@pytest.mark.shared
@needs_tesseract
def test_the_real_gazette_scans_are_read() -> None:
    """GIVEN the two image-only Công báo scans of ../shared (until now "needs OCR") WHEN
    extracted with OCR THEN every page is read and marked, and the text is the resolution's:
    "NGHỊ QUYẾT", "Chính phủ", "Điều 1"."""
    from shared_data import DOCUMENTS, require_shared

    folder = "hrmaster1982-dev__phapluat-8chude-data/docs/hd_kinh_te"
    for name in ("nghi-quyet-so-115-nq-cp-469452.pdf", "nghi-quyet-so-27-2026-nq-cp-469546.pdf"):
        path = require_shared(DOCUMENTS / folder / name)
        engine = probe("tesseract", "vie", None)
        assert isinstance(engine, OcrEngine)
        scans = Scans(engine)
        doc = extract_pdf(path, name, scans=scans)
        assert scans.pages == len(doc.pages) == 2 and all(p.ocr for p in doc.pages)
        text = "\n".join(p.text for p in doc.pages)
        for words in ("NGHỊ QUYẾT", "Chính phủ", "Điều 1"):
            assert words in text, (name, words)
