"""sources.py: corpus walk and skip reports, symlinks, odd names, text / jsonl readers, hashing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from fixtures import records_jsonl
from hypothesis import given
from hypothesis import strategies as st

from indexer.errors import CorpusError, ExtractionError
from indexer.ingest.files import decode_text
from indexer.ingest.records import MAX_LINE_WARNINGS, record_ids, reject_ids
from indexer.ingest.sources import (
    CONTROL_NAME,
    LEAVES_CORPUS,
    NOT_UTF8_NAME,
    content_hash,
    read_source,
    walk_corpus,
)
from indexer.models import FileReport, SourceFile


def _touch(root: Path, rel: str, data: bytes = b"x") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A corpus folder with every kind of entry a walk must handle."""
    for rel in ("b/QCVN 47.PDF", "a.pdf", "notes.md", "read me.txt", "records.JSONL"):
        _touch(tmp_path, rel)
    for rel in (
        "doc.docx",
        "Makefile",
        ".hidden.pdf",
        ".git/x.pdf",
        "metadata.csv",
        "b/metadata.csv",
    ):
        _touch(tmp_path, rel)
    return tmp_path


def test_walk_lists_inputs_sorted_and_reports_the_rest(tree: Path) -> None:
    """GIVEN a mixed folder WHEN walked THEN inputs are sorted by rel; others reported skipped."""
    files, reports = walk_corpus(tree)
    assert [(f.rel, f.kind) for f in files] == [
        ("a.pdf", "pdf"),
        ("b/QCVN 47.PDF", "pdf"),
        ("notes.md", "md"),
        ("read me.txt", "txt"),
        ("records.JSONL", "jsonl"),
    ]
    assert all(f.path.is_absolute() and f.path.is_file() for f in files)
    assert reports == [
        FileReport("Makefile", "skipped", "unsupported file type (no extension)"),
        FileReport("b/metadata.csv", "skipped", "unsupported file type .csv"),
        FileReport("doc.docx", "skipped", "unsupported file type .docx"),
    ]


def test_walk_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        walk_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError):
        walk_corpus(_touch(tmp_path, "file.pdf"))


def test_symlink_loop_terminates_and_files_are_listed_once(tmp_path: Path) -> None:
    """GIVEN a folder linking to its parent and a file linked twice THEN the walk ends, no repeats."""
    _touch(tmp_path, "qcvn/a.pdf")
    (tmp_path / "qcvn" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "alias").symlink_to(tmp_path / "qcvn", target_is_directory=True)
    (tmp_path / "z-link.pdf").symlink_to(tmp_path / "qcvn" / "a.pdf")
    (tmp_path / "broken.pdf").symlink_to(tmp_path / "missing.pdf")
    files, reports = walk_corpus(tmp_path)
    assert [f.rel for f in files] == ["alias/a.pdf"]  # the first path in sorted order
    assert reports == [
        FileReport("broken.pdf", "skipped", "broken symbolic link"),
        FileReport("z-link.pdf", "skipped", "same file as alias/a.pdf"),
    ]


def test_links_out_of_the_corpus_are_skipped_unless_followed(tmp_path: Path) -> None:
    """GIVEN a corpus with a link to a file outside it, a link to a folder outside it and a
    link to a file inside it WHEN walked THEN the two links out are skipped and reported
    (nothing under the outside folder is listed), the inside one is kept; WHEN walked with
    follow_symlinks THEN all are listed."""
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    _touch(corpus, "a.md")
    _touch(outside, "secret.txt")
    _touch(outside, "docs/b.md")
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")
    (corpus / "more").symlink_to(outside / "docs", target_is_directory=True)
    (corpus / "same.md").symlink_to(corpus / "a.md")
    files, reports = walk_corpus(corpus)
    assert [f.rel for f in files] == ["a.md"]
    assert reports == [
        FileReport("more", "skipped", LEAVES_CORPUS),
        FileReport("passwd.txt", "skipped", LEAVES_CORPUS),
        FileReport("same.md", "skipped", "same file as a.md"),
    ]
    followed, _ = walk_corpus(corpus, follow_symlinks=True)
    assert [f.rel for f in followed] == ["a.md", "more/b.md", "passwd.txt"]


def test_names_with_control_characters_are_reported(tmp_path: Path) -> None:
    """GIVEN a file whose name holds a newline THEN it is skipped (no URL could name it)."""
    _touch(tmp_path, "ok.md")
    _touch(tmp_path, "two\nlines.md")
    files, reports = walk_corpus(tmp_path)
    assert [f.rel for f in files] == ["ok.md"]
    assert reports == [FileReport("two?lines.md", "skipped", CONTROL_NAME)]


