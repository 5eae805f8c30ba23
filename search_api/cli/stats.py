"""What `vnstd stats` says about an index: a dict (`--json`) and the same for a person."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.text import embed
from search_api.reader import lookups
from search_api.reader.snapshot import Snapshot
from search_api.search.semantic import vector_status


def iso_utc(unix: float | None) -> str | None:
    """A Unix time as ISO 8601 in UTC ("2026-12-03T06:55:41Z"); None when unknown."""
    if not unix:
        return None
    return datetime.fromtimestamp(unix, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stats(snap: Snapshot, index: Path) -> dict[str, Any]:
    """Size, age, failures and build fingerprint of the generation being served."""
    manifest = snap.manifest
    failed = sorted((rel, entry.reason) for rel, entry in manifest.files.items() if not entry.ok)
    vectors = manifest.vectors
    return {
        "index": str(index),
        "generation": snap.generation,
        "clauses": lookups.clause_count(snap),
        "files": len(manifest.files),
        "failed": [rel for rel, _ in failed],
        **asdict(manifest.totals),
        "built_at": manifest.built_at or None,
        "fingerprint": dict(manifest.fingerprint),
        "built_at_utc": iso_utc(manifest.built_at),
        "failures": [{"file": rel, "reason": reason} for rel, reason in failed],
        "vectors": asdict(vectors) if vectors else None,
        # how far the clause vectors are (as /health says): a background-embedded build's
        # `vectors` is null, since its build embedded nothing
        "vector_progress": {"model": embed.MODEL, **asdict(vector_status(snap, load_model=False))},
    }


def _value(value: Any) -> str:
    return "none" if value in ("", None) else str(value)


def _progress(progress: dict[str, Any]) -> str:
    """ "complete: 7,289 of 7,289 clauses (model)", "filling: …", "off (why)"."""
    state, reason = progress["state"], progress.get("reason")
    if state in ("complete", "filling"):
        return (
            f"{state}: {progress['done']:,} of {progress['total']:,} clauses ({progress['model']})"
        )
    return f"{state} ({reason})" if reason else state


def stats_text(info: dict[str, Any]) -> str:
    """`vnstd stats` for a person: labelled lines, then the failed files one per line."""
    lines = [
        f"index:        {info['index']}",
        f"generation:   {info['generation']}",
        f"built:        {info['built_at_utc'] or 'unknown'}",
        f"files:        {info['files']} ({len(info['failures'])} failed)",
        f"documents:    {info['documents']}",
        f"pages:        {info['pages']}",
        f"clauses:      {info['clauses']}",
        "vectors:      " + _progress(info["vector_progress"]),
        "built with:   " + ", ".join(f"{k} {_value(v)}" for k, v in info["fingerprint"].items()),
    ]
    if info["failures"]:
        lines.append("failed files:")
        lines.extend(
            f"  {f['file']}: {f['reason'] or 'no reason recorded'}" for f in info["failures"]
        )
    return "\n".join(lines)
