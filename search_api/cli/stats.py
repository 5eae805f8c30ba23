"""What `vnstd stats` says about an index."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from search_api.reader import lookups
from search_api.reader.snapshot import Snapshot


def stats(snap: Snapshot, index: Path) -> dict[str, Any]:
    """Size, age, failures and build fingerprint of the generation being served."""
    manifest = snap.manifest
    return {
        "index": str(index),
        "generation": snap.generation,
        "clauses": lookups.clause_count(snap),
        "files": len(manifest.files),
        "failed": sorted(rel for rel, entry in manifest.files.items() if not entry.ok),
        **asdict(manifest.totals),
        "built_at": manifest.built_at or None,
        "fingerprint": dict(manifest.fingerprint),
    }
