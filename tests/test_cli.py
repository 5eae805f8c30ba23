"""The `vnstd` command line: settings from flags and the environment, and every error
translated into its documented exit code and a one-line message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search_api.cli import main as cli
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


@pytest.mark.slow
def test_installing_is_quiet_and_the_data_files_ship(tmp_path: Path) -> None:
    """GIVEN this project WHEN pip installs it editable (as `make install` does) THEN setuptools
    has nothing to warn about; WHEN built as a wheel THEN it holds indexer/data and the web
    templates and static files, and the data files are found there at run time."""
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    editable = subprocess.run(
        [*pip, "install", "--no-deps", "--prefix", str(tmp_path / "prefix"), "-e", str(REPO)],
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
