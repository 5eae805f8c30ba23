"""Search over scans against search over the originals (`make ocr-eval`).

The 50 ICT PDFs of the shared corpus are indexed twice: as they are (text layers), and
with every page that a dev question is judged on replaced by a scan of itself (rendered by
`pdftoppm -r 300 -gray`, an image-only page, read back by the product's OCR); `--all`
scans every page instead (484 pages: about 40 minutes on a loaded 2-core VM). The 54 ICT
dev questions (three query forms) are then run on both indexes; page-level nDCG@10 /
MRR@10 / Recall@10 are compared: can the answer still be found when its page is a scan,
among documents that are not? Work folder: var/ocr-eval/ (symbolic links to the
originals, the scans, both indexes and the OCR cache, so a second run costs little).

    .venv/bin/python tests/bench/ocr_eval.py --shared ../shared --jobs 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))

from evalsets import ict_sets  # noqa: E402
from metrics import mean, score  # noqa: E402

from indexer.config import Settings  # noqa: E402
from indexer.index.build import build_index  # noqa: E402

ICT_DIR = "corpus/documents/jien0404__Viettel_AI_race/data/raw/public_test_data"


def scan_of(pdf: Path, out: Path, pages: set[int] | None, dpi: int = 300) -> Path:
    """pdf with `pages` (all when None) replaced by image-only scans of themselves (made
    once; kept for later runs)."""
    if out.exists():
        return out
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    original = PdfReader(pdf)
    wanted = set(range(1, len(original.pages) + 1)) if pages is None else pages
    writer = PdfWriter()
    with tempfile.TemporaryDirectory() as tmp:
        for number, page in enumerate(original.pages, start=1):
            if number not in wanted:
                writer.add_page(page)
                continue
            stem = f"{tmp}/p{number}"
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(number), "-l",
                            str(number), "-singlefile", str(pdf), stem], check=True)  # fmt: skip
            Image.open(f"{stem}.pgm").save(f"{stem}.pdf", "PDF", resolution=dpi)
            writer.add_page(PdfReader(f"{stem}.pdf").pages[0])
        partial = out.with_suffix(".part")
        with partial.open("wb") as fh:
            writer.write(fh)
    partial.rename(out)
    return out


def judged_pages(shared: Path) -> dict[str, set[int]]:
    """The pages each ICT dev question is judged on, by file name."""
    pages: dict[str, set[int]] = {}
    for line in (shared / "eval" / "ict_dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            for j in json.loads(line)["relevant"]:
                pages.setdefault(j["file"], set()).add(int(j["page"]))
    return pages


def prepare(shared: Path, work: Path, every_page: bool) -> tuple[Path, Path, int]:
    """The two corpora: links to the originals, and copies with scanned pages; how many
    pages were scanned."""
    originals, scans = work / "originals", work / ("scans-all" if every_page else "scans")
    originals.mkdir(parents=True, exist_ok=True)
    scans.mkdir(parents=True, exist_ok=True)
    judged, count = judged_pages(shared), 0
    for pdf in sorted((shared / ICT_DIR).glob("*.pdf")):
        link = originals / pdf.name
        if not link.exists():
            link.symlink_to(pdf.resolve())
        pages = None if every_page else judged.get(pdf.name, set())
        if pages == set():
            if not (scans / pdf.name).exists():
                (scans / pdf.name).symlink_to(pdf.resolve())
            continue
        scan_of(pdf, scans / pdf.name, pages)
        count += len(pages) if pages is not None else 0
    return originals, scans, count


def evaluate(index: Path, shared: Path, rels: list[str]) -> dict[str, dict[str, float]]:
    """Page-level scores of every ICT query form on one index."""
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    snap = Engine(index).snapshot()
    out = {}
    for evalset in ict_sets(shared, rels):
        per_query = []
        for q in evalset.queries:
            hits = search(snap, q.text, size=10).hits
            per_query.append(score([evalset.hit_units(h) for h in hits], q.qrels))
        m = mean(per_query)
        out[evalset.name] = {"ndcg@10": round(m.ndcg, 3), "mrr@10": round(m.mrr, 3),
                             "recall@10": round(m.recall, 3)}  # fmt: skip
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--work", type=Path, default=REPO / "var" / "ocr-eval")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--all", action="store_true", help="scan every page, not the judged ones")
    args = ap.parse_args()
    if not (args.shared / ICT_DIR).is_dir():
        print(f"skipped: {args.shared / ICT_DIR} is missing")
        return 0
    originals, scans, scanned = prepare(args.shared, args.work, args.all)
    print(f"scanned pages: {'all' if args.all else scanned}", flush=True)
    rels = sorted(p.name for p in originals.glob("*.pdf"))
    result: dict[str, object] = {}
    runs = (("originals", originals, True, False), ("scans", scans, True, False),
            ("scans, rebuilt", scans, True, True), ("scans, OCR off", scans, False, False))  # fmt: skip
    for name, corpus, ocr_on, rebuild in runs:
        index = args.work / ("index-" + name.split(",")[0] + ("" if ocr_on else "-no-ocr"))
        settings = Settings(corpus=corpus, index=index, jobs=args.jobs, follow_symlinks=True,
                            ocr=ocr_on)  # fmt: skip
        t0 = time.perf_counter()
        report = build_index(settings, rebuild=rebuild)
        result[name] = {
            "build_seconds": round(time.perf_counter() - t0, 1),
            "mode": report.mode,
            "pages": report.pages,
            "clauses": report.clauses,
            "ocr": report.ocr,
            "scores": evaluate(index, args.shared, rels),
        }
        print(json.dumps({name: result[name]}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