def test_record_ids_share_one_namespace_with_the_files(tmp_path: Path) -> None:
    """GIVEN records whose id is the path of a PDF of the corpus, or an id an earlier .jsonl
    file already uses WHEN their ids are checked THEN those records are refused with the
    reason, and reading the file skips them with a warning."""
    _touch(tmp_path, "a.jsonl", b'{"id": "r1", "text": "x"}\n{"id": "qcvn/a.pdf", "text": "y"}\n')
    _touch(tmp_path, "b.jsonl", b'{"id": "r1", "text": "z"}\n{"id": "r2", "text": "w"}\n')
    srcs = [SourceFile(tmp_path / n, n, "jsonl") for n in ("a.jsonl", "b.jsonl")]
    ids = [(s.rel, record_ids(s)) for s in srcs]
    assert ids == [("a.jsonl", ["r1", "qcvn/a.pdf"]), ("b.jsonl", ["r1", "r2"])]
    rejected = reject_ids(ids, {"qcvn/a.pdf", "a.jsonl", "b.jsonl"})
    assert rejected == {
        "a.jsonl": {"qcvn/a.pdf": "is the path of a file of the corpus"},
        "b.jsonl": {"r1": "is already used by a.jsonl"},
    }
    docs = read_source(srcs[1], rejected=rejected["b.jsonl"])
    assert [d.doc_id for d in docs] == ["r2"]
    assert docs[0].warnings == ("line 1: id 'r1' is already used by a.jsonl (skipped)",)


def test_non_utf8_file_name_is_reported(tmp_path: Path) -> None:
    """GIVEN a Latin-1 file name (bytes on Linux) THEN it is skipped with a clear reason."""
    try:
        fd = os.open(os.fsencode(tmp_path) + b"/caf\xe9.pdf", os.O_CREAT | os.O_WRONLY)
    except OSError:
        pytest.skip("this file system refuses non-UTF-8 names")
    os.close(fd)
    _touch(tmp_path, "ok.pdf")
    files, reports = walk_corpus(tmp_path)
    assert [f.rel for f in files] == ["ok.pdf"]
    assert reports == [FileReport("caf\ufffd.pdf", "skipped", NOT_UTF8_NAME)]


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a folder that cannot be listed THEN it is reported failed and the rest is walked."""
    _touch(tmp_path, "locked/a.pdf")
    _touch(tmp_path, "open/b.pdf")
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, reports = walk_corpus(tmp_path)
    assert [f.rel for f in files] == ["open/b.pdf"]
    assert reports == [FileReport("locked/", "failed", "cannot read folder (Permission denied)")]


def test_fifo_is_not_read(tmp_path: Path) -> None:
    """GIVEN a named pipe called x.pdf THEN it is skipped (reading it would block)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    os.mkfifo(tmp_path / "x.pdf")
    assert walk_corpus(tmp_path) == ([], [FileReport("x.pdf", "skipped", "not a regular file")])


def test_read_source_pdf(sample_pdfs: list[Path]) -> None:
    src = SourceFile(sample_pdfs[0], "qcvn/" + sample_pdfs[0].name, "pdf")
    [doc] = read_source(src)
    assert doc.doc_id == doc.file == src.rel and doc.pages[0].number == 1


def test_read_source_pdf_failure_is_extraction_error(bad_files: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError, match="not a PDF"):
        read_source(SourceFile(bad_files["html"], "x.pdf", "pdf"))


@pytest.mark.parametrize(
    ("data", "text", "warnings"),
    [
        ("Phát xạ giả ≤ -36 dBm".encode(), "Phát xạ giả ≤ -36 dBm", []),
        (b"\xef\xbb\xbf" + "Điều 1".encode(), "Điều 1", []),
        ("Điều 1".encode("utf-16"), "Điều 1", []),
        (
            b"Ph\xe1t x\xe1",
            "Ph\ufffdt x\ufffd",
            ["not valid UTF-8: 2 invalid byte sequences replaced"],
        ),
    ],
)
def test_decode_text(data: bytes, text: str, warnings: list[str]) -> None:
    assert decode_text(data, "f.txt") == (text, warnings)


@given(st.text().filter(lambda t: "\x00" not in t and not t.startswith(("\ufeff", "\ufffe"))))
def test_decode_text_round_trips_utf8(text: str) -> None:
    assert decode_text(text.encode("utf-8"), "f.txt") == (text, [])


