"""The on-disk layout of an index directory: generations, atomic swap, build lock, manifest.

    INDEX/
      current -> gen-20261123T221500-4711   (symlink, replaced atomically)
      gen-…/                                (a complete Whoosh index + manifest.json)
      tmp-…/                                (a build in progress; removed if it dies)
      build.lock                            (lockf held by the one running build;
                                             removed when it ends)

Readers open whatever `current` points to; a build never writes into it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from indexer.errors import IndexBuildError, IndexLockedError
from indexer.index.manifest import MANIFEST

CURRENT = "current"
LOCK = "build.lock"


def current_generation(root: Path) -> Path | None:
    """The directory `root/current` points to, or None when there is no index yet."""
    link = root / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    gen = root / target
    return gen if gen.is_dir() else None


def generations(root: Path) -> list[str]:
    """Names of the generations in root, newest first."""
    return sorted((p.name for p in root.glob("gen-*") if p.is_dir()), reverse=True)


def generation_id(root: Path) -> str:
    """A cheap token that changes whenever a new generation is published ("" if none)."""
    try:
        return os.readlink(root / CURRENT)
    except OSError:
        return ""


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the index's build lock; raises IndexLockedError if another build holds it.

    `build.lock` exists while a build runs: it is removed, still locked, when the build ends
    or fails (a killed build leaves it, unlocked, for the next one to take)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = _locked_fd(root / LOCK)
    except OSError as exc:  # read-only file system, permissions, disk full
        raise IndexBuildError(
            f"cannot use index directory {root}: {exc.strerror}; build aborted, previous index kept"
        ) from exc
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(root / LOCK)  # while locked: whoever opened it before retries (_locked_fd)
        os.close(fd)  # closing releases the lock; the kernel also does when the process dies


def _locked_fd(path: Path) -> int:
    """A descriptor of `path` holding its lock. A process that opened the file just before
    its holder removed it would lock a file no longer there: it opens the path again."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # a POSIX record lock belongs to this process alone: forked pool workers do not
            # inherit it (an flock they would share), so a SIGKILLed build frees it at once
            # even while its orphaned workers finish their current file
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            try:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            finally:
                os.close(fd)
            raise IndexLockedError(
                f"another build is running on {path.parent} (pid {holder}); wait for it to finish"
            ) from None
        if _same_file(fd, path):
            return fd
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    """Whether `path` still names the file open as `fd`."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)


def clean_leftovers(root: Path) -> list[str]:
    """Remove temporary dirs of dead builds and generations older than the previous one."""
    removed = []
    for tmp in root.glob("tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
        removed.append(tmp.name)
    keep = {generation_id(root)}
    gens = sorted(root.glob("gen-*"), key=lambda p: p.name)
    keep.update(p.name for p in gens[-2:])  # current and previous: a server may still read it
    for gen in gens:
        if gen.name not in keep:
            shutil.rmtree(gen, ignore_errors=True)
            removed.append(gen.name)
    return removed


def new_build_dir(root: Path) -> Path:
    """A fresh temporary directory for a build, inside root (same file system)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    path = root / f"tmp-{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path.mkdir(parents=True)
    return path


def clone_generation(src: Path, dst: Path) -> None:
    """Copy an index generation's Whoosh files into dst with hard links (Whoosh never
    rewrites a file). Not its manifest: the build writes its own, and a hard-linked one
    would be the previous generation's file, rewritten under it."""
    for item in src.iterdir():
        if item.is_file() and not item.name.endswith("WRITELOCK") and item.name != MANIFEST:
            try:
                os.link(item, dst / item.name)
            except OSError:
                shutil.copy2(item, dst / item.name)


def publish(root: Path, build_dir: Path) -> Path:
    """Atomically make build_dir the current generation; returns its final path."""
    gen = root / ("gen-" + build_dir.name.removeprefix("tmp-"))
    _fsync_tree(build_dir)
    os.rename(build_dir, gen)
    tmp_link = root / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    os.symlink(gen.name, tmp_link)
    os.replace(tmp_link, root / CURRENT)
    _fsync_dir(root)
    return gen


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for item in path.iterdir():
        if item.is_file():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(path)
