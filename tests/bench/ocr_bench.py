"""How well OCR reads scanned pages (`make ocr-bench`; not part of `make test`).

Text PDFs of the shared ICT corpus are turned into scans — `pdftoppm -r 300 -gray`, then one
image-only PDF per page — and read back through the product's own path
(`extract_pdf` with an OCR engine, no cache). Each page's OCR text is compared with the
original page's text layer after the same normalisation (`normalize_text`), on whitespace-
collapsed lower-case text:

- CER: Levenshtein distance / reference length, pooled over all pages (and per-page median);
- syllable recall / precision: the bag of syllables found, against the reference's;
- throughput: pages per second of wall time with `--jobs` worker processes.

    .venv/bin/python tests/bench/ocr_bench.py --shared ../shared --pages 30 --jobs 2

`--lang`, `--dpi`, `--psm`, `--no-rules` and `--no-repair` change the engine for comparisons
(docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from indexer.ingest import ocr, ocrlayout, scanprep  # noqa: E402
from indexer.ingest.extract import extract_pdf  # noqa: E402
from indexer.ingest.normalize import normalize_text  # noqa: E402
from indexer.ingest.ocr import OcrEngine, Scans  # noqa: E402

ICT_DIR = "corpus/documents/jien0404__Viettel_AI_race/data/raw/public_test_data"
# its page 2 holds a table drawn as a picture that its text layer lacks: OCR reads text the
# reference does not have, so part of this page's "error" is the reference's (reported apart)
REFERENCE_GAP = "Public_340.pdf"
_WORD = re.compile(r"\w+")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (Hyyrö's bit-parallel algorithm, Python integers as bit vectors)."""
    if not a or not b:
        return len(a) + len(b)
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask, high = (1 << len(a)) - 1, 1 << (len(a) - 1)
    pv, mv, score = mask, 0, len(a)
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        score += 1 if ph & high else -1 if mh & high else 0
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def comparable(text: str) -> str:
    """The project's normalisation, then lower case and single spaces."""
    return " ".join(normalize_text(text).lower().split())


@dataclass
class PageResult:
    file: str
    page: int
    ref_chars: int
    edits: int
    ref_syllables: int
    hyp_syllables: int
    common_syllables: int
    seconds: float
    cpu_seconds: float  # this process and its Tesseract, all cores

    @property
    def cer(self) -> float:
        return self.edits / max(1, self.ref_chars)


def score(file: str, page: int, ref: str, hyp: str, seconds: float, cpu: float = 0.0) -> PageResult:
    """One page's figures."""
    r, h = comparable(ref), comparable(hyp)
    rs, hs = Counter(_WORD.findall(r)), Counter(_WORD.findall(h))
    common = sum(min(n, hs[w]) for w, n in rs.items())
    edits = levenshtein(r, h)
    found = sum(hs.values())
    return PageResult(file, page, len(r), edits, sum(rs.values()), found, common, seconds, cpu)


def pick_pages(folder: Path, count: int) -> list[tuple[Path, int]]:
    """`count` pages, one per file in name order: each file's 2nd page (1st if it has one)."""
    from pypdf import PdfReader

    picked = []
    for pdf in sorted(folder.glob("*.pdf")):
        pages = len(PdfReader(pdf).pages)
        picked.append((pdf, 2 if pages > 1 else 1))
        if len(picked) == count:
            break
    return picked


def rasterise(pdf: Path, page: int, dpi: int, out: Path) -> Path:
    """Page `page` of pdf as an image-only PDF, rendered by poppler's pdftoppm (not by the
    pdfium the product renders scans with)."""
    from PIL import Image

    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)  # fmt: skip
    image_path = stem.with_suffix(".pgm")
    Image.open(image_path).save(out, "PDF", resolution=dpi)
    image_path.unlink()
    return out


def _configure(psm: str, rules: bool, repair: bool = True) -> None:
    ocr.PSM = psm
    if not repair:  # as before tone repair: no syllable changed, no short unsure word dropped
        ocr.TONES = False
        ocrlayout.NOISE_CONFIDENCE = -1.0
    if not rules:
        scanprep.RULE_INCHES = 1e9  # no run is that long: nothing is erased


