"""The corpus folder → input files (walk_corpus) → RawDocuments (read_source)."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from indexer.errors import CorpusError, ExtractionError
from indexer.ingest.files import cap_warnings, read_bytes
from indexer.models import FileReport, Page, RawDocument, SourceFile, SourceKind

KINDS: dict[str, SourceKind] = {".pdf": "pdf", ".md": "md", ".txt": "txt", ".jsonl": "jsonl"}
METADATA_FILE = "metadata.csv"  # the corpus's own overrides, read by metadata.py
IGNORE_FILE = ".vnstdignore"  # glob patterns (one a line) of files the corpus does not index
MAX_LINE_WARNINGS = 20  # bad .jsonl lines listed one by one; the rest are counted
NOT_UTF8_NAME = "file name is not valid UTF-8"


def walk_corpus(root: Path) -> tuple[list[SourceFile], list[FileReport]]:
    """Every input file under `root` (sorted by relative path) and reports for what was skipped.

    Hidden entries (".name") are ignored silently, as are `root/metadata.csv` and whatever
    matches a pattern of `root/.vnstdignore` (fnmatch globs on the relative path or the name,
    "#" comments; e.g. a README that describes the folder). Symbolic links
    are followed, but a folder is entered once (loops end) and a file is listed once (the
    first path in sorted order; later links to it are reported as skipped). Names that are not
    valid UTF-8 are skipped with a report, because they cannot be stored in the index; the
    report shows them with U+FFFD for the bad bytes.
    """
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}")
    walk = _Walk(root)
    walk.visit(root, "")
    files = sorted(walk.files, key=lambda s: s.rel)
    return files, sorted(walk.reports, key=lambda r: r.rel)


class _Walk:
    """State of one corpus walk: folders and files already seen (by real path), results so far."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[SourceFile] = []
        self.reports: list[FileReport] = []
        self.seen_dirs: set[str] = set()
        self.seen_files: dict[str, str] = {}  # real path → rel of its first listing
        self.ignored = _ignore_patterns(root)

    def visit(self, folder: Path, prefix: str) -> None:
        if not self._first_visit(folder):
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.reports.append(
                FileReport(prefix or ".", "failed", f"cannot read folder ({exc.strerror})")
            )
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self._entry(entry, prefix + entry.name)

    def _first_visit(self, folder: Path) -> bool:
        real = os.path.realpath(folder)
        if real in self.seen_dirs:
            return False
        self.seen_dirs.add(real)
        return True

    def _entry(self, entry: os.DirEntry[str], rel: str) -> None:
        if not _is_utf8(rel):
            self.reports.append(FileReport(_shown(rel), "skipped", NOT_UTF8_NAME))
        elif entry.is_dir():  # follows symlinks; loops are cut by _first_visit
            self.visit(Path(entry.path), rel + "/")
        elif not entry.is_file():
            reason = "broken symbolic link" if entry.is_symlink() else "not a regular file"
            self.reports.append(FileReport(rel, "skipped", reason))
        elif rel != METADATA_FILE and not self._ignored(rel):
            self._file(Path(entry.path), rel)

    def _ignored(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]
        return any(
            fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in self.ignored
        )

    def _file(self, path: Path, rel: str) -> None:
        suffix = path.suffix.lower()
        if suffix not in KINDS:
            what = suffix or "(no extension)"
            self.reports.append(FileReport(rel, "skipped", f"unsupported file type {what}"))
            return
        real = os.path.realpath(path)
        if real in self.seen_files:
            same = self.seen_files[real]
            self.reports.append(FileReport(rel, "skipped", f"same file as {same}"))
            return
        self.seen_files[real] = rel
        self.files.append(SourceFile(path.absolute(), rel, KINDS[suffix]))


def _ignore_patterns(root: Path) -> list[str]:
    """Glob patterns from root/.vnstdignore (none if absent)."""
    try:
        lines = (root / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.scandir turned undecodable bytes into lone surrogates
        return False
    return True


def _shown(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def content_hash(path: Path) -> str:
    """The SHA-256 of the file's bytes, in hex (read in 1 MiB chunks)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_source(src: SourceFile, extractor: str = "pypdf") -> list[RawDocument]:
    """The documents in one input file: one for a PDF / .md / .txt, one per record of a .jsonl."""
    if src.kind == "pdf":
        from indexer.ingest.extract import extract_pdf  # PDF libraries load only when needed

        return [extract_pdf(src.path, src.rel, extractor)]
    if src.kind == "jsonl":
        return read_jsonl(src)
    return [read_text(src)]


def decode_text(data: bytes, rel: str) -> tuple[str, list[str]]:
    """The bytes as text (UTF-8, BOM allowed, UTF-16 with a BOM) and any decoding warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), []
    if b"\x00" in data[:4096]:
        raise ExtractionError(rel, "not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", "replace")
        bad = text.count("\ufffd") - data.decode("utf-8-sig", "ignore").count("\ufffd")
        return text, [f"not valid UTF-8: {bad} invalid byte sequences replaced"]


def read_text(src: SourceFile) -> RawDocument:
    """A Markdown or plain-text file as one RawDocument with one unnumbered page."""
    text, warnings = decode_text(read_bytes(src.path, src.rel), src.rel)
    if not text.strip():
        raise ExtractionError(src.rel, "no text (only whitespace)")
    page = Page(None, text)
    return RawDocument(src.rel, src.rel, src.kind, (page,), warnings=tuple(warnings))


def read_jsonl(src: SourceFile) -> list[RawDocument]:
    """One RawDocument per good record; the file's warnings (bad lines) go on the first one."""
    text, warnings = decode_text(read_bytes(src.path, src.rel), src.rel)
    docs: list[RawDocument] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record, problem = _record(line)
        if record is not None and record[0] in first_line:
            problem = f"duplicate id {record[0]!r} (kept line {first_line[record[0]]})"
        if problem or record is None:
            warnings.append(f"line {number}: {problem}")
            continue
        first_line[record[0]] = number
        docs.append(RawDocument(record[0], src.rel, "jsonl", (Page(None, record[2]),), record[1]))
    if not docs:
        bad = sum(w.startswith("line ") for w in warnings)
        raise ExtractionError(src.rel, f"no records ({bad} bad lines)" if bad else "no records")
    docs[0] = replace(
        docs[0], warnings=cap_warnings(warnings, "line ", MAX_LINE_WARNINGS, "more bad lines")
    )
    return docs


def _record(line: str) -> tuple[tuple[str, str, str] | None, str]:
    """(id, title, text) of one .jsonl line, or None and what is wrong with it."""
    try:
        obj: Any = json.loads(line)
    except ValueError:
        return None, "not JSON"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    doc_id, title, text = obj.get("id"), obj.get("title"), obj.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or str(doc_id).strip() == "":
        return None, 'missing "id"'
    if not isinstance(text, str) or not text.strip():
        return None, 'missing "text"'
    return (str(doc_id).strip(), title if isinstance(title, str) else "", text), ""
