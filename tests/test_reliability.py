"""Index safety and hostile input (issue 5), with real processes and real signals.

- SIGKILL a `vnstd index --rebuild` at several moments: the previous index answers identically,
  the next run cleans up by itself and succeeds.
- Two builds at once: the second exits with code 5 and says why.
- Disk full / unwritable destination: exit code 6, a clear message, the old index intact.
- A real uvicorn server (2 workers) under concurrent load while a full rebuild runs:
  zero failed requests, and the new generation is served after the swap.
- A hostile corpus: every bad file reported, everything else indexed, memory bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.common import (
    child_env,
    drive_load,
    replicate_corpus,
    serve,
)

from indexer.config import Settings
from indexer.index.build import build_index

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CACHE = Path(tempfile.gettempdir()) / "vnstd-test-cache"
REPLICAS = 6  # sample corpus × 6 (distinct names and contents): a build of several seconds
PROBES = ["QCVN 47:2015/BTTTT", "phát xạ giả", "quy chuan ky thuat quoc gia", "2.2.3", "dBm"]
GiB = 2**30


# ---------------------------------------------------------------- helpers


def vnstd_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "search_api", *args]


def start(*args: str, **kw: Any) -> subprocess.Popen[str]:
    """Start `vnstd ARGS` in its own session (so leftovers can be reaped by group)."""
    return subprocess.Popen(
        vnstd_cmd(*args),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        start_new_session=True,
        **kw,
    )


def run(*args: str, timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        vnstd_cmd(*args),
        cwd=REPO,
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=timeout,
        **kw,
    )


def answers(index: Path) -> list[list[tuple[str, float]]]:
    """(clause_id, score) of the top hits of every probe query, from a freshly opened index."""
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    snap = Engine(index).snapshot()
    return [[(h.clause_id, h.score) for h in search(snap, q, size=10).hits] for q in PROBES]


def tmp_dirs(index: Path) -> list[str]:
    return sorted(p.name for p in index.glob("tmp-*"))


def reap(proc: subprocess.Popen[Any]) -> None:
    """Kill whatever is left of a process group this test started (orphaned workers)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.wait(timeout=10)


def group_alive(pgid: int) -> list[int]:
    """Pids still alive in a process group."""
    import psutil

    alive = []
    for p in psutil.process_iter(["pid"]):
        with contextlib.suppress(psutil.Error):
            if os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p.pid)
    return alive


def copy_index(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus replicated with distinct names and contents: a build takes a few seconds."""
    return replicate_corpus(SAMPLES, tmp_path_factory.mktemp("big") / "corpus", REPLICAS)


@pytest.fixture(scope="module")
def big_index(big_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine index of big_corpus (tests copy it before touching it)."""
    index = tmp_path_factory.mktemp("big-index") / "index"
    done = run(
        "index", str(big_corpus), "--index", str(index), "--json", "--jobs", "2", timeout=900
    )
    assert done.returncode == 0, done.stderr
    return index


# ---------------------------------------------------------------- kill, lock


def _wait_for_write_phase(proc: subprocess.Popen[str], timeout: float = 600) -> bool:
    """Wait until the build's workers have all exited (only the writer's commit and publish remain)."""
    import psutil

    parent = psutil.Process(proc.pid)
    seen_workers = False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            kids = parent.children()
            if kids:
                seen_workers = True
            elif seen_workers:
                return True
        time.sleep(0.005)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["0.5s", "1.5s", "write"])
