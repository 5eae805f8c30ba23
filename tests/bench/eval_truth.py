"""`make eval` (second part): is what the result page says about a query true?

    .venv/bin/python tests/bench/eval_truth.py --shared ../shared [--no-write]

Over the dev query sets (indexes built by eval_relevance.py in var/eval), measures:
- suggestions: the share of correctly typed queries (ICT keywords and questions, ALQAC
  queries, all as their authors typed them) that get a "did you mean";
- restoration: the share of ICT keyword queries typed without diacritics whose reading the
  page shows ("Đang hiện kết quả cho …") equals the keywords as typed with diacritics
  (lower case; a query shown no reading counts as not restored, unless it needed none),
  and the share shown a wrong reading;
- highlights: the share of highlighted syllables in the first 10 snippets of accented queries
  whose tone-marked form differs from every syllable of the query and of its expansions (the
  other i/y spelling of a syllable, "kí" for "ký", is the same syllable, and so are the
  groups of a number the query wrote whole, "2 450" for "2450");
- grouping: the largest number of hits from one document in a first page of 10, and the
  first pages where one document has more than 3 while other documents' hits wait.
The table goes into docs/relevance.md (block "truth").
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from eval_relevance import opened, prepare, write_doc  # noqa: E402
from evalsets import EvalSet  # noqa: E402

from indexer.config import Settings  # noqa: E402
from indexer.text.tokens import grouped_forms  # noqa: E402
from indexer.text.vntext import has_diacritics, iy_key, nfc  # noqa: E402
from search_api.reader.snapshot import Snapshot  # noqa: E402
from search_api.search.didyoumean import notes  # noqa: E402
from search_api.search.parts import plan_for  # noqa: E402
from search_api.search.ranking import DEFAULT_RANKING  # noqa: E402
from search_api.search.run import lexicon, search  # noqa: E402
from search_api.search.suggest import spelling, syllables  # noqa: E402

_MARK = re.compile(r"<mark>(.*?)</mark>")
_SYLL = re.compile(r"[^\W_]+")


def _key(text: str) -> str:
    return " ".join(nfc(text).lower().split())


def suggestion_rate(snap: Snapshot, queries: list[str]) -> tuple[int, int, list[str]]:
    """(queries given a suggestion, queries, examples)."""
    model, vocab = syllables(snap), spelling(snap)
    got = [(q, n.suggestion) for q in queries if (n := notes(model, vocab, q)).suggestion]
    return len(got), len(queries), [f"{q} → {s}" for q, s in got[:8]]


def restoration(snap: Snapshot, pairs: list[tuple[str, str]]) -> tuple[int, int, int, list[str]]:
    """(restored exactly, shown a wrong reading, queries, examples of wrong readings)."""
    model, vocab = syllables(snap), spelling(snap)
    exact = wrong = 0
    examples = []
    for plain, accented in pairs:
        shown = notes(model, vocab, plain).restored
        if shown is None:
            exact += _key(plain) == _key(accented)  # nothing to restore, nothing claimed
            continue
        if _key(shown) == _key(accented):
            exact += 1
        else:
            wrong += 1
            examples.append(f"{plain} → {shown} (typed: {accented})")
    return exact, wrong, len(pairs), examples[:8]


def highlights(snap: Snapshot, queries: list[str]) -> tuple[int, int, list[str]]:
    """(wrongly toned highlighted syllables, highlighted syllables, examples)."""
    wrong = total = 0
    examples: Counter[str] = Counter()
    for q in queries:
        if not has_diacritics(q):
            continue
        plan = plan_for(q, DEFAULT_RANKING, lexicon(snap))
        allowed = {s for t in (*plan.tokens, *plan.expansions) for s in _SYLL.findall(t.text)}
        # the groups of a number the query wrote whole ("2 450" marked for "2450")
        allowed |= {
            g for t in plan.tokens for form in grouped_forms(t.text)[:1] for g in form.split()
        }
        for hit in search(snap, q, size=10).hits:
            for mark in _MARK.findall(hit.snippet):
                for syl in _SYLL.findall(nfc(mark).lower()):
                    total += 1
                    # "kí" marked for "ký" is the same word spelt the other way (iy_key)
                    if iy_key(syl) not in allowed:
                        wrong += 1
                        examples[syl] += 1
    return wrong, total, [f"{w} ×{n}" for w, n in examples.most_common(8)]


def most_from_one_document(snap: Snapshot, queries: list[str]) -> tuple[int, float, int]:
    """(largest, mean largest) number of hits of one document among the first 10, and the
    queries where a document has more than 3 of them while another document's matching
    clauses wait on a later page (more than 3 is right when nothing else matches)."""
    worst, crowded = [], 0
    for q in queries:
        hits = search(snap, q, size=10)
        # a page hit is the clause above it again, at another page: not another hit
        clauses = [h for h in hits.hits if not h.page_hit]
        counts = Counter(h.doc_id for h in clauses)
        doc, top = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
        worst.append(top)
        if top > 3:
            of_doc = next(h.document_hits for h in clauses if h.doc_id == doc)
            crowded += hits.total - of_doc > len(clauses) - top
    return max(worst, default=0), sum(worst) / max(len(worst), 1), crowded


def measure(sets: list[EvalSet], roots: dict[str, Path]) -> str:
    """The markdown report."""
    by_name = {s.name: s for s in sets}
    ict, alqac = opened(roots["ict"], DEFAULT_RANKING), opened(roots["alqac"], DEFAULT_RANKING)
    keywords = [q.text for q in by_name["ICT keywords"].queries]
    questions = [q.text for q in by_name["ICT question"].queries]
    plain = [q.text for q in by_name["ICT keywords_nodiacritics"].queries]
    laws = [q.text for q in by_name["ALQAC"].queries]
    lines = ["| measure | set | value | goal |", "|---|---|---:|---|"]
    examples: list[str] = []
    typed = (("ICT keywords", ict, keywords), ("ICT questions", ict, questions),
             ("ALQAC", alqac, laws))  # fmt: skip
    for name, snap, qs in typed:
        n, total, ex = suggestion_rate(snap, qs)
        lines.append(f"| suggestions on correctly typed queries | {name} | {n}/{total} "
                     f"({n / total:.1%}) | ≤ 2 % |")  # fmt: skip
        examples += [f"suggestion ({name}): {e}" for e in ex]
    exact, wrong, total, ex = restoration(ict, list(zip(plain, keywords, strict=True)))
    lines.append(f"| unaccented queries restored exactly | ICT keywords_nodiacritics | "
                 f"{exact}/{total} ({exact / total:.1%}) | ≥ 85 % |")  # fmt: skip
    lines.append(f"| unaccented queries shown a wrong reading | ICT keywords_nodiacritics | "
                 f"{wrong}/{total} ({wrong / total:.1%}) | |")  # fmt: skip
    examples += [f"wrong reading: {e}" for e in ex]
    for name, snap, qs in typed:
        w, total, ex = highlights(snap, qs)
        lines.append(f"| wrongly toned highlighted syllables | {name} | {w}/{total} "
                     f"({w / max(total, 1):.2%}) | 0 |")  # fmt: skip
        examples += [f"wrong tone ({name}): {e}" for e in ex]
    for name, snap, qs in typed:
        top, avg, crowded = most_from_one_document(snap, qs)
        lines.append(f"| most hits of one document in the first 10 (max / mean) | {name} | "
                     f"{top} / {avg:.2f} | |")  # fmt: skip
        lines.append(f"| first pages with > 3 hits of one document while others wait | {name} "
                     f"| {crowded}/{len(qs)} | 0 |")  # fmt: skip
    body = "\n".join(lines)
    if examples:
        body += "\n\nExamples:\n\n" + "\n".join(f"- {e}" for e in examples)
    return body


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--var", type=Path, default=ROOT / "var" / "eval")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "relevance.md")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    sets, roots = prepare(args.shared.resolve(), args.var, Settings().passage_chars)
    body = measure(sets, roots)
    print(body)
    if not args.no_write:
        today = datetime.date.today().isoformat()
        cmd = "`make eval` (`.venv/bin/python tests/bench/eval_truth.py --shared ../shared`)"
        write_doc(args.doc, f"Measured {today} with {cmd}.\n\n{body}", "truth")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
