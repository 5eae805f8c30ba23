"""The corpus folder → input files (walk_corpus) → RawDocuments (read_source)."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.errors import CorpusError, ExtractionError
from indexer.ingest.files import decode_text, read_bytes
from indexer.ingest.records import read_jsonl
from indexer.models import FileReport, Page, RawDocument, SourceFile, SourceKind

if TYPE_CHECKING:
    from indexer.ingest.ocr import Scans

KINDS: dict[str, SourceKind] = {".pdf": "pdf", ".md": "md", ".txt": "txt", ".jsonl": "jsonl"}
METADATA_FILE = "metadata.csv"  # the corpus's own overrides, read by metadata.py
IGNORE_FILE = ".vnstdignore"  # glob patterns (one a line) of files the corpus does not index
NOT_UTF8_NAME = "file name is not valid UTF-8"
CONTROL_NAME = "file name contains control characters"
LEAVES_CORPUS = "symbolic link to outside the corpus folder (index it with --follow-symlinks)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def walk_corpus(
    root: Path, follow_symlinks: bool = False
) -> tuple[list[SourceFile], list[FileReport]]:
    """Every input file under `root` (sorted by relative path) and reports for what was skipped.

    Hidden entries (".name") are ignored silently, as are `root/metadata.csv` and whatever
    matches a pattern of `root/.vnstdignore` (fnmatch globs on the relative path or the name,
    "#" comments; e.g. a README that describes the folder). Symbolic links are followed
    inside the folder; one that leads out of it is skipped with a report unless
    `follow_symlinks`. A folder is entered once (loops end) and a file is listed once (the
    first path in sorted order; later links to it are reported as skipped). Names that are
    not valid UTF-8 or hold control characters are skipped with a report, because they
    cannot be stored in the index or named in a URL; the report shows bad bytes as U+FFFD.
    """
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}")
    walk = _Walk(root, follow_symlinks)
    walk.visit(root, "")
    files = sorted(walk.files, key=lambda s: s.rel)
    return files, sorted(walk.reports, key=lambda r: r.rel)


class _Walk:
    """State of one corpus walk: folders and files already seen (by real path), results so far."""

    def __init__(self, root: Path, follow_symlinks: bool) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow_symlinks = follow_symlinks
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

    def _inside(self, path: str) -> bool:
        """Whether a path, links resolved, lies inside the corpus folder."""
        real = os.path.realpath(path)
        return real == self.real_root or real.startswith(self.real_root + os.sep)

    def _first_visit(self, folder: Path) -> bool:
        real = os.path.realpath(folder)
        if real in self.seen_dirs:
            return False
        self.seen_dirs.add(real)
        return True

    def _entry(self, entry: os.DirEntry[str], rel: str) -> None:
        if not _is_utf8(rel):
            self.reports.append(FileReport(_shown(rel), "skipped", NOT_UTF8_NAME))
        elif _CONTROL.search(rel):
            self.reports.append(FileReport(_CONTROL.sub("?", rel), "skipped", CONTROL_NAME))
        elif entry.is_symlink() and not self.follow_symlinks and not self._inside(entry.path):
            self.reports.append(FileReport(rel, "skipped", LEAVES_CORPUS))
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


def read_source(
    src: SourceFile,
    extractor: str = "pypdf",
    rejected: Mapping[str, str] | None = None,
    scans: Scans | None = None,
) -> list[RawDocument]:
    """The documents in one input file: one for a PDF / .md / .txt, one per record of a .jsonl
    (but the records whose id `rejected` maps to a reason: records.reject_ids); a PDF's
    pages without a text layer are read by `scans` (OCR) when given an engine."""
    if src.kind == "pdf":
        from indexer.ingest.extract import extract_pdf  # PDF libraries load only when needed

        return [extract_pdf(src.path, src.rel, extractor, scans)]
    if src.kind == "jsonl":
        return read_jsonl(src, rejected)
    return [read_text(src)]


def read_text(src: SourceFile) -> RawDocument:
    """A Markdown or plain-text file as one RawDocument with one unnumbered page."""
    text, warnings = decode_text(read_bytes(src.path, src.rel), src.rel)
    if not text.strip():
        raise ExtractionError(src.rel, "no text (only whitespace)")
    page = Page(None, text)
    return RawDocument(src.rel, src.rel, src.kind, (page,), warnings=tuple(warnings))