def test_sigkill_during_rebuild_keeps_previous_index(
    moment: str, big_corpus: Path, big_index: Path, tmp_path: Path
) -> None:
    """GIVEN an index of a corpus
    WHEN `vnstd index --rebuild` is SIGKILLed (after 0.5 s, after 1.5 s, or in its write phase)
    THEN the previous index answers identically, and the next run cleans up by itself and succeeds."""
    index = copy_index(big_index, tmp_path / "index")
    before = answers(index)
    generation = os.readlink(index / "current")
    proc = start(
        "index", str(big_corpus), "--index", str(index), "--rebuild", "--jobs", "2", "--json"
    )
    try:
        if moment == "write":
            assert _wait_for_write_phase(proc), "build ended before its write phase could be hit"
        else:
            time.sleep(float(moment.removesuffix("s")))
        assert proc.poll() is None, (
            "build finished before it could be killed: make the corpus bigger"
        )
        os.kill(proc.pid, signal.SIGKILL)  # the build process only, as the OOM killer would
        proc.wait(timeout=30)
        assert os.readlink(index / "current") == generation
        assert answers(index) == before
        # the next run must need no manual step, even with orphaned workers still finishing a file
        again = run("index", str(big_corpus), "--index", str(index), "--json", timeout=300)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["mode"] == "unchanged"
        assert tmp_dirs(index) == []
        assert answers(index) == before
    finally:
        reap(proc)


def _kill_while_worker_busy(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start a build whose worker is busy with a 1,000-page PDF (~30 s), SIGKILL its main process."""
    import psutil

    corpus = tmp_path / "busy"
    corpus.mkdir()
    place(big_pdf(), corpus / "big.pdf")
    for pdf in sorted(SAMPLES.glob("*.pdf"))[:2]:
        shutil.copy2(pdf, corpus / pdf.name)
    index = tmp_path / "index"
    proc = start("index", str(corpus), "--index", str(index), "--jobs", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not psutil.Process(proc.pid).children():
        time.sleep(0.05)
    time.sleep(2.0)  # the workers have loaded the segmenter and taken their first files
    assert proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return proc, index


@pytest.mark.slow
def test_killed_build_releases_its_lock_at_once(tmp_path: Path) -> None:
    """GIVEN a build whose worker is busy with a big PDF WHEN the build process is SIGKILLed
    THEN a new build on the same index starts at once (no orphan keeps the build lock)."""
    proc, index = _kill_while_worker_busy(tmp_path)
    try:
        small = tmp_path / "small"
        small.mkdir()
        (small / "a.md").write_text("# 1. Một\n\nVăn bản nhỏ.\n", encoding="utf-8")
        again = run("index", str(small), "--index", str(index), "--json", timeout=120)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["summary"]["indexed"] == 1
    finally:
        reap(proc)


@pytest.mark.slow
def test_killed_build_leaves_no_worker_behind(tmp_path: Path) -> None:
    """GIVEN a build whose worker is busy with a big PDF WHEN the build process is SIGKILLed
    THEN its workers exit within 5 s instead of finishing work nobody will collect."""
    proc, _ = _kill_while_worker_busy(tmp_path)
    try:
        deadline = time.monotonic() + 5
        while group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert group_alive(proc.pid) == [], (
            "orphaned build workers still running 5 s after the kill"
        )
    finally:
        reap(proc)


@pytest.mark.slow
def test_second_concurrent_build_exits_with_code_5(
    big_corpus: Path, big_index: Path, tmp_path: Path
) -> None:
    """GIVEN a rebuild in progress WHEN a second build starts on the same index
    THEN the second exits with code 5 and a clear message, and the first completes."""
    index = copy_index(big_index, tmp_path / "index")
    first = start(
        "index", str(big_corpus), "--index", str(index), "--rebuild", "--jobs", "2", "--json"
    )
    try:
        deadline = time.monotonic() + 60
        while not tmp_dirs(index) and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.02)
        assert tmp_dirs(index), "first build never started writing"
        second = run(
            "index", str(big_corpus), "--index", str(index), "--rebuild", "--json", timeout=120
        )
        assert second.returncode == 5, second.stderr
        assert "another build is running" in second.stderr
        assert str(first.pid) in second.stderr
        assert "Traceback" not in second.stderr
        out, err = first.communicate(timeout=600)
        assert first.returncode == 0, err
        assert json.loads(out)["mode"] == "full"
        assert tmp_dirs(index) == []
    finally:
        reap(first)


# ---------------------------------------------------------------- disk full, unwritable


def _limit_file_size(limit: int) -> None:
    """preexec_fn: files larger than limit fail with EFBIG (SIGXFSZ ignored, so write() raises)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _can_mount_tmpfs(path: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    path.mkdir(parents=True, exist_ok=True)
    ok = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )
    if ok:
        subprocess.run(["umount", str(path)], check=True)
    return ok


@contextlib.contextmanager
def tmpfs(path: Path, size_kib: int, readonly: bool = False) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(path)], check=True
    )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def du_kib(path: Path) -> int:
    return (
        sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
        + 1
    )


