"""`vnstd index | search | stats | check | embed | serve`: call, print (the parser is args.py). Every
error the project raises on purpose becomes a message and an exit code here (EXIT_CODES,
documented in the README)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict

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
from indexer.index import cluster
from indexer.index.build import build_index
from indexer.index.integrity import check_index
from search_api.cli.args import parser
from search_api.cli.background import BackgroundEmbedder
from search_api.cli.embedder import run_embedder
from search_api.cli.output import (
    broken_files,
    check_json,
    check_text,
    empty_result,
    report_text,
    result_json,
    result_text,
)
from search_api.cli.progress import make_progress
from search_api.cli.stats import stats, stats_text
from search_api.reader.engine import Engine
from search_api.reader.snapshot import Snapshot
from search_api.search.run import search
from search_api.web.app import serve
from search_api.web.settings import ReaderSettings, ServerSettings


class BrokenFilesError(VnstdError):
    """`vnstd index --strict`: the build was published, but a file failed or was skipped as
    broken."""


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
    BrokenFilesError: 10,
}
OTHER_ERROR = 1


def cmd_index(args: argparse.Namespace) -> int:
    settings = Settings.load(corpus=args.corpus, index=args.index, jobs=args.jobs,
                             extractor=args.extractor, semantic=args.semantic,
                             follow_symlinks=args.follow_symlinks, cluster=args.cluster)  # fmt: skip
    progress = make_progress(quiet=args.quiet or args.json)
    report = build_index(settings, rebuild=args.rebuild, progress=progress)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else report_text(report))
    broken = broken_files(report)
    if args.strict and broken:
        names = ", ".join(f.rel for f in broken[:3]) + (", …" if len(broken) > 3 else "")
        raise BrokenFilesError(
            f"--strict: {len(broken)} file(s) failed or were skipped as broken: {names}"
        )
    return 0


def _queries(args: argparse.Namespace) -> Iterator[str]:
    """The query, then each line of the --queries file ("" for a blank line: its answer
    keeps the place, so that the answers line up with the lines)."""
    if args.query is not None:
        yield args.query
    if args.queries is None:
        return
    try:
        fh = sys.stdin if str(args.queries) == "-" else open(args.queries, encoding="utf-8-sig")  # noqa: SIM115
    except OSError as exc:
        raise SettingsError(f"--queries: cannot read {args.queries}: {exc.strerror}") from None
    with fh:
        try:
            for line in fh:
                text = line.rstrip("\r\n")
                yield text if text.strip() else ""
        except UnicodeDecodeError:
            raise SettingsError(f"--queries: {args.queries} is not UTF-8 text") from None


def _answer(args: argparse.Namespace, text: str, settings: ReaderSettings, snap: Snapshot) -> str:
    """Print the answer to one query; in batch mode a refused query (too long) is answered
    in its place with no hits and the reason, which is returned ("" when answered)."""
    try:
        result = search(snap, text, size=args.limit, max_chars=settings.max_query_chars)
        error = ""
    except QueryError as exc:
        if args.queries is None:
            raise
        result, error = empty_result(text, args.limit), str(exc)
    if args.json:
        print(json.dumps(result_json(text, result, error), ensure_ascii=False))
    else:
        print(result_text(text, result, error))
    return error


def cmd_search(args: argparse.Namespace) -> int:
    settings = ReaderSettings.load(index=args.index)
    if args.query is None and args.queries is None:
        raise SettingsError("give a QUERY or --queries FILE")
    snap = Engine(settings.index).snapshot()
    refused = 0
    for number, text in enumerate(_queries(args), 0 if args.query is not None else 1):
        error = _answer(args, text, settings, snap)
        if error:
            refused += 1
            where = f"{args.queries}, line {number}" if number else "QUERY"
            print(f"vnstd: error: {where}: {error}", file=sys.stderr)
    return EXIT_CODES[QueryError] if refused else 0


def cmd_stats(args: argparse.Namespace) -> int:
    settings = ReaderSettings.load(index=args.index)
    info = stats(Engine(settings.index).snapshot(), settings.index)
    print(json.dumps(info, ensure_ascii=False) if args.json else stats_text(info))
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


def cmd_embed(args: argparse.Namespace) -> int:
    root = ReaderSettings.load(index=args.index).index
    quiet = args.json or bool(args.background)
    if args.cluster:
        cluster.require()
    report = run_embedder(root, args.background, make_progress(quiet=quiet), args.cluster)
    if args.json:
        print(json.dumps(asdict(report)))
    elif not args.background:
        print(f"vectors: {report.state}, {report.embedded} embedded ({report.total} clauses)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = ServerSettings.load(index=args.index, corpus=args.corpus, host=args.host,
                                   port=args.port, workers=args.workers)  # fmt: skip
    embedder = BackgroundEmbedder(settings.index) if settings.semantic is not False else None
    if embedder is not None:
        embedder.start()
    try:
        serve(settings)
    finally:
        if embedder is not None:
            embedder.stop()
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "index": cmd_index, "search": cmd_search, "stats": cmd_stats, "check": cmd_check,
    "embed": cmd_embed, "serve": cmd_serve,
}  # fmt: skip


def exit_code(exc: VnstdError) -> int:
    """The exit code of an error (EXIT_CODES; OTHER_ERROR for any other)."""
    return next((code for cls, code in EXIT_CODES.items() if isinstance(exc, cls)), OTHER_ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vnstd` console script; returns the exit code."""
    try:
        try:
            args = parser().parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a bad argument (argparse said which)
            return exc.code if isinstance(exc.code, int) else 0
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
