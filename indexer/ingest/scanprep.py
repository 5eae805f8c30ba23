"""A page image made ready for Tesseract: ruling lines (table borders, underlines) found and
erased, then encoded as a PGM file. Tesseract reads a bordered table as one block of noise;
with its rules erased it finds the words in the cells, and the rules, kept aside, tell
which cell each word is in (ocrlayout). Measured in docs/benchmarks.md, "OCR"."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DARK = 128  # grey level below which a pixel is ink
RULE_INCHES = 0.4  # a straight dark run this long (1 cm) is a line, not a letter


@dataclass(frozen=True)
class Rules:
    """The ruling lines of a page: boolean masks (height × width) of their pixels."""

    horizontal: np.ndarray
    vertical: np.ndarray


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


def find_rules(image: np.ndarray, dpi: int) -> Rules:
    """The long horizontal and vertical lines of a grey image (height × width, uint8)."""
    dark = image < DARK
    length = max(8, int(dpi * RULE_INCHES))
    return Rules(_long_runs(dark, length), _long_runs(dark.T, length).T)


def without_rules(image: np.ndarray, rules: Rules) -> np.ndarray:
    """The image with the rules' pixels whitened."""
    out = image.copy()
    out[rules.horizontal | rules.vertical] = 255
    return out


def pgm(image: np.ndarray) -> bytes:
    """A grey image as a binary PGM (P5) file, which Tesseract reads from stdin."""
    height, width = image.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image, np.uint8).tobytes()
