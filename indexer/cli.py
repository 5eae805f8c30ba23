"""`vnstd` command line: index | search | stats | serve. Thin: parse, call, print."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from indexer.config import Settings, SettingsError, settings_from_env
from indexer.errors import (
    CorpusError,
    IndexBuildError,
    IndexLockedError,
    IndexNotFoundError,
    QueryError,
    VnstdError,
)

EXIT_CODES: dict[type[BaseException], int] = {
    SettingsError: 2,
    CorpusError: 3,
    IndexNotFoundError: 4,
    IndexLockedError: 5,
    IndexBuildError: 6,
    QueryError: 7,
}


def _parser(settings: Settings) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vnstd", description="Search Vietnamese standards (QCVN, TCVN)."
    )
    sub = p.add_subparsers(dest="command", required=True)
    ix = sub.add_parser("index", help="build or update an index from a corpus folder")
    ix.add_argument("corpus", nargs="?", type=Path, default=settings.corpus)
    ix.add_argument("--index", type=Path, default=settings.index)
    ix.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    ix.add_argument("--jobs", type=int, default=settings.jobs, help="worker processes (0 = CPUs)")
    ix.add_argument("--extractor", choices=("pypdf", "pdfium"), default=settings.extractor)
    ix.add_argument(
        "--semantic",
        action=argparse.BooleanOptionalAction,
        default=settings.semantic,
        help="also store clause vectors for semantic ranking (needs the `semantic` extra)",
    )
    ix.add_argument("--json", action="store_true", help="print the report as JSON")
    se = sub.add_parser("search", help="search an index")
    se.add_argument("query", nargs="?")
    se.add_argument("--index", type=Path, default=settings.index)
    se.add_argument("--limit", type=int, default=10)
    se.add_argument("--queries", type=Path, help="file with one query a line")
    se.add_argument("--json", action="store_true", help="one JSON line per query")
    st = sub.add_parser("stats", help="describe an index")
    st.add_argument("--index", type=Path, default=settings.index)
    st.add_argument("--json", action="store_true")
    sv = sub.add_parser("serve", help="serve the search page and API")
    sv.add_argument("--index", type=Path, default=settings.index)
    sv.add_argument("--corpus", type=Path, default=settings.corpus)
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--workers", type=int, default=1)
    return p


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.build import build_index

    settings = settings.with_(jobs=args.jobs, extractor=args.extractor, semantic=args.semantic)
    report = build_index(
        args.corpus,
        args.index,
        settings,
        rebuild=args.rebuild,
        progress=None if not args.json else False,
    )
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(report.format_text())
    return 0


def hit_json(hit: Any) -> dict[str, Any]:
    """The CLI's JSON shape of a hit (other tools rely on it)."""
    keys = (
        "doc_id",
        "file",
        "code",
        "title",
        "clause",
        "heading",
        "page",
        "page_end",
        "score",
        "snippet",
    )
    data = asdict(hit)
    return {k: data[k] for k in keys}


def _queries(args: argparse.Namespace) -> Iterator[str]:
    if args.query is not None:
        yield args.query
    if args.queries is not None:
        with open(args.queries, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield line.rstrip("\n")


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.engine import Engine

    if args.query is None and args.queries is None:
        raise SettingsError("give a QUERY or --queries FILE")
    snap = Engine(args.index).snapshot()
    for text in _queries(args):
        result = snap.search(text, size=args.limit, max_chars=settings.max_query_chars)
        if args.json:
            print(
                json.dumps(
                    {"query": text, "hits": [hit_json(h) for h in result.hits]}, ensure_ascii=False
                )
            )
            continue
        print(f"# {text}  ({result.total} clauses, {result.took_ms:.0f} ms)")
        for i, h in enumerate(result.hits, 1):
            where = f"p. {h.page}" if h.page else ""
            print(f"{i:2}. [{h.score:.2f}] {h.code or h.doc_id} {h.clause} {h.heading} {where}")
    return 0


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.engine import Engine

    snap = Engine(args.index).snapshot()
    manifest = snap.manifest
    files = manifest.get("files", {})
    info = {
        "index": str(args.index),
        "generation": snap.generation,
        "clauses": snap.searcher.doc_count(),
        "files": len(files),
        "failed": sorted(k for k, v in files.items() if not v.get("ok", True)),
        **manifest.get("totals", {}),
        "built_at": manifest.get("built_at"),
        "fingerprint": manifest.get("fingerprint", {}),
    }
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        for k, v in info.items():
            print(f"{k}: {v}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from search_api.main import serve

    serve(args.index, args.corpus, host=args.host, port=args.port, workers=args.workers)
    return 0


COMMANDS = {"index": cmd_index, "search": cmd_search, "stats": cmd_stats, "serve": cmd_serve}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vnstd` console script; returns the exit code."""
    try:
        settings = settings_from_env()
        args = _parser(settings).parse_args(argv)
        return COMMANDS[args.command](args, settings)
    except VnstdError as exc:
        print(f"vnstd: error: {exc}", file=sys.stderr)
        return next((code for cls, code in EXIT_CODES.items() if isinstance(exc, cls)), 1)
    except BrokenPipeError:  # `vnstd search … | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("vnstd: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
