"""Whether a document is in force, and its relations to other documents, resolved among the
documents of a generation.

A document's relations are those it states (replaces, repeals, amends, consolidates:
indexer/text/relations.py) and the inverse of those other indexed documents state about it
(replaced_by, …). Its status:
- "replaced" / "repealed": an indexed document replaces or repeals it and that document is
  in effect (its effective date, or its issue date, has passed; or it gives neither);
- "not_yet": its own effective date is still to come;
- "in_force": its effective date has passed;
- "unknown": nothing says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from indexer.index.manifest import CatalogEntry
from indexer.text.relations import INVERSE, REPEALS, REPLACES
from search_api.reader.snapshot import Snapshot

IN_FORCE, NOT_YET, REPLACED, REPEALED, UNKNOWN = (
    "in_force", "not_yet", "replaced", "repealed", "unknown",
)  # fmt: skip
STATUS_LABELS = {
    IN_FORCE: "Còn hiệu lực",
    NOT_YET: "Chưa có hiệu lực",
    REPLACED: "Đã bị thay thế",
    REPEALED: "Hết hiệu lực",
    UNKNOWN: "Chưa rõ hiệu lực",
}


@dataclass(frozen=True)
class Link:
    """One relation of a document: its type, the other document's identifier, and its doc_id
    when that document is indexed."""

    type: str  # replaces, repeals, amends, consolidates, or an inverse: replaced_by, …
    target: str
    target_doc_id: str | None


@dataclass(frozen=True)
class Standing:
    """A document's status and relations."""

    status: str
    relations: tuple[Link, ...] = ()


def _in_effect(entry: CatalogEntry, today: str) -> bool:
    start = entry.effective or entry.issued
    return start is None or start <= today


def _names(entries: Iterable[CatalogEntry]) -> dict[str, str]:
    """Identifier or code → doc_id of the indexed documents."""
    out: dict[str, str] = {}
    for e in entries:
        for name in (e.identifier, *e.codes):
            if name:
                out.setdefault(name, e.doc_id)
    return out


def standings(entries: Sequence[CatalogEntry], today: str) -> dict[str, Standing]:
    """The standing of every document of a catalog on a day (ISO date)."""
    names = _names(entries)
    links: dict[str, list[Link]] = defaultdict(list)
    ended: dict[str, str] = {}
    for e in entries:
        own = e.identifier or e.code or e.doc_id
        for rel, target in e.relations:
            target_id = names.get(target)
            links[e.doc_id].append(Link(rel, target, target_id))
            if target_id is None or target_id == e.doc_id:
                continue
            links[target_id].append(Link(INVERSE.get(rel, rel), own, e.doc_id))
            if rel in (REPLACES, REPEALS) and _in_effect(e, today):
                ended.setdefault(target_id, REPLACED if rel == REPLACES else REPEALED)
    out = {}
    for e in entries:
        status = ended.get(e.doc_id) or _own_status(e, today)
        out[e.doc_id] = Standing(status, tuple(links.get(e.doc_id, ())))
    return out


def _own_status(entry: CatalogEntry, today: str) -> str:
    if entry.effective is None:
        return UNKNOWN
    return IN_FORCE if entry.effective <= today else NOT_YET


def standing(snap: Snapshot, doc_id: str, today: str | None = None) -> Standing:
    """A document's standing in a generation (computed once per generation and day)."""
    day = today or date.today().isoformat()
    table = snap.memo(("standings", day), lambda s: standings(s.manifest.documents(), day))
    return table.get(doc_id, Standing(UNKNOWN))


def with_status(snap: Snapshot, status: str, today: str | None = None) -> list[str]:
    """The doc_ids of a generation's documents with a status (for the `status` filter)."""
    day = today or date.today().isoformat()
    table = snap.memo(("standings", day), lambda s: standings(s.manifest.documents(), day))
    return sorted(d for d, st in table.items() if st.status == status)


def status_facet(
    snap: Snapshot, per_doc: dict[str, int], today: str | None = None
) -> dict[str, int]:
    """Matching clauses per status of their documents (from the counts per doc_id), most
    frequent first."""
    day = today or date.today().isoformat()
    table = snap.memo(("standings", day), lambda s: standings(s.manifest.documents(), day))
    out: dict[str, int] = {}
    for doc_id, count in per_doc.items():
        status = table.get(doc_id, Standing(UNKNOWN)).status
        out[status] = out.get(status, 0) + count
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def status_facets(snap: Snapshot, counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Facet counts with the status facet in place of the counts per doc_id."""
    if "doc_id" in counts:
        counts["status"] = status_facet(snap, counts.pop("doc_id"))
    return counts
