"""Search over scans against search over the originals (`make ocr-bench EVAL=1`).

The 50 ICT PDFs of the shared corpus are indexed twice: as they are (text layers), and as
scans (every page rendered by `pdftoppm -r 300 -gray`, stored as an image-only PDF, read
back by the product's OCR). The 54 ICT dev questions (three query forms) are then run on
both indexes; page-level nDCG@10 / MRR@10 / Recall@10 are compared. Work folder:
var/ocr-eval/ (symbolic links to the originals, the scans, both indexes and the OCR
cache, so a second run costs little).

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


def scan_of(pdf: Path, out: Path, dpi: int = 300) -> Path:
    """Every page of pdf as an image-only PDF (made once; kept for later runs)."""
    if out.exists():
        return out
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"], check=True)
        images = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.pgm"))]
        partial = out.with_suffix(".part")
        images[0].save(partial, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
        partial.rename(out)
    return out


def prepare(shared: Path, work: Path) -> tuple[Path, Path]:
    """The two corpora: links to the originals, and their scans."""
    originals, scans = work / "originals", work / "scans"
    originals.mkdir(parents=True, exist_ok=True)
    scans.mkdir(parents=True, exist_ok=True)
    for pdf in sorted((shared / ICT_DIR).glob("*.pdf")):
        link = originals / pdf.name
        if not link.exists():
            link.symlink_to(pdf.resolve())
        scan_of(pdf, scans / pdf.name)
    return originals, scans


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
    args = ap.parse_args()
    if not (args.shared / ICT_DIR).is_dir():
        print(f"skipped: {args.shared / ICT_DIR} is missing")
        return 0
    originals, scans = prepare(args.shared, args.work)
    rels = sorted(p.name for p in originals.glob("*.pdf"))
    result: dict[str, object] = {}
    for name, corpus in (("originals", originals), ("scans", scans)):
        index = args.work / f"index-{name}"
        settings = Settings(corpus=corpus, index=index, jobs=args.jobs, follow_symlinks=True)
        t0 = time.perf_counter()
        report = build_index(settings)
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