def read_page(job: tuple[str, str, int, OcrEngine]) -> PageResult:
    """OCR one scanned page the product's way and score it against the original."""
    scan, original, page, engine = job
    ref = extract_pdf(Path(original), "ref").pages[page - 1].text
    t0, c0 = time.perf_counter(), _cpu()
    scans = Scans(engine)
    doc = extract_pdf(Path(scan), "scan", scans=scans)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    assert scans.pages == 1, f"{original} p{page}: OCR did not read the scan"
    return score(Path(original).name, page, ref, doc.pages[0].text, seconds, cpu)


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def summary(results: list[PageResult], wall: float, jobs: int) -> dict[str, object]:
    """Pooled and per-page figures."""
    edits, chars = sum(r.edits for r in results), sum(r.ref_chars for r in results)
    common = sum(r.common_syllables for r in results)
    return {
        "pages": len(results),
        "cer_pooled": round(edits / chars, 4),
        "cer_median": round(statistics.median(r.cer for r in results), 4),
        "pages_cer_le_3pct": sum(r.cer <= 0.03 for r in results),
        "syllable_recall": round(common / sum(r.ref_syllables for r in results), 4),
        "syllable_precision": round(common / max(1, sum(r.hyp_syllables for r in results)), 4),
        "pages_per_second": round(len(results) / wall, 3),
        "wall_seconds_per_page_in_a_worker": round(statistics.mean(r.seconds for r in results), 2),
        "cpu_seconds_per_page": round(statistics.mean(r.cpu_seconds for r in results), 2),
        "jobs": jobs,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scan-dpi", type=int, default=300, help="resolution of the fake scans")
    ap.add_argument("--dpi", type=int, default=ocr.DPI, help="resolution OCR renders at")
    ap.add_argument("--psm", default=ocr.PSM)
    ap.add_argument("--no-rules", action="store_true", help="keep table rules (no cleaning)")
    ap.add_argument("--lang", default=ocr.LANG, help="Tesseract models")
    ap.add_argument("--no-repair", action="store_true", help="no tone repair, no noise drop")
    ap.add_argument("--json", type=Path, help="also write per-page results here")
    args = ap.parse_args()
    folder = args.shared / ICT_DIR
    if not folder.is_dir():
        print(f"skipped: {folder} is missing (the shared corpus lives beside the repo)")
        return 0
    found = ocr.probe("tesseract", args.lang, None)
    if not isinstance(found, OcrEngine):
        print(f"skipped: {found}")
        return 0
    if found.lang != args.lang:
        print(f"skipped: Tesseract lacks a model of {args.lang} (install: {ocr.INSTALL})")
        return 0
    engine = OcrEngine(found.command, found.lang, found.version, None, args.dpi)
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        jobs = []
        for i, (pdf, page) in enumerate(pick_pages(folder, args.pages)):
            scan = rasterise(pdf, page, args.scan_dpi, Path(tmp) / f"scan{i:03}.pdf")
            jobs.append((str(scan), str(pdf), page, engine))
        ctx = multiprocessing.get_context("fork")
        t0 = time.perf_counter()
        setup = (args.psm, not args.no_rules, not args.no_repair)
        with ctx.Pool(args.jobs, _configure, setup) as pool:
            results = pool.map(read_page, jobs, chunksize=1)
        wall = time.perf_counter() - t0
    figures = summary(results, wall, args.jobs)
    figures |= {"engine": engine.identity.replace(f"psm{ocr.PSM}", f"psm{args.psm}"),
                "rules_erased": not args.no_rules, "scan_dpi": args.scan_dpi,
                "repair": not args.no_repair}  # fmt: skip
    without = [r for r in results if r.file != REFERENCE_GAP]
    figures[f"cer_pooled_without_{REFERENCE_GAP}"] = round(
        sum(r.edits for r in without) / max(1, sum(r.ref_chars for r in without)), 4
    )
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    for r in sorted(results, key=lambda r: -r.cer)[:5]:
        print(f"worst: {r.file} p{r.page}: CER {r.cer:.3f}, "
              f"recall {r.common_syllables / max(1, r.ref_syllables):.3f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
