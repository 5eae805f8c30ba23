"""`make eval` (third part): is what the catalog says about a document true?

    .venv/bin/python tests/bench/eval_metadata.py --shared ../shared [--no-write] [--show]

Reads every document of the dev set (tests/data/metadata_dev.jsonl: shared-corpus paths with
labels written from the documents' own text) with the project's own extraction and metadata
detection, and prints the share of documents whose kind, identifier, year, issuers, issued
date, effective date and title are right, and how many documents were given an identifier
their text only cites or lists. The table goes into docs/metadata.md (block "metadata").

A title is right when the label's first 50 letters (diacritics folded, only letters and
digits) occur in the detected title, or the detected title (at least 15 letters) occurs in
the label; it is never right when it is "Mục lục" or a list heading. Issuers are compared as
sets of names; every other field exactly (null = the text does not say).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from common import table  # noqa: E402
from eval_links import effective_row, relation_rows, xref_rows  # noqa: E402
from eval_relevance import write_doc  # noqa: E402

from indexer.ingest.process import prepare_document  # noqa: E402
from indexer.ingest.sources import read_source  # noqa: E402
from indexer.models import DocumentMeta, SourceFile  # noqa: E402
from indexer.text.vntext import fold  # noqa: E402

LABELS = ROOT / "tests" / "data" / "metadata_dev.jsonl"
DOC = ROOT / "docs" / "metadata.md"
FIELDS = ("kind", "identifier", "year", "issuers", "issued", "effective", "title")
_OLD_KINDS = {"QCVN": "qcvn", "TCVN": "tcvn", "Luật": "luat", "Nghị định": "nghi-dinh",
              "Nghị quyết": "nghi-quyet", "Thông tư": "thong-tu", "Quyết định": "quyet-dinh",
              "Thông tư liên tịch": "thong-tu-lien-tich", "Chỉ thị": "chi-thi",
              "Văn bản hợp nhất": "van-ban-hop-nhat"}  # fmt: skip


def norm(text: str) -> str:
    """Letters and digits only, diacritics folded, lower case."""
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


def detected(meta: DocumentMeta) -> dict[str, Any]:
    """The fields measured, from a DocumentMeta (an older one without identity fields gets
    them from code, type and issuer, so a 'before' run is comparable)."""
    issuers = getattr(meta, "issuers", None)
    return {
        "kind": getattr(meta, "kind", None) or _OLD_KINDS.get(meta.doc_type, "other"),
        "identifier": getattr(meta, "identifier", meta.code) or None,
        "year": meta.year,
        "issuers": list(issuers) if issuers is not None else [x for x in [meta.issuer] if x],
        "issued": getattr(meta, "issued", None),
        "effective": getattr(meta, "effective", None),
        "title": meta.title,
    }


def title_ok(label: str, found: str) -> bool:
    """See the module's docstring."""
    want, got = norm(label), norm(found)
    if got in ("mucluc", "") or re.match(r"(danhsach|outline)", got):
        return False
    return want[:50] in got or (len(got) >= 15 and got in want)


def same(name: str, label: Any, found: Any) -> bool:
    """Whether one detected field equals its label."""
    if name == "title":
        return title_ok(label, found)
    if name == "issuers":
        return set(label) == set(found)
    return bool(label == found)


@cache
def read_meta(path: Path, rel: str) -> tuple[DocumentMeta, str]:
    """A shared document's detected metadata and its whole text, read as `vnstd index` does."""
    kind = path.suffix.lower().lstrip(".")
    raw = read_source(SourceFile(path, rel, kind))[0]  # type: ignore[arg-type]
    return prepare_document(raw, {}).meta, "\n".join(p.text for p in raw.pages)


def evaluate(docs: Path, labels: Sequence[dict[str, Any]], show: bool) -> list[list[Any]]:
    """The per-field table rows, and on stdout (with `show`) every miss."""
    right = dict.fromkeys(FIELDS, 0)
    cited = 0
    for label in labels:
        meta, text = read_meta(docs / label["path"], label["path"])
        found = detected(meta)
        for name in FIELDS:
            ok = same(name, label[name], found[name])
            right[name] += ok
            if show and not ok:
                print(f"{label['path'][-50:]:50}  {name}: {found[name]!r} ≠ {label[name]!r}")
        ident = found["identifier"]
        if (
            ident
            and ident != label["identifier"]
            and ident.replace(" ", "") in text.replace(" ", "")
        ):
            cited += 1
    n = len(labels)
    rows: list[list[Any]] = [[f, f"{right[f] / n:.1%}", f"{right[f]}/{n}"] for f in FIELDS]
    rows.append(["identifiers only cited", str(cited), "(documents)"])
    return rows


def summary(labels: Sequence[dict[str, Any]]) -> str:
    """What the dev set holds, by kind."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label["kind"]] = counts.get(label["kind"], 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/metadata.md")
    parser.add_argument("--show", action="store_true", help="print every wrong field")
    parser.add_argument("--no-xrefs", action="store_true", help="skip the dev index (slow part)")
    args = parser.parse_args(argv)
    docs = args.shared / "corpus" / "documents"
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]
    rows = evaluate(docs, labels, args.show)
    body = f"{len(labels)} labelled documents ({summary(labels)}):\n\n" + table(
        ["field", "right", "documents"], rows
    )
    out(body)
    links = links_table(docs, labels, args.show, not args.no_xrefs)
    out(links)
    if not args.no_write:
        write_doc(DOC, body, "metadata")
        write_doc(DOC, links, "links")
    return 0


def links_table(docs: Path, labels: Sequence[dict[str, Any]], show: bool, xrefs: bool) -> str:
    """Relations and effective dates (precision, recall), cross-references linked."""

    def meta(rel: str) -> DocumentMeta:
        return read_meta(docs / rel, rel)[0]

    rows = relation_rows(lambda rel: {(t, x) for t, x in meta(rel).relations}, show)
    rows.append(effective_row(labels, lambda rel: getattr(meta(rel), "effective", None)))
    if xrefs:
        rows += xref_rows(docs, [label["path"] for label in labels], show)
    return table(["measure", "precision", "recall", "counts"], rows)


if __name__ == "__main__":
    raise SystemExit(main())
