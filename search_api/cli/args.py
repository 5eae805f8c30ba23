"""The `vnstd` command line: its subcommands and flags. Numbers are checked here, so that a
bad one stops the command at once with argparse's usage line and exit code 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from search_api.web.service import version

MAX_LIMIT = 1000  # hits per query: the most VNSTD_MAX_PAGE_SIZE may be (ServerSettings)
MAX_JOBS = 256  # worker processes of a build
MAX_WORKERS = 64  # server processes (ServerSettings.workers)


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {value}")
        return value

    return parse


def parser() -> argparse.ArgumentParser:
    """The command line; flags left out take their value from VNSTD_* or the default."""
    p = argparse.ArgumentParser(
        prog="vnstd", description="Search Vietnamese standards (QCVN, TCVN)."
    )
    p.add_argument("--version", action="version", version=f"vnstd {version()}")
    sub = p.add_subparsers(dest="command", required=True)
    _index(sub.add_parser("index", help="build or update an index from a corpus folder"))
    se = sub.add_parser("search", help="search an index")
    se.add_argument("query", nargs="?")
    se.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    se.add_argument("--limit", type=whole_number(1, MAX_LIMIT), default=10,
                    help=f"hits per query, 1 to {MAX_LIMIT} (default 10)")  # fmt: skip
    se.add_argument("--queries", type=Path,
                    help="file with one query a line ('-': standard input); one answer per line")  # fmt: skip
    se.add_argument("--json", action="store_true", help="one JSON line per query")
    st = sub.add_parser("stats", help="describe an index")
    st.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    st.add_argument("--json", action="store_true", help="print JSON")
    ck = sub.add_parser("check", help="verify an index's files against their checksums")
    ck.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    ck.add_argument("--json", action="store_true", help="print JSON")
    em = sub.add_parser("embed", help="embed now the clause vectors the index still lacks")
    em.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    em.add_argument("--json", action="store_true", help="print the report as JSON (no progress)")
    em.add_argument("--cluster", metavar="ADDRESS",
                    help="embed on the workers of this Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                    "(the `cluster` extra; docs/scaling.md)")  # fmt: skip
    em.add_argument("--background", type=int, default=0, metavar="PID", help=argparse.SUPPRESS)
    sv = sub.add_parser("serve", help="serve the search page and API")
    sv.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    sv.add_argument("--corpus", type=Path, help="corpus folder, for old indexes (VNSTD_CORPUS)")
    sv.add_argument("--host", help="address to listen on (VNSTD_HOST)")
    sv.add_argument("--port", type=whole_number(0, 65535), help="TCP port (VNSTD_PORT)")
    sv.add_argument("--workers", type=whole_number(1, MAX_WORKERS),
                    help=f"server processes, 1 to {MAX_WORKERS} (VNSTD_WORKERS)")  # fmt: skip
    return p


def _index(ix: argparse.ArgumentParser) -> None:
    """The flags of `vnstd index`."""
    ix.add_argument("corpus", nargs="?", type=Path, help="folder of documents (VNSTD_CORPUS)")
    ix.add_argument("--index", type=Path, help="index directory (VNSTD_INDEX)")
    ix.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    ix.add_argument("--jobs", type=whole_number(0, MAX_JOBS),
                    help=f"worker processes, 0 to {MAX_JOBS}; 0 = one per CPU (VNSTD_JOBS)")  # fmt: skip
    ix.add_argument("--extractor", choices=("pypdf", "pdfium"), help="PDF text extractor")
    ix.add_argument("--semantic", action=argparse.BooleanOptionalAction, default=None,
                    help="embed the clause vectors now; --no-semantic: none, lexical ranking "
                    "only (default: `vnstd serve` embeds them in the background)")  # fmt: skip
    ix.add_argument("--cluster", metavar="ADDRESS",
                    help="run the per-file work on the Dask scheduler at tcp://HOST:PORT "
                    "(the `cluster` extra; docs/scaling.md) (VNSTD_CLUSTER)")  # fmt: skip
    ix.add_argument("--follow-symlinks", action="store_true", default=None,
                    help="also index files that symbolic links bring in from outside the corpus")  # fmt: skip
    ix.add_argument("--strict", action="store_true",
                    help="exit 10 when a file failed or was skipped as broken")  # fmt: skip
    ix.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    ix.add_argument("--json", action="store_true", help="print the report as JSON (no progress)")
