"""Pages without a text layer, read by Tesseract: the engine found once per build (`probe`),
then, in the workers, each scanned page rendered (pdfreaders), cleaned (scanprep), read by
the `tesseract` command and cached by a hash of the file, the page and the engine
(ocrcache). Tesseract runs as a subprocess on one core (OMP_THREAD_LIMIT=1): the build's
worker pool is the parallelism."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from indexer.ingest import ocrcache, ocrlayout, pdfreaders, scanprep
from indexer.models import Page

# Bump when rendering, cleaning or Tesseract's options change the text of a page: it is
# part of every cache key and of the index fingerprint.
# 2: table cells in reading order, stray marks dropped; 3: tones repaired; 4: glued syllables split
OCR_VERSION = "4"
DPI = 200  # rendering resolution: 200 read better than 300 and took 1/3 less CPU (benchmarks.md)
PSM = "4"  # Tesseract page segmentation: one column of text of variable sizes
TONES = True  # unsure syllables' tone marks repaired by their neighbours (text/tones)
PAGE_SECONDS = 300  # a page Tesseract has not read by then is skipped with a warning
LANG = "vie+Latin"  # Vietnamese, then Tesseract's Latin-script model: 6.5 → 6.3 % CER at 2× CPU
FALLBACK = {LANG: "vie"}  # what the default becomes when the Latin model is not installed
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-latn"


class OcrFailedError(Exception):
    """One page could not be read (the page is skipped with a warning)."""


@dataclass(frozen=True)
class OcrEngine:
    """A Tesseract that was found and has the language models: what workers need."""

    command: str  # absolute path of the executable
    lang: str  # "vie+Latin", "vie"
    version: str  # "tesseract 5.3.0"
    cache: Path | None  # cache folder, None = no cache
    dpi: int = DPI

    @property
    def identity(self) -> str:
        """What decides the text a page gives (cache keys and the index fingerprint)."""
        return f"{self.version}/{self.lang}/{self.dpi}dpi/psm{PSM}/v{OCR_VERSION}"


@dataclass
class Scans:
    """A file's pages without a text layer: how they are read (engine None: they are not)
    and what happened to them."""

    engine: OcrEngine | None = None
    pages: int = 0  # pages read by OCR
    cached: int = 0  # of those, read from the cache
    skipped: int = 0  # pages without a text layer left unread (no OCR, or it failed)

    def read(
        self, path: Path, rel: str, pages: tuple[Page, ...], numbers: list[int], warnings: list[str]
    ) -> tuple[Page, ...]:
        """The pages with those of `numbers` replaced by their OCR text (marked `ocr`)."""
        if not numbers:
            return pages
        if self.engine is None:
            self.skipped += len(numbers)
            return pages
        texts = self._texts(self.engine, path, rel, numbers, warnings)
        self.skipped += len(numbers) - len(texts)
        return tuple(_merged(p, texts[p.number]) if p.number in texts else p for p in pages)

    def _texts(
        self, engine: OcrEngine, path: Path, rel: str, numbers: list[int], warnings: list[str]
    ) -> dict[int, str]:
        digest = _file_digest(path)
        keys = {n: page_key(engine, digest, n) for n in numbers}
        texts = {n: t for n in numbers if (t := ocrcache.get(engine.cache, keys[n])) is not None}
        self.cached += len(texts)
        todo = [n for n in numbers if n not in texts]
        try:
            for number, image in pdfreaders.render_gray(path, rel, todo, engine.dpi):
                try:
                    texts[number] = recognise(engine, image)
                except OcrFailedError as exc:
                    warnings.append(f"page {number}: OCR failed ({exc})")
                    continue
                if problem := ocrcache.put(engine.cache, keys[number], texts[number]):
                    warnings.append(problem)
        except Exception as exc:  # rendering: one bad page image must not lose the file
            warnings.append(f"OCR stopped: page could not be rendered ({type(exc).__name__})")
        self.pages += len(texts)
        return texts


def _merged(page: Page, text: str) -> Page:
    """The page read by OCR; what little text layer it had (a header, a signature) is kept."""
    layer = page.text.strip()
    return replace(page, text=f"{layer}\n{text}" if layer else text, ocr=True)


def _file_digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def page_key(engine: OcrEngine, file_sha256: str, number: int) -> str:
    """The cache key of one page of one file read by one engine."""
    return hashlib.sha256(f"{engine.identity}\n{file_sha256}\n{number}".encode()).hexdigest()


def recognise(engine: OcrEngine, image: np.ndarray) -> str:
    """The text Tesseract reads on a grey page image, in reading order (raises
    OcrFailedError)."""
    rules = scanprep.find_rules(image, engine.dpi)
    data = scanprep.pgm(scanprep.without_rules(image, rules))
    words = ocrlayout.parse_tsv(_tesseract(engine, data))
    if TONES:
        words = ocrlayout.repair_tones(words)
    return ocrlayout.reading_order(ocrlayout.split_glued(words), rules)


def _tesseract(engine: OcrEngine, data: bytes) -> str:
    """Tesseract's TSV output (word boxes) for one PGM image."""
    argv = [engine.command, "stdin", "stdout", "-l", engine.lang, "--psm", PSM,
            "--dpi", str(engine.dpi), "tsv"]  # fmt: skip
    try:
        done = subprocess.run(argv, input=data, capture_output=True, timeout=PAGE_SECONDS,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise OcrFailedError(f"no answer within {PAGE_SECONDS} s") from None
    except OSError as exc:
        raise OcrFailedError(exc.strerror or str(exc)) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailedError(said[-1][:120] if said else f"exit code {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def probe(command: str, lang: str, cache: Path | None, dpi: int = DPI) -> OcrEngine | str:
    """The engine a build uses, or why there is none (one sentence, with what to install)."""
    found = shutil.which(command)
    if found is None:
        return f"the OCR command {command!r} was not found (install it: {INSTALL})"
    if not pdfreaders.can_render():
        return "pypdfium2 is not installed, so pages cannot be rendered (pip install pypdfium2)"
    try:
        version = _run(found, "--version").splitlines()[0].strip()
        models = {m.strip() for m in _run(found, "--list-langs").splitlines()[1:]}
    except (OSError, subprocess.SubprocessError, IndexError) as exc:
        return f"the OCR command {command!r} does not run ({type(exc).__name__})"
    missing = [m for m in lang.split("+") if m not in models]
    if missing and lang in FALLBACK and all(m in models for m in FALLBACK[lang].split("+")):
        lang, missing = FALLBACK[lang], []
    if missing:
        return f"Tesseract has no {'+'.join(missing)!r} model (install it: {INSTALL})"
    return OcrEngine(found, lang, version, cache, dpi)


def _run(command: str, flag: str) -> str:
    done = subprocess.run([command, flag], capture_output=True, timeout=30, check=True)
    return (done.stdout or done.stderr).decode("utf-8", "replace")