def _assert_clean_abort(
    done: subprocess.CompletedProcess[str], index: Path, before: Any, gen: str
) -> None:
    assert done.returncode == 6, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
    assert "previous index kept" in done.stderr
    assert os.readlink(index / "current") == gen
    assert answers(index) == before
    assert tmp_dirs(index) == []


@pytest.mark.slow
def test_disk_full_rlimit_aborts_with_code_6(sample_index: Path, tmp_path: Path) -> None:
    """GIVEN a build whose files may not exceed 64 KiB (RLIMIT_FSIZE: write() fails with EFBIG)
    WHEN it rebuilds THEN it exits 6 with a clear message and the old index is intact."""
    index = copy_index(sample_index, tmp_path / "index")
    before, gen = answers(index), os.readlink(index / "current")
    done = run(
        "index",
        str(SAMPLES),
        "--index",
        str(index),
        "--rebuild",
        "--jobs",
        "1",
        preexec_fn=lambda: _limit_file_size(64 * 1024),
    )
    _assert_clean_abort(done, index, before, gen)


@pytest.mark.slow
def test_disk_full_tmpfs_aborts_with_code_6(sample_index: Path, tmp_path: Path) -> None:
    """GIVEN an index on a small tmpfs with room for little more than itself
    WHEN a full rebuild fills the disk (ENOSPC) THEN it exits 6 and the old index is intact."""
    mnt = tmp_path / "mnt"
    if not _can_mount_tmpfs(mnt):
        pytest.skip(
            "needs root and permission to mount a tmpfs (RLIMIT_FSIZE variant covers disk full)"
        )
    with tmpfs(mnt, du_kib(sample_index) * 5 // 4 + 64):
        index = copy_index(sample_index, mnt / "index")
        before, gen = answers(index), os.readlink(index / "current")
        done = run("index", str(SAMPLES), "--index", str(index), "--rebuild", "--jobs", "1")
        _assert_clean_abort(done, index, before, gen)


@pytest.mark.slow
def test_unwritable_index_root_aborts_with_code_6(sample_index: Path, tmp_path: Path) -> None:
    """GIVEN an index root that cannot be written (chmod 555, or a read-only mount when root)
    WHEN a rebuild starts THEN it exits 6 with a clear message and the old index still answers."""
    if os.geteuid() != 0:
        index = copy_index(sample_index, tmp_path / "index")
        before, gen = answers(index), os.readlink(index / "current")
        index.chmod(0o555)
        try:
            done = run("index", str(SAMPLES), "--index", str(index), "--rebuild", "--jobs", "1")
        finally:
            index.chmod(0o755)
        _assert_clean_abort(done, index, before, gen)
        return
    mnt = tmp_path / "mnt"
    if not _can_mount_tmpfs(mnt):
        pytest.skip(
            "running as root without permission to mount: chmod cannot make a directory unwritable"
        )
    with tmpfs(mnt, du_kib(sample_index) * 3 + 256):
        index = copy_index(sample_index, mnt / "index")
        before, gen = answers(index), os.readlink(index / "current")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        done = run("index", str(SAMPLES), "--index", str(index), "--rebuild", "--jobs", "1")
        assert done.returncode == 6, f"exit {done.returncode}: {done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr
        assert "read-only" in done.stderr.lower() or "permission" in done.stderr.lower()
        assert os.readlink(index / "current") == gen
        assert answers(index) == before


# ---------------------------------------------------------------- server under load during a rebuild


@pytest.mark.slow
def test_server_under_load_during_rebuild(tmp_path: Path) -> None:
    """GIVEN a real uvicorn server (2 workers) over an index of the sample corpus, under 8 concurrent clients
    WHEN a full rebuild runs that adds a new document THEN no request fails and the new generation is served."""
    import httpx

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus, ignore=shutil.ignore_patterns("*.py", "*.md"))
    index = tmp_path / "index"
    build_index(Settings(corpus=corpus, index=index, jobs=1))
    with serve(index, corpus, workers=2, log_dir=tmp_path) as server:
        old_gen = httpx.get(f"{server.base}/health").json()["generation"]
        for _ in range(6):  # both workers past their warm-up (segmenter, vocabularies)
            httpx.get(f"{server.base}/api/search", params={"q": "thiết bị"}, timeout=120)
        (corpus / "ghi-chu.md").write_text(
            "# 1. Ghi chú\n\n1.1 Mới\n\nThiết bị vortigaunt phải được kiểm tra định kỳ.\n",
            encoding="utf-8",
        )
        stop = threading.Event()
        result: dict[str, Any] = {}
        loader = threading.Thread(
            target=lambda: result.update(
                load=drive_load(server.base, PROBES, clients=8, seconds=120, stop=stop)
            )
        )
        loader.start()
        time.sleep(1.0)
        done = run(
            "index", str(corpus), "--index", str(index), "--rebuild", "--jobs", "1", "--json"
        )
        time.sleep(2.0)  # keep the load on across the swap
        stop.set()
        loader.join(timeout=60)
        assert done.returncode == 0, done.stderr
        new_gen = json.loads(done.stdout)["generation"]
        load = result["load"]
        assert load.errors == [], load.errors[:5]
        assert len(load.latencies) > 50
        gens = {httpx.get(f"{server.base}/health").json()["generation"] for _ in range(8)}
        assert gens == {new_gen} != {old_gen}
        for _ in range(4):  # both workers, whichever answers
            hits = httpx.get(f"{server.base}/api/search", params={"q": "vortigaunt"}).json()["hits"]
            assert [h["file"] for h in hits] == ["ghi-chu.md"]


