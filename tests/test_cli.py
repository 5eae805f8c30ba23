"""The `vnstd` command line: settings from flags and the environment, every error translated
into its documented exit code and a one-line message, and batch work: answers that line up
with the queries, --strict, checked numbers, stats for people, progress in logs, the build
lock, --version and a quiet install."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import zero_byte_pdf

from search_api.cli import main as cli
from search_api.cli.args import MAX_LIMIT
from search_api.cli.progress import LineProgress, shorten
from search_api.web.settings import ServerSettings

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus" / "QCVN_47_2015_BTTTT.pdf"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(SAMPLE, corpus / SAMPLE.name)
    return corpus


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """(exit code, stderr) of `vnstd ARGS`."""
    code = cli.main(list(args))
    return code, capsys.readouterr().err


def run_out(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `vnstd ARGS`."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def vnstd(*args: str, stdin: str | None = None, tz: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m search_api ARGS` in a real process, stdout and stderr piped (`stdin`: its
    standard input; `tz`: its local time zone)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"TZ": tz} if tz else {})}
    return subprocess.run(
        [sys.executable, "-m", "search_api", *args],
        cwd=REPO, env=env, input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the one sample PDF (built once for the module)."""
    tmp = tmp_path_factory.mktemp("cli-index")
    assert cli.main(["index", str(_corpus(tmp)), "--index", str(tmp / "ix"), "--json"]) == 0
    return tmp / "ix"


def test_a_bad_metadata_csv_exits_8_naming_the_line_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a metadata.csv with a bad year on line 3 WHEN indexing THEN exit 8, the message
    names the file and the line, and no index is made."""
    corpus = _corpus(tmp_path)
    (corpus / "metadata.csv").write_text("file,year\nx.pdf,2015\ny.pdf,MMXV\n", encoding="utf-8")
    code, err = run(capsys, "index", str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 8
    assert "metadata.csv, line 3: year 'MMXV'" in err and "Traceback" not in err
    assert not (tmp_path / "ix" / "current").exists()


def test_a_missing_extractor_exits_2_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN pypdfium2 is not installed WHEN indexing with --extractor pdfium THEN exit 2 with
    the install hint, before a file is read or an index directory made."""
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    code, err = run(capsys, "index", str(_corpus(tmp_path)), "--index", str(tmp_path / "ix"),
                    "--extractor", "pdfium")  # fmt: skip
    assert code == 2 and "pip install 'vnstd[pdfium]'" in err
    assert not (tmp_path / "ix").exists()


@pytest.mark.parametrize(
    ("env", "args", "named"),
    [
        ({"VNSTD_JOBS": "-3"}, [], "VNSTD_JOBS"),
        ({}, ["--jobs", "-3"], "--jobs"),
        ({"VNSTD_PASSAGE_CHARS": "many"}, [], "VNSTD_PASSAGE_CHARS"),
    ],
)
def test_a_bad_setting_exits_2_naming_where_it_came_from(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    args: list[str],
    named: str,
) -> None:
    """GIVEN a bad value in the environment or a flag WHEN indexing THEN exit 2 and the
    message names the variable or the flag."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, err = run(capsys, "index", str(tmp_path), "--index", str(tmp_path / "ix"), *args)
    assert code == 2 and named in err


def test_a_missing_corpus_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GIVEN no corpus folder WHEN indexing THEN exit 3 and the folder is named."""
    code, err = run(capsys, "index", str(tmp_path / "nowhere"), "--index", str(tmp_path / "ix"))
    assert code == 3 and "nowhere" in err


