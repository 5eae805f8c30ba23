"""`make eval` (metadata, second table): relations, effective dates and cross-references
against labels written from the documents' own text.

- Relations (tests/data/relations_dev.jsonl: the 40 gazette texts, every relation each text
  states about itself, typed, a part repealed or replaced counting as `amends`): precision
  and recall of (type, target) pairs, per type and overall.
- Effective dates (tests/data/metadata_dev.jsonl): precision (right among the dates given)
  and recall (right among the dates the texts state).
- Cross-references (tests/data/xrefs_dev.jsonl: mentions sampled from the texts, each with
  the clause it is in and the clause or document it points to, or null when that is not in
  the dev set): the dev documents are indexed as `vnstd index` does (a temporary index over
  links to them) and each mention is resolved by the server's own code
  (search_api/search/xrefs.py). "Resolvable" are the mentions whose target is indexed;
  "linked" those resolved to exactly that target; "wrong" any resolved elsewhere.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from indexer.config import Settings
from indexer.index.build import build_index
from search_api.reader import lookups
from search_api.reader.engine import Engine
from search_api.search.xrefs import references

ROOT = Path(__file__).resolve().parents[2]
RELATIONS = ROOT / "tests" / "data" / "relations_dev.jsonl"
XREFS = ROOT / "tests" / "data" / "xrefs_dev.jsonl"
Pairs = set[tuple[str, str]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.1%}" if den else "—"


def relation_rows(found: Callable[[str], Pairs], show: bool) -> list[list[Any]]:
    """Precision / recall rows of the stated relations, per type and overall."""
    counts: dict[str, list[int]] = {}  # type → [right, detected, labelled]
    for label in read_jsonl(RELATIONS):
        want = {(t, x) for t, x in label["relations"]}
        got = found(label["path"])
        for kind in {t for t, _ in want | got} | {"all"}:
            c = counts.setdefault(kind, [0, 0, 0])
            w = want if kind == "all" else {p for p in want if p[0] == kind}
            g = got if kind == "all" else {p for p in got if p[0] == kind}
            c[0], c[1], c[2] = c[0] + len(w & g), c[1] + len(g), c[2] + len(w)
        if show and want != got:
            print(
                f"{label['path'][-45:]:45} missed {sorted(want - got)} extra {sorted(got - want)}"
            )
    order = sorted(counts, key=lambda k: (k == "all", k))
    return [
        [f"relations: {k}", _ratio(counts[k][0], counts[k][1]), _ratio(counts[k][0], counts[k][2]),
         f"{counts[k][0]} right / {counts[k][1]} found / {counts[k][2]} stated"]
        for k in order
    ]  # fmt: skip


def effective_row(
    labels: Sequence[dict[str, Any]], found: Callable[[str], str | None]
) -> list[Any]:
    """Precision / recall of the effective date."""
    right = given = stated = 0
    for label in labels:
        got, want = found(label["path"]), label["effective"]
        given += got is not None
        stated += want is not None
        right += got is not None and got == want
    return ["effective date", _ratio(right, given), _ratio(right, stated),
            f"{right} right / {given} given / {stated} stated"]  # fmt: skip


def _dev_index(docs: Path, paths: Sequence[str], work: Path) -> Path:
    """An index of the dev documents (links to them under their shared-corpus paths)."""
    corpus, index = work / "corpus", work / "index"
    for rel in paths:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        # absolute targets: a relative one (--shared ../shared) would point inside `work`
        os.symlink((docs / rel).resolve(), corpus / rel)
    settings = Settings(corpus=corpus, index=index, follow_symlinks=True, ocr=False)
    report = build_index(settings, rebuild=True)
    if report.documents < len(paths):  # a link that points nowhere is a file not indexed
        raise SystemExit(f"the dev index holds {report.documents} of {len(paths)} documents")
    return index


def xref_counts(index: Path, show: bool) -> dict[str, int]:
    """Resolvable, linked, wrong and unlinked labelled mentions, and every mention's count."""
    snap = Engine(index).snapshot()
    out = dict.fromkeys(("labelled", "resolvable", "linked", "wrong", "missing"), 0)
    for label in read_jsonl(XREFS):
        out["labelled"] += 1
        parts = [c for c in lookups.outline(snap, label["path"]) if c.number == label["clause"]]
        refs = [r for c in parts for r in references(snap, c)]
        ref = next((r for r in refs if label["text"] in r.text or r.text in label["text"]), None)
        target = label["target_path"]
        want = (target, label["target_clause"]) if target else None
        got = _target(snap, ref) if ref and ref.target_doc_id else None
        out["resolvable"] += want is not None
        out["linked"] += want is not None and got == want
        out["wrong"] += got is not None and got != want
        out["missing"] += ref is None
        if show and got != want:
            print(
                f"xref {label['path'][-30:]} {label['clause']}: {label['text']!r} → {got} ≠ {want}"
            )
    return out


def _target(snap: Any, ref: Any) -> tuple[str, str | None]:
    if ref.target_clause_id is None:
        return ref.target_doc_id, None
    found = lookups.clause(snap, ref.target_clause_id)
    return ref.target_doc_id, found.number if found else None


def xref_rows(docs: Path, paths: Sequence[str], show: bool) -> list[list[Any]]:
    """The cross-reference rows, from a temporary index of the dev documents."""
    with tempfile.TemporaryDirectory(prefix="vnstd-xref-") as tmp:
        c = xref_counts(_dev_index(docs, paths, Path(tmp)), show)
    return [
        ["cross-references linked", _ratio(c["linked"], c["resolvable"]), "",
         f"{c['linked']} of {c['resolvable']} resolvable ({c['labelled']} labelled mentions)"],
        ["cross-references linked wrongly", str(c["wrong"]), "", "(mentions)"],
        ["labelled mentions not extracted", str(c["missing"]), "", "(mentions)"],
    ]  # fmt: skip