# ---------------------------------------------------------------- hostile corpus


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=10)
    return pdf


SUBJECTS = [
    "Thiết bị vô tuyến điện",
    "Máy phát hình",
    "Trạm gốc thông tin di động",
    "Bộ khuếch đại",
    "Thiết bị đầu cuối",
    "Ăng ten thu",
    "Hệ thống cáp quang",
    "Máy thu truyền hình số",
    "Thiết bị định vị",
    "Bộ lọc thông dải",
    "Máy chủ lưu trữ",
]
VERBS = [
    "phải đáp ứng",
    "cần tuân thủ",
    "được kiểm tra theo",
    "không được vượt quá",
    "phải được đo theo",
    "cần bảo đảm",
    "được chứng nhận theo",
]
OBJECTS = [
    "mức phát xạ giả",
    "công suất bức xạ đẳng hướng",
    "độ rộng băng tần chiếm dụng",
    "dung sai tần số",
    "độ nhạy máy thu",
    "mức tạp âm",
    "tỷ số sóng đứng",
    "yêu cầu tương thích điện từ",
    "giới hạn phơi nhiễm",
    "chỉ tiêu an toàn điện",
    "độ ổn định",
]


def make_text_pdf(path: Path, pages: int) -> Path:
    """A PDF of `pages` pages, each a numbered clause with lines that vary from page to page
    (identical lines on most pages would rightly be dropped as running headers)."""
    pdf = _pdf()
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_xy(15, 20)
        title = f"{OBJECTS[n % 11]} của {SUBJECTS[n % 11].lower()}"
        pdf.cell(
            0, 6, f"2.{n % 9 + 1}.{n} {title[:1].upper()}{title[1:]}", new_x="LMARGIN", new_y="NEXT"
        )
        for k in range(8):
            line = f"{SUBJECTS[(n + k) % 11]} {VERBS[(n * 3 + k) % 7]} {OBJECTS[(n + 2 * k) % 11]}"
            extra = " trong băng zirconi" if n % 97 == 0 and k == 0 else f" ở dải {n + k} MHz"
            pdf.cell(0, 6, line + extra + ".", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def big_pdf(pages: int = 1000) -> Path:
    """A ~1,000-page PDF, generated once and cached under the system temp directory."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"big-{pages}-v2.pdf"
    if not path.exists():
        tmp = make_text_pdf(CACHE / f".big-{pages}-{os.getpid()}.pdf", pages)
        tmp.replace(path)
    return path


def place(src: Path, dst: Path) -> None:
    """Put a cached file into a corpus: a hard link where possible, else a copy (a symlink would
    leave the corpus and be skipped)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def make_encrypted_pdf(path: Path) -> None:
    from fpdf.enums import EncryptionMethod

    pdf = _pdf()
    pdf.add_page()
    pdf.cell(0, 6, "1.1 Tài liệu mật có mật khẩu")
    pdf.set_encryption(
        owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.AES_128
    )
    pdf.output(str(path))


def make_image_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    png = path.with_suffix(".png")
    img = Image.new("RGB", (800, 1000), "white")
    ImageDraw.Draw(img).text((40, 40), "QUY CHUAN KY THUAT (scanned)", fill="black")
    img.save(png)
    pdf = _pdf()
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(png), x=10, y=10, w=190)
    pdf.output(str(path))
    png.unlink()