def test_searching_a_damaged_index_exits_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN an index whose only generation has a damaged table of contents WHEN searching or
    asking for stats THEN exit 4 with the reason, no traceback."""
    index = tmp_path / "ix"
    assert run(capsys, "index", str(_corpus(tmp_path)), "--index", str(index), "--json")[0] == 0
    for toc in (index / "current").resolve().glob("*.toc"):
        toc.write_bytes(b"\x00" * 16)
    for args in (["search", "--index", str(index), "phát xạ"], ["stats", "--index", str(index)]):
        code, err = run(capsys, *args)
        assert code == 4 and "cannot open the index" in err and "Traceback" not in err


def test_serve_gets_its_settings_as_an_argument_not_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN `vnstd serve` flags and VNSTD_* variables WHEN it starts THEN the server receives
    one ServerSettings (flags over variables) and the process environment is unchanged."""
    received: list[ServerSettings] = []
    monkeypatch.setattr(cli, "serve", received.append)
    monkeypatch.setenv("VNSTD_MAX_PAGE_SIZE", "20")
    monkeypatch.setenv("VNSTD_PORT", "9000")
    before = dict(os.environ)
    code = cli.main(["serve", "--index", str(tmp_path), "--port", "8123", "--workers", "2"])
    assert code == 0 and dict(os.environ) == before
    (settings,) = received
    assert (settings.index, settings.port, settings.workers) == (tmp_path, 8123, 2)
    assert settings.max_page_size == 20


