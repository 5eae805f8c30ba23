"""A page image made ready for Tesseract: ruling lines (table borders, underlines) removed,
then encoded as a PGM file. Tesseract reads a bordered table as one block of noise; with
its rules erased it finds the words in the cells (docs/benchmarks.md, "OCR")."""

from __future__ import annotations

import numpy as np

DARK = 128  # grey level below which a pixel is ink
RULE_INCHES = 0.4  # a straight dark run this long (1 cm) is a line, not a letter


def _long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """The pixels that belong to a horizontal run of at least `length` dark pixels."""
    height, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    sums = np.zeros((height, width + 1), np.int32)
    np.cumsum(dark, axis=1, dtype=np.int32, out=sums[:, 1:])
    starts = (sums[:, length:] - sums[:, :-length]) == length  # window at x is all ink
    covered = np.zeros((height, starts.shape[1] + 1), np.int32)
    np.cumsum(starts, axis=1, dtype=np.int32, out=covered[:, 1:])
    x = np.arange(width)
    low = np.maximum(x - length + 1, 0)
    high = np.minimum(x, starts.shape[1] - 1) + 1
    return (covered[:, high] - covered[:, low]) > 0


def without_rules(image: np.ndarray, dpi: int) -> np.ndarray:
    """A grey image (height × width, uint8) with its long horizontal and vertical lines whitened."""
    dark = image < DARK
    length = max(8, int(dpi * RULE_INCHES))
    rules = _long_runs(dark, length) | _long_runs(dark.T, length).T
    out = image.copy()
    out[rules] = 255
    return out


def pgm(image: np.ndarray) -> bytes:
    """A grey image as a binary PGM (P5) file, which Tesseract reads from stdin."""
    height, width = image.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image, np.uint8).tobytes()
