"""The typed manifest: one read and one write path, old manifests still read, bad ones refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.errors import IndexFormatError
from indexer.index.manifest import (
    CatalogEntry,
    FileEntry,
    Manifest,
    Totals,
    VectorsInfo,
    load_manifest,
    read_manifest,
    write_manifest,
)

# what vnstd 0.1 wrote (keys in the order json.dumps(sort_keys=True) gave them)
WRITTEN_BY_0_1 = {
    "built_at": 1796226194.2178946,
    "corpus": "/srv/corpus",
    "files": {
        "a.pdf": {
            "clauses": 2,
            "docs": [
                {
                    "abbreviations": [["EMC", "electromagnetic compatibility"]],
                    "clauses": 2,
                    "code": "QCVN 18:2022/BTTTT",
                    "codes": ["QCVN 18:2022/BTTTT"],
                    "doc_id": "a.pdf",
                    "file": "a.pdf",
                    "issuer": "BTTTT",
                    "kind": "pdf",
                    "pages": 5,
                    "title": "Tương thích điện từ",
                    "type": "QCVN",
                    "year": 2022,
                }
            ],
            "ok": True,
            "pages": 5,
            "reason": "",
            "sha256": "ab" * 32,
        },
        "b.pdf": {
            "clauses": 0,
            "docs": [],
            "ok": False,
            "pages": 0,
            "reason": "encrypted",
            "sha256": "cd" * 32,
        },
    },
    "fingerprint": {"analyzer": "3", "schema": "4"},
    "totals": {"clauses": 2, "documents": 1, "pages": 5},
    "version": 1,
}


def test_a_manifest_written_by_0_1_is_read_as_typed_records() -> None:
    """GIVEN the manifest format vnstd 0.1 wrote WHEN read THEN every value arrives typed."""
    m = Manifest.from_json(WRITTEN_BY_0_1)
    assert m.totals == Totals(pages=5, clauses=2, documents=1)
    assert m.files["b.pdf"] == FileEntry(sha256="cd" * 32, ok=False, reason="encrypted")
    (doc,) = m.documents()
    assert doc.code == "QCVN 18:2022/BTTTT" and doc.year == 2022
    assert doc.abbreviations == (("EMC", "electromagnetic compatibility"),)
    assert m.document("a.pdf") == doc and m.document("b.pdf") is None
    # written again, it is the same plus the identity fields a version-1 entry lacked
    written = m.to_json()
    (entry,) = written["files"]["a.pdf"]["docs"]
    assert {k: entry.pop(k) for k in NEW_IN_2} == {
        "doc_kind": "other", "identifier": "", "issuers": [], "issued": None, "effective": None,
        "relations": [],
    }  # fmt: skip
    assert written == WRITTEN_BY_0_1
    assert doc.doc_kind == "other" and doc.issuers == ()


NEW_IN_2 = ("doc_kind", "identifier", "issuers", "issued", "effective", "relations")


def test_identity_fields_survive_a_round_trip() -> None:
    """GIVEN a catalog entry with identity fields WHEN written and read THEN they are equal."""
    entry = CatalogEntry(
        "n.pdf", "n.pdf", "pdf", type="Nghị định", issuer="Chính phủ", year=2022,
        doc_kind="nghi-dinh", identifier="117/2022/NĐ-CP", issuers=("Chính phủ",),
        issued="2022-12-30", effective="2022-12-30",
        relations=(("replaces", "09/2023/QĐ-TTg"), ("amends", "QCVN 1:2020/BXD")),
    )  # fmt: skip
    assert CatalogEntry.from_json(entry.to_json()) == entry
    assert CatalogEntry.from_json({**entry.to_json(), "issued": 5, "issuers": "x"}).issued is None


def test_write_then_read_gives_the_same_manifest(tmp_path: Path) -> None:
    """GIVEN a manifest with vectors WHEN written and read back THEN it is equal."""
    entry = CatalogEntry("r1", "laws.jsonl", "jsonl", title="Luật", year=None)
    files = {"laws.jsonl": FileEntry("ef" * 32, pages=0, clauses=3, docs=(entry,))}
    m = Manifest(files, Totals.of(files), 12.5, {"schema": "5"}, "/c", VectorsInfo("e5", 3, 0))
    write_manifest(tmp_path, m)
    assert load_manifest(tmp_path) == m


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "unreadable"),
        ("[1, 2]", "not a JSON object"),
        ('{"version": 99}', "newer than this vnstd"),
    ],
)
def test_an_unusable_manifest_is_refused(tmp_path: Path, content: str, message: str) -> None:
    """GIVEN a manifest that is broken or from a newer vnstd WHEN loaded THEN IndexFormatError
    says why; the builder's lenient read gives None (it then rebuilds)."""
    (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(IndexFormatError, match=message):
        load_manifest(tmp_path)
    assert read_manifest(tmp_path) is None


def test_ill_typed_values_are_dropped_not_trusted() -> None:
    """GIVEN a catalog entry with values of the wrong type WHEN read THEN they become empty."""
    data = json.loads(json.dumps(WRITTEN_BY_0_1))
    data["files"]["a.pdf"]["docs"][0].update(year="2022", pages="5", codes=[1, "QCVN 1"])
    doc = Manifest.from_json(data).documents()[0]
    assert (doc.year, doc.pages, doc.codes) == (None, 0, ("QCVN 1",))