def test_serve_refuses_a_bad_port(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GIVEN a port out of range WHEN serving THEN exit 2 naming --port."""
    code, err = run(capsys, "serve", "--index", str(tmp_path), "--port", "70000")
    assert code == 2 and "--port" in err


# --- batch work (issue "Truthful results", item 5) --------------------------------------------


def test_batch_queries_answer_every_line_in_order_blank_lines_included(
    small_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a queries file with blank and whitespace-only lines and a CRLF ending WHEN
    searching it THEN exactly one JSON line per input line, in order, a blank line answered
    with query "" and no hits; the text mode has one "# query" line per input line."""
    lines = ["phát xạ giả", "", "   ", "QCVN 47:2015/BTTTT"]
    queries = tmp_path / "q.txt"
    queries.write_bytes(("\n".join(lines[:3]) + "\n" + lines[3] + "\r\n").encode())
    code, out, _ = run_out(capsys, "search", "--index", str(small_index), "--queries",
                           str(queries), "--json")  # fmt: skip
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [a["query"] for a in answers] == ["phát xạ giả", "", "", lines[3]]
    assert answers[0]["hits"] and answers[3]["hits"]
    assert answers[1] == answers[2] == {"query": "", "hits": []}
    code, out, _ = run_out(capsys, "search", "--index", str(small_index), "--queries", str(queries))
    heads = [line for line in out.splitlines() if line.startswith("#")]
    assert code == 0 and len(heads) == 4 and heads[0].startswith("# phát xạ giả")
    assert heads[1].startswith("#   (0 clauses") and heads[2].startswith("#   (0 clauses")


def test_an_unmatched_phrase_is_said_in_json_and_text(
    small_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a quoted phrase no clause has WHEN searching THEN its words are searched and
    both outputs say which phrase matched nothing; a query without one has no such key."""
    code, out, _ = run_out(capsys, "search", "--index", str(small_index), '"xạ phát giả"', "--json")
    answer = json.loads(out)
    assert code == 0 and answer["hits"] and answer["unmatched_phrases"] == ["xạ phát giả"]
    code, out, _ = run_out(capsys, "search", "--index", str(small_index), "phát xạ giả", "--json")
    assert code == 0 and "unmatched_phrases" not in json.loads(out)
    code, out, _ = run_out(capsys, "search", "--index", str(small_index), '"xạ phát giả"')
    assert code == 0 and '# no clause has the phrase "xạ phát giả"' in out.splitlines()[1]


def test_a_refused_query_in_a_batch_keeps_its_place_and_exits_7(
    small_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN queries on standard input, one longer than VNSTD_MAX_QUERY_CHARS WHEN searching
    them THEN every line is answered in order, the long one with no hits and the reason, the
    others as usual; stderr names the line and the exit code is 7."""
    monkeypatch.setenv("VNSTD_MAX_QUERY_CHARS", "20")
    done = vnstd("search", "--index", str(small_index), "--queries", "-", "--json",
                 stdin="phát xạ\n" + "x" * 30 + "\n\n")  # fmt: skip
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 7 and [a["query"] for a in answers] == ["phát xạ", "x" * 30, ""]
    assert answers[0]["hits"] and answers[1]["hits"] == [] and "too long" in answers[1]["error"]
    assert "error" not in answers[0] and "line 2: query too long" in done.stderr


def test_a_missing_queries_file_exits_2(
    small_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN --queries naming no file WHEN searching THEN exit 2 naming the flag, no traceback."""
    code, err = run(capsys, "search", "--index", str(small_index), "--queries",
                    str(tmp_path / "none.txt"))  # fmt: skip
    assert code == 2 and "--queries" in err and "none.txt" in err and "Traceback" not in err


def test_strict_index_exits_10_when_a_file_is_broken_and_only_then(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a corpus with a file of an unsupported type (skipped by choice) WHEN indexing
    with --strict THEN exit 0; GIVEN then an empty PDF (fails), or a broken symbolic link
    THEN --strict exits 10 naming it, and without --strict the same build exits 0."""
    corpus, index = _corpus(tmp_path), str(tmp_path / "ix")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    assert run(capsys, "index", str(corpus), "--index", index, "--strict")[0] == 0
    zero_byte_pdf(corpus)
    code, err = run(capsys, "index", str(corpus), "--index", index, "--strict")
    assert code == 10 and "1 file(s) failed or were skipped as broken: empty.pdf" in err
    assert run(capsys, "index", str(corpus), "--index", index)[0] == 0
    (corpus / "empty.pdf").unlink()
    (corpus / "gone.pdf").symlink_to(corpus / "nowhere.pdf")
    code, err = run(capsys, "index", str(corpus), "--index", index, "--strict", "--json")
    assert code == 10 and "gone.pdf" in err
    assert run(capsys, "index", str(corpus), "--index", index, "--json")[0] == 0


def test_version_prints_the_installed_distributions_version() -> None:
    """GIVEN the installed vnstd WHEN running `vnstd --version` THEN it prints "vnstd X.Y.Z"
    (the distribution's version) and exits 0."""
    from importlib.metadata import version

    done = vnstd("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"vnstd {version('vnstd')}"
    assert re.fullmatch(r"vnstd \d+\.\d+\.\d+\S*", done.stdout.strip())


def test_stats_is_for_people_by_default_and_json_keeps_its_fields(tmp_path: Path) -> None:
    """GIVEN an index with a failed file, in a process whose local time zone is not UTC WHEN
    asking for stats THEN labelled lines: the build time in ISO 8601 UTC (the same instant as
    the JSON's built_at), the counts, the failed file with its reason on its own line, no Python
    lists or dicts; --json keeps its earlier fields and meanings and adds new ones."""
    from datetime import UTC, datetime

    corpus, index = _corpus(tmp_path), str(tmp_path / "ix")
    zero_byte_pdf(corpus)
    assert vnstd("index", str(corpus), "--index", index, "--quiet").returncode == 0
    text = vnstd("stats", "--index", index, tz="Asia/Ho_Chi_Minh")
    machine = vnstd("stats", "--index", index, "--json")
    info = json.loads(machine.stdout)
    assert info["failed"] == ["empty.pdf"] and info["files"] == 2 and info["documents"] == 1
    assert isinstance(info["built_at"], float) and set(info["fingerprint"]) >= {"schema"}
    built = datetime.fromtimestamp(info["built_at"], tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert info["built_at_utc"] == built and info["failures"][0]["file"] == "empty.pdf"
    lines = text.stdout.splitlines()
    assert text.returncode == 0 and f"built:        {built}" in lines
    assert "files:        2 (1 failed)" in lines and "documents:    1" in lines
    assert (
        lines[-2] == "failed files:"
        and lines[-1] == f"  empty.pdf: {info['failures'][0]['reason']}"
    )
    assert info["failures"][0]["reason"] and not re.search(r"[\[\]{}]|'", text.stdout)
    # the build left its vectors to the background embedder: stats says how far they are
    progress = info["vector_progress"]
    assert progress["state"] in {"filling", "complete", "off", "unavailable"}
    if progress["state"] in {"filling", "complete"}:
        assert progress["total"] == info["clauses"] and 0 <= progress["done"] <= progress["total"]
        assert f"{progress['state']}: {progress['done']:,} of {progress['total']:,}" in text.stdout


@pytest.mark.parametrize(
    ("args", "flag", "says"),
    [
        (["search", "x", "--limit", "0"], "--limit", "must be from 1 to 1000, not 0"),
        (["search", "x", "--limit", "-5"], "--limit", "not -5"),
        (["search", "x", "--limit", "1001"], "--limit", "not 1001"),
        (["search", "x", "--limit", "ten"], "--limit", "'ten' is not a whole number"),
        (["index", "--jobs", "-1"], "--jobs", "must be from 0 to 256, not -1"),
        (["index", "--jobs", "100000"], "--jobs", "not 100000"),
        (["serve", "--workers", "0"], "--workers", "must be from 1 to 64, not 0"),
        (["serve", "--port", "-1"], "--port", "must be from 0 to 65535"),
    ],
)
def test_bad_numbers_are_refused_by_the_parser_with_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], flag: str, says: str
) -> None:
    """GIVEN a number flag out of its documented range WHEN running THEN argparse's usage
    and a message naming the flag and the range, exit 2, before anything is opened."""
    code, err = run(capsys, *args)
    assert code == 2 and err.startswith("usage: vnstd") and f"argument {flag}: " in err
    assert says in err and "Traceback" not in err


def test_the_largest_limit_is_the_largest_page_size_the_server_allows(
    small_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN --limit at its maximum WHEN searching THEN it works, and that maximum is the
    largest VNSTD_MAX_PAGE_SIZE the server accepts."""
    from indexer.errors import SettingsError

    assert MAX_LIMIT == 1000 and ServerSettings(max_page_size=MAX_LIMIT).max_page_size == MAX_LIMIT
    with pytest.raises(SettingsError):
        ServerSettings(max_page_size=MAX_LIMIT + 1)
    code, out, _ = run_out(capsys, "search", "--index", str(small_index), "--limit", "1000",
                           "--json", "phát xạ")  # fmt: skip
    assert code == 0 and json.loads(out)["hits"]


def test_a_failed_start_leaves_no_build_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a missing corpus folder WHEN indexing THEN exit 3 and no index folder or lock is
    made; GIVEN a metadata.csv that stops the build after the lock is taken THEN exit 8 and
    no lock is left; a following valid build works and leaves no lock either."""
    index = tmp_path / "ix"
    assert run(capsys, "index", str(tmp_path / "nowhere"), "--index", str(index))[0] == 3
    assert not index.exists()
    corpus = _corpus(tmp_path)
    (corpus / "metadata.csv").write_text("file,year\nx.pdf,MMXV\n", encoding="utf-8")
    assert run(capsys, "index", str(corpus), "--index", str(index))[0] == 8
    assert not (index / "build.lock").exists()
    (corpus / "metadata.csv").unlink()
    assert run(capsys, "index", str(corpus), "--index", str(index))[0] == 0
    assert (index / "current").is_symlink() and not (index / "build.lock").exists()


def test_a_held_build_lock_still_refuses_a_second_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN another process holding the build lock WHEN indexing THEN exit 5 naming its pid,
    and the holder's lock file is left to it; once it is done the file is gone."""
    index = tmp_path / "ix"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from indexer.index.store import build_lock\n"
         f"with build_lock(Path({str(index)!r})):\n print('held', flush=True); sys.stdin.read()"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        code, err = run(capsys, "index", str(_corpus(tmp_path)), "--index", str(index))
        assert code == 5 and f"pid {holder.pid}" in err and (index / "build.lock").exists()
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0 and not (index / "build.lock").exists()


def _deep_corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    """Two sample PDFs in folders deep enough that a 40-character cut would lose their names."""
    corpus = tmp_path / "corpus"
    rels = [
        "quy-chuan-ky-thuat-quoc-gia/bo-thong-tin-va-truyen-thong/2015/QCVN_47_2015_BTTTT.pdf",
        "quy-chuan-ky-thuat-quoc-gia/bo-thong-tin-va-truyen-thong/2022/QCVN_18_2022_BTTTT.pdf",
    ]
    for rel in rels:
        (corpus / rel).parent.mkdir(parents=True)
        shutil.copy2(REPO / "corpus" / rel.rsplit("/", 1)[1], corpus / rel)
    return corpus, rels


def test_progress_in_a_pipe_is_plain_lines_naming_whole_files(tmp_path: Path) -> None:
    """GIVEN a build whose stderr is a pipe WHEN it runs THEN progress comes as plain lines
    (no carriage return, no escape sequence), the first and the last file each named by its
    whole path; with --quiet stderr stays empty."""
    corpus, rels = _deep_corpus(tmp_path)
    done = vnstd("index", str(corpus), "--index", str(tmp_path / "ix"), "--jobs", "1")
    assert done.returncode == 0 and "\r" not in done.stderr and "\x1b" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("index: ") for line in lines)
    assert {line.rsplit(" ", 1)[1] for line in lines} == set(rels)
    assert lines[1].startswith("index: 2/2 (100%) ")
    quiet = vnstd("index", str(corpus), "--index", str(tmp_path / "ix2"), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_progress_on_a_terminal_is_a_bar_keeping_the_file_name(tmp_path: Path) -> None:
    """GIVEN a build whose stderr is a terminal WHEN it runs THEN a bar redrawn in place, and
    the file names are whole even where their folders are shortened."""
    corpus, rels = _deep_corpus(tmp_path)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_api", "index", str(corpus), "--index",
         str(tmp_path / "ix"), "--jobs", "1"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=follower, text=True,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    while select.select([leader], [], [], 300)[0]:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.wait(timeout=300) == 0
    shown = seen.decode()
    assert "\rindex [" in shown and "2/2" in shown
    for rel in rels:
        assert rel.rsplit("/", 1)[1] in shown and rel not in shown  # name whole, folder cut


def test_plain_progress_lines_are_throttled() -> None:
    """GIVEN plain progress with a 5 s interval WHEN 100 steps come within one second, then
    one 6 s later, then the last THEN lines for the first step, the late one and the last."""
    now = [0.0]
    stream = io.StringIO()
    progress = LineProgress(stream, interval=5.0, clock=lambda: now[0])
    progress.start("index", 102)
    for i in range(100):
        now[0] = i / 100
        progress.step(f"f{i}.pdf")
    now[0] = 7.0
    progress.step("late.pdf")
    progress.step("last.pdf")
    progress.finish()
    names = [line.rsplit(" ", 1)[1] for line in stream.getvalue().splitlines()]
    assert names == ["f0.pdf", "late.pdf", "last.pdf"]


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("QCVN_47_2015_BTTTT.pdf", "QCVN_47_2015_BTTTT.pdf"),
        (
            "quy-chuan/bo-thong-tin-va-truyen-thong/2015/QCVN_47.pdf",
            "quy-chuan/bo-…yen-thong/2015/QCVN_47.pdf",
        ),
        ("a/" + "n" * 50 + ".pdf", "…/" + "n" * 50 + ".pdf"),
    ],
)
def test_shortened_names_keep_the_file_name_whole(label: str, shown: str) -> None:
    """GIVEN a long path WHEN shortened for the bar THEN the middle of the folder goes, never
    the file name."""
    assert shorten(label, 40) == shown


@pytest.mark.slow
def test_installing_is_quiet_and_the_data_files_ship(tmp_path: Path) -> None:
    """GIVEN this project WHEN pip installs it editable (as `make install` does) into a fresh
    environment THEN setuptools has nothing to warn about; WHEN built as a wheel THEN it holds indexer/data and the web
    templates and static files, and the data files are found there at run time."""
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    venv = tmp_path / "venv"  # a throwaway environment: this one's vnstd stays installed
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    editable = subprocess.run(
        [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", "-e", str(REPO)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    said = editable.stdout + editable.stderr
    assert editable.returncode == 0 and not re.search(r"Warning\b|!!|absent from", said), said
    wheel = subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp_path), str(REPO)],
                           capture_output=True, text=True, timeout=600)  # fmt: skip
    assert wheel.returncode == 0 and not re.search(r"Warning\b|!!|absent from", wheel.stderr)
    (built,) = tmp_path.glob("vnstd-*.whl")
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(built, unpacked, "zip")
    for rel in ("indexer/data/abbreviations.tsv", "indexer/data/query_stopwords.txt",
                "search_api/web/templates/index.html", "search_api/web/static/style.css"):  # fmt: skip
        assert (unpacked / rel).is_file(), rel
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); from importlib import resources; "
             "f = resources.files('indexer') / 'data' / 'question_phrases.txt'; "
             "print(str(f).startswith(sys.argv[1]), len(f.read_text(encoding='utf-8')) > 0)")  # fmt: skip
    found = subprocess.run([sys.executable, "-I", "-c", probe, str(unpacked)], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert found.stdout.split() == ["True", "True"], found.stderr
