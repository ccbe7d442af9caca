"""A phone photo's shadow is divided out before the page is thresholded (parsers.ocr)."""

from __future__ import annotations

import numpy as np

from parsers.ocr import _flatten_light, _otsu


def _page(shadowed: bool) -> np.ndarray:
    """Paper 230 bright (a shadow darkening it to 110 across the page), with black strokes of
    text 60 darker than the paper under them, in both the lit and the shadowed half."""
    h, w = 800, 600
    paper = np.full((h, w), 230.0)
    if shadowed:
        paper *= np.linspace(1.0, 0.48, w)[None, :]
    page = paper.copy()
    for y in range(100, 700, 40):
        page[y : y + 3, 40:560] -= 60
    return np.clip(page, 0, 255).astype(np.uint8)


def _ink_found(pixels: np.ndarray) -> tuple[float, float]:
    """Share of the strokes read as ink, and of the paper read as ink."""
    ink = pixels < _otsu(pixels)
    strokes = np.zeros_like(ink)
    for y in range(100, 700, 40):
        strokes[y : y + 3, 40:560] = True
    return float(ink[strokes].mean()), float(ink[~strokes].mean())


def test_a_shadow_is_flattened_so_one_threshold_fits_the_page() -> None:
    page = _page(shadowed=True)
    _strokes, paper_before = _ink_found(page)
    strokes_after, paper_after = _ink_found(_flatten_light(page))
    assert paper_before > 0.2  # the shadowed paper read as ink without flattening
    assert strokes_after > 0.95 and paper_after < 0.02


def test_a_flat_scan_is_left_alone() -> None:
    page = _page(shadowed=False)
    assert np.array_equal(_flatten_light(page), page)
