"""The one place that decides which file on disk may be served, and as what."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from indexer.index.manifest import CatalogEntry, Manifest

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".md": "text/plain; charset=utf-8",  # shown inline as text, never rendered as HTML
    ".txt": "text/plain; charset=utf-8",
}


def servable_path(manifest: Manifest, entry: CatalogEntry, fallback: Path | None) -> Path | None:
    """The file of a catalog entry if it lies inside the indexed corpus folder, else None.

    The path comes from the manifest (never from the request); it must be relative,
    without `..`, and still inside the corpus once symlinks are resolved.
    """
    rel = entry.file
    if entry.kind == "jsonl" or not rel:
        return None
    parts = PurePosixPath(rel)
    if parts.is_absolute() or ".." in parts.parts or "\\" in rel or "\x00" in rel:
        return None
    root = manifest.corpus or fallback  # the indexed folder; --corpus only for old manifests
    if not root:
        return None
    try:
        base = Path(root).resolve(strict=True)
        target = (base / parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return target if target.is_relative_to(base) and target.is_file() else None


def media_type(path: Path) -> str:
    """The Content-Type a served file gets."""
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
