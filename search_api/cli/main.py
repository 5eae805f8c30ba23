"""`vnstd index | search | stats | serve`: parse, call, print. Every error the project raises
on purpose becomes a message and an exit code here (EXIT_CODES, documented in the README)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from indexer.config import Settings
from indexer.errors import (
    CorpusError,
    IndexBuildError,
    IndexDamagedError,
    IndexFormatError,
    IndexLockedError,
    IndexNotFoundError,
    MetadataError,
    QueryError,
    SettingsError,
    VnstdError,
)
from indexer.index.build import build_index
from indexer.index.integrity import check_index
from search_api.cli.output import (
    TerminalProgress,
    check_json,
    check_text,
    report_text,
    result_json,
    result_text,
)
from search_api.cli.stats import stats
from search_api.reader.engine import Engine
from search_api.search.run import search
from search_api.web.app import serve
from search_api.web.settings import ReaderSettings, ServerSettings

# the most specific class first: an error takes the code of the first class it is an instance of
EXIT_CODES: dict[type[VnstdError], int] = {
    SettingsError: 2,
    CorpusError: 3,
    IndexNotFoundError: 4,
    IndexFormatError: 4,
    IndexLockedError: 5,
    IndexBuildError: 6,
    QueryError: 7,
    MetadataError: 8,
    IndexDamagedError: 9,
}
OTHER_ERROR = 1


def parser() -> argparse.ArgumentParser:
    """The command line; flags left out take their value from VNSTD_* or the default."""
    p = argparse.ArgumentParser(
        prog="vnstd", description="Search Vietnamese standards (QCVN, TCVN)."
    )
    sub = p.add_subparsers(dest="command", required=True)
    ix = sub.add_parser("index", help="build or update an index from a corpus folder")
    ix.add_argument("corpus", nargs="?", type=Path, help="folder of documents (VNSTD_CORPUS)")
    ix.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    ix.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    ix.add_argument("--jobs", type=int, help="worker processes, 0 = one per CPU (VNSTD_JOBS)")
    ix.add_argument("--extractor", choices=("pypdf", "pdfium"), help="PDF text extractor")
    ix.add_argument("--semantic", action=argparse.BooleanOptionalAction, default=None,
                    help="also store clause vectors for semantic ranking (the `semantic` extra)")  # fmt: skip
    ix.add_argument("--follow-symlinks", action="store_true", default=None,
                    help="also index files that symbolic links bring in from outside the corpus")  # fmt: skip
    ix.add_argument("--json", action="store_true", help="print the report as JSON")
    se = sub.add_parser("search", help="search an index")
    se.add_argument("query", nargs="?")
    se.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    se.add_argument("--limit", type=int, default=10, help="hits per query")
    se.add_argument("--queries", type=Path, help="file with one query a line")
    se.add_argument("--json", action="store_true", help="one JSON line per query")
    st = sub.add_parser("stats", help="describe an index")
    st.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    st.add_argument("--json", action="store_true", help="print JSON")
    ck = sub.add_parser("check", help="verify an index's files against their checksums")
    ck.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    ck.add_argument("--json", action="store_true", help="print JSON")
    sv = sub.add_parser("serve", help="serve the search page and API")
    sv.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    sv.add_argument("--corpus", type=Path, help="corpus folder, for old indexes (VNSTD_CORPUS)")
    sv.add_argument("--host", help="address to listen on (VNSTD_HOST)")
    sv.add_argument("--port", type=int, help="TCP port (VNSTD_PORT)")
    sv.add_argument("--workers", type=int, help="server processes (VNSTD_WORKERS)")
    return p


def cmd_index(args: argparse.Namespace) -> int:
    settings = Settings.load(corpus=args.corpus, index=args.index, jobs=args.jobs,
                             extractor=args.extractor, semantic=args.semantic,
                             follow_symlinks=args.follow_symlinks)  # fmt: skip
    progress = TerminalProgress(enabled=False if args.json else None)
    report = build_index(settings, rebuild=args.rebuild, progress=progress)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else report_text(report))
    return 0


def _queries(args: argparse.Namespace) -> Iterator[str]:
    if args.query is not None:
        yield args.query
    if args.queries is not None:
        with open(args.queries, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield line.rstrip("\n")


def cmd_search(args: argparse.Namespace) -> int:
    settings = ReaderSettings.load(index=args.index)
    if args.query is None and args.queries is None:
        raise SettingsError("give a QUERY or --queries FILE")
    snap = Engine(settings.index).snapshot()
    for text in _queries(args):
        result = search(snap, text, size=args.limit, max_chars=settings.max_query_chars)
        if args.json:
            print(json.dumps(result_json(text, result), ensure_ascii=False))
        else:
            print(result_text(text, result))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    settings = ReaderSettings.load(index=args.index)
    info = stats(Engine(settings.index).snapshot(), settings.index)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        print("\n".join(f"{k}: {v}" for k, v in info.items()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = ReaderSettings.load(index=args.index)
    found = check_index(settings.index)
    if not found:
        raise IndexNotFoundError(f"no index at {settings.index}")
    print(check_json(settings.index, found) if args.json else check_text(found))
    current = next((g for g in found if g.current), None)
    if current is None or not current.ok:
        why = "; ".join(current.problems) if current else "no current generation"
        raise IndexDamagedError(f"the current generation is damaged: {why}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    serve(ServerSettings.load(index=args.index, corpus=args.corpus, host=args.host,
                              port=args.port, workers=args.workers))  # fmt: skip
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "index": cmd_index, "search": cmd_search, "stats": cmd_stats, "check": cmd_check,
    "serve": cmd_serve,
}  # fmt: skip


def exit_code(exc: VnstdError) -> int:
    """The exit code of an error (EXIT_CODES; OTHER_ERROR for any other)."""
    return next((code for cls, code in EXIT_CODES.items() if isinstance(exc, cls)), OTHER_ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vnstd` console script; returns the exit code."""
    try:
        args = parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except VnstdError as exc:
        print(f"vnstd: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except BrokenPipeError:  # `vnstd search … | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("vnstd: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