def test_read_text_file(tmp_path: Path) -> None:
    """GIVEN a Markdown file THEN one document, one unnumbered page, doc_id = rel."""
    path = _touch(tmp_path, "a.md", "# QCVN 47:2015/BTTTT\n\n2.2.3 Phát xạ giả".encode())
    [doc] = read_source(SourceFile(path, "docs/a.md", "md"))
    assert (doc.doc_id, doc.file, doc.kind, doc.warnings) == ("docs/a.md", "docs/a.md", "md", ())
    assert [(p.number, p.text) for p in doc.pages] == [(None, path.read_text())]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b" \n\t\n", "no text (only whitespace)"),
        (b"PK\x03\x04\x00\x00binary", "not a text file (contains NUL bytes)"),
    ],
)
def test_bad_text_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _touch(tmp_path, "a.txt", data)
    with pytest.raises(ExtractionError) as info:
        read_source(SourceFile(path, "a.txt", "txt"))
    assert info.value.reason == reason


def test_read_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    """GIVEN good and bad lines THEN one document per good record; bad lines become warnings."""
    path = records_jsonl(tmp_path)
    docs = read_source(SourceFile(path, "data/records.jsonl", "jsonl"))
    assert [(d.doc_id, d.title_hint, d.pages[0].text) for d in docs] == [
        ("r1", "Luật Viễn thông", "Điều 1. Phạm vi điều chỉnh"),
        ("r2", "", "Tần số vô tuyến điện"),
        ("r3", "", "Không có tiêu đề"),
    ]
    assert {(d.file, d.kind, d.pages[0].number) for d in docs} == {
        ("data/records.jsonl", "jsonl", None)
    }
    assert docs[0].warnings == (
        "line 3: not JSON",
        "line 4: not a JSON object",
        'line 5: missing "text"',
        'line 6: missing "id"',
        "line 7: duplicate id 'r1' (kept line 1)",
    )
    assert docs[1].warnings == docs[2].warnings == ()


def test_jsonl_numeric_ids_become_strings(tmp_path: Path) -> None:
    path = _touch(tmp_path, "r.jsonl", b'{"id": 7, "text": "abc"}\n{"id": true, "text": "x"}\n')
    [doc] = read_source(SourceFile(path, "r.jsonl", "jsonl"))
    assert doc.doc_id == "7" and doc.warnings == ('line 2: missing "id"',)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b"\n\n", "no records"),
        (b"{]\n[]\n", "no records (2 bad lines)"),
    ],
)
def test_jsonl_without_records_fails(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _touch(tmp_path, "r.jsonl", data)
    with pytest.raises(ExtractionError) as info:
        read_source(SourceFile(path, "r.jsonl", "jsonl"))
    assert info.value.reason == reason


def test_jsonl_bad_line_warnings_are_capped(tmp_path: Path) -> None:
    lines = [b'{"id": "a", "text": "ok"}'] + [b"oops"] * 50
    path = _touch(tmp_path, "r.jsonl", b"\n".join(lines))
    [doc] = read_source(SourceFile(path, "r.jsonl", "jsonl"))
    assert len(doc.warnings) == MAX_LINE_WARNINGS + 1
    assert doc.warnings[-1] == f"{50 - MAX_LINE_WARNINGS} more bad lines"


def test_content_hash_is_sha256_of_the_bytes(tmp_path: Path, sample_pdfs: list[Path]) -> None:
    copy = tmp_path / "copy.pdf"
    shutil.copy(sample_pdfs[0], copy)
    expected = hashlib.sha256(sample_pdfs[0].read_bytes()).hexdigest()
    assert content_hash(sample_pdfs[0]) == content_hash(copy) == expected
    copy.write_bytes(copy.read_bytes() + b"\n")
    assert content_hash(copy) != expected


def test_vnstdignore_patterns_are_not_indexed_nor_reported(tmp_path: Path) -> None:
    """GIVEN a corpus with a .vnstdignore WHEN walked THEN matching files are left out silently."""
    (tmp_path / "docs").mkdir()
    for name in ("README.md", "docs/a.md", "docs/draft-1.md", "tool.py"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".vnstdignore").write_text(
        "# comment\nREADME.md\ndraft-*\n*.py\n", encoding="utf-8"
    )
    files, reports = walk_corpus(tmp_path)
    assert [f.rel for f in files] == ["docs/a.md"]
    assert reports == []