BAD_NAME = b"van-ban-\xe9\xff.md"  # Latin-1 bytes: not valid UTF-8


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    root.mkdir()
    good = SAMPLES / "QCVN_47_2015_BTTTT.pdf"
    shutil.copy2(good, root / "good.pdf")
    make_encrypted_pdf(root / "encrypted.pdf")
    data = (SAMPLES / "QCVN_18_2022_BTTTT.pdf").read_bytes()
    (root / "truncated.pdf").write_bytes(data[: len(data) * 2 // 5])
    (root / "empty.pdf").write_bytes(b"")
    (root / "page.pdf").write_text(
        "<!DOCTYPE html><html><body>Not found</body></html>", encoding="utf-8"
    )
    make_image_pdf(root / "scan.pdf")
    place(big_pdf(), root / "big.pdf")
    deep = root.joinpath(*[f"d{i:02d}" for i in range(30)])
    deep.mkdir(parents=True)
    (deep / "deep.md").write_text(
        "# 1. Sâu\n\nVăn bản nằm rất sâu: rhododendron.\n", encoding="utf-8"
    )
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")
    os.symlink(".", root / "loop" / "self")
    fd = os.open(os.fsencode(root) + b"/" + BAD_NAME, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, "# 1. Tên lạ\n\nTệp có tên không phải UTF-8: quetzalcoatl.\n".encode())
    os.close(fd)
    (root / "sub").mkdir()
    shutil.copy2(SAMPLES / "TCVN_11930_2017.pdf", root / "dup_a.pdf")
    shutil.copy2(SAMPLES / "TCVN_11930_2017.pdf", root / "sub" / "dup_b.pdf")
    return root


@pytest.fixture(scope="module")
def hostile_build(hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`vnstd index --json` over the hostile corpus, with the peak RSS of the build and its workers."""
    from bench.common import run_index

    index = tmp_path_factory.mktemp("hostile-index") / "index"
    result = run_index(hostile_corpus, index, "--jobs", "2", timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    by_rel = {f["rel"]: f for f in result.report["files"]}
    return {
        "report": result.report,
        "files": by_rel,
        "index": index,
        "rss": result.peak_rss,
        "rss_single": result.peak_rss_single,
        "wall": result.wall,
    }


def _status(build: dict[str, Any], rel: str) -> tuple[str, str]:
    entry = build["files"].get(rel)
    assert entry is not None, f"{rel} missing from the report: {sorted(build['files'])}"
    return entry["status"], entry["reason"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rel", "status", "words"),
    [
        ("encrypted.pdf", "failed", ("encrypted",)),
        ("empty.pdf", "failed", ("empty", "0 bytes")),
        ("page.pdf", "failed", ("not a pdf",)),
        ("scan.pdf", "failed", ("needs ocr", "ocr found no text")),
        ("truncated.pdf", "failed", ("damaged", "truncated")),
    ],
)
def test_hostile_bad_files_reported_with_reason(
    hostile_build: dict[str, Any], rel: str, status: str, words: tuple[str, ...]
) -> None:
    """GIVEN a corpus of broken files WHEN indexed THEN each is reported with a clear reason."""
    got, reason = _status(hostile_build, rel)
    assert got == status, (got, reason)
    assert any(w in reason.lower() for w in words), reason


@pytest.mark.slow
def test_hostile_good_files_indexed(hostile_build: dict[str, Any]) -> None:
    """GIVEN a hostile corpus WHEN indexed THEN the good, big and deeply nested files are indexed."""
    assert _status(hostile_build, "good.pdf")[0] == "indexed"
    assert _status(hostile_build, "big.pdf")[0] == "indexed"
    assert hostile_build["files"]["big.pdf"]["pages"] == 1000
    deep = "/".join(f"d{i:02d}" for i in range(30)) + "/deep.md"
    assert _status(hostile_build, deep)[0] == "indexed"
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    snap = Engine(hostile_build["index"]).snapshot()
    assert [h.file for h in search(snap, "rhododendron").hits] == [deep]
    assert "big.pdf" in {h.file for h in search(snap, "băng zirconi").hits}


@pytest.mark.slow
def test_hostile_duplicates_reported(hostile_build: dict[str, Any]) -> None:
    """GIVEN the same file under two names WHEN indexed THEN one is indexed and the other reported as its duplicate."""
    a, b = _status(hostile_build, "dup_a.pdf"), _status(hostile_build, "sub/dup_b.pdf")
    assert sorted([a[0], b[0]]) == ["indexed", "skipped"]
    skipped = a if a[0] == "skipped" else b
    assert "duplicate" in skipped[1]


@pytest.mark.slow
def test_hostile_symlink_loop_and_bad_name(hostile_build: dict[str, Any]) -> None:
    """GIVEN a symlink loop and a file name that is not UTF-8 WHEN indexed
    THEN the walk ends, nothing is indexed twice through the loop, and the odd name is reported or indexed."""
    files = hostile_build["files"]
    assert not [
        rel for rel in files if rel.startswith("loop/") and files[rel]["status"] == "indexed"
    ], "files indexed again through a symlink loop"
    odd = [rel for rel in files if rel.startswith("van-ban-")]
    assert len(odd) == 1, sorted(files)
    entry = files[odd[0]]
    assert entry["status"] in ("indexed", "skipped", "failed")
    if entry["status"] != "indexed":
        assert "utf-8" in entry["reason"].lower() or "name" in entry["reason"].lower()


@pytest.mark.slow
def test_hostile_build_memory_bounded(hostile_build: dict[str, Any]) -> None:
    """GIVEN a corpus with a 1,000-page PDF WHEN indexed THEN the build and its workers stay under 1.5 GiB RSS."""
    assert 0 < hostile_build["rss"] < 1.5 * GiB, f"peak RSS {hostile_build['rss'] / 2**20:.0f} MiB"
