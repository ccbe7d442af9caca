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


def _faint_page(ink: float) -> np.ndarray:
    """A carbonless copy: paper 234 with its grain (±3), strokes of text at `ink` (±4)."""
    rng = np.random.default_rng(19)
    page = 234.0 + rng.normal(0.0, 1.5, (800, 600)).clip(-3, 3)
    for y in range(100, 700, 40):
        page[y : y + 3, 40:560] = ink + rng.uniform(-4.0, 4.0, (3, 520))
    return np.clip(page, 0, 255).astype(np.uint8)


def test_faint_ink_is_thresholded_under_its_paper_not_at_200() -> None:
    """Pale strokes (204 on paper of 234: none of them under 200) are ink, the paper's grain is not."""
    page = _faint_page(204.0)
    assert _otsu(page) > 200.0
    strokes, paper = _ink_found(page)
    assert strokes > 0.8 and paper < 0.01


def test_dark_ink_keeps_the_threshold_under_200() -> None:
    assert _otsu(_faint_page(40.0)) <= 200.0


def test_highlighter_is_found_on_a_colour_page_and_pastel_paper_is_not() -> None:
    from PIL import Image, ImageDraw

    from parsers.ocr import _highlighter_tint

    page = Image.new("RGB", (800, 400), (250, 242, 185))  # pastel yellow paper
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 300, 140), fill=(250, 240, 40))  # a yellow highlighter stroke
    draw.rectangle((400, 100, 600, 140), fill=(20, 20, 20))  # black ink
    tint = _highlighter_tint(page, (800, 400))
    assert tint is not None
    mask = np.asarray(tint) > 0
    assert mask[110:130, 120:280].all()
    assert not mask[110:130, 420:580].any() and not mask[200:380, :].any()
    assert _highlighter_tint(page.convert("L"), (800, 400)) is None
