"""The OCR's fast image helpers give exactly what the plain numpy they replace gives (issue 15)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from parsers.marks import _PRINTED_WORD, Token, _row_runs, _without_printed
from parsers.ocr import (
    _centre_in,
    _centres,
    _dilate,
    _dilations,
    _divided_light,
    _doubled_mask,
    _edge,
    _handwriting,
    _pnm_kind,
    _runs_filter,
    _segments,
    _spread,
    _table_texts,
    _text_in,
    _Word,
)


def _longest_run_by_edges(row: np.ndarray) -> tuple[int, int]:
    """(start, length) of the first longest run of True in a row, the slow way."""
    if not row.any():
        return 0, 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], row.astype(np.int8), [0]])))
    lengths = edges[1::2] - edges[::2]
    best = int(np.argmax(lengths))
    return int(edges[::2][best]), int(lengths[best])


def test_row_runs_match_a_row_by_row_search() -> None:
    rng = np.random.default_rng(7)
    for _ in range(500):
        rows, cols = int(rng.integers(0, 10)), int(rng.integers(0, 40))
        mask = rng.random((rows, cols)) < rng.random()
        starts, lengths = _row_runs(mask)
        assert list(zip(starts.tolist(), lengths.tolist(), strict=True)) == [
            _longest_run_by_edges(row) for row in mask
        ]


def test_ties_keep_the_first_longest_run() -> None:
    starts, lengths = _row_runs(np.array([[1, 1, 0, 1, 1, 0, 0]], bool))
    assert (starts.tolist(), lengths.tolist()) == ([0], [2])


def test_spread_is_the_pixels_standard_deviation() -> None:
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (300, 200)).astype(np.uint8)
    assert abs(_spread(Image.fromarray(pixels).histogram()) - float(pixels.std())) < 1e-6
    assert _spread(Image.new("L", (20, 20), 200).histogram()) == 0.0


def test_dilations_match_dilating_twice() -> None:
    rng = np.random.default_rng(5)
    mask = rng.random((60, 80)) < 0.02
    near, nearer = _dilations(mask)
    assert np.array_equal(near, _dilate(mask, 3)) and np.array_equal(nearer, _dilate(mask, 2))
    assert not np.array_equal(near, nearer)


def test_black_and_white_pages_go_to_tesseract_as_one_bit() -> None:
    assert _pnm_kind(np.ones((4, 4), bool)) == "pbm"
    assert _pnm_kind(np.full((4, 4), 255, np.uint8)) == "pgm"


def test_runs_across_rows_match_runs_along_the_transposed_rows() -> None:
    rng = np.random.default_rng(11)
    mask = rng.random((70, 50)) < 0.6
    mask[:, 20] = True  # a vertical rule
    down = _runs_filter(mask, 30, axis=0)
    assert np.array_equal(down, _runs_filter(np.ascontiguousarray(mask.T), 30, axis=1).T)
    assert down[:, 20].all()


def test_words_in_a_cell_are_those_whose_centre_is_in_it() -> None:
    words = [_Word("in", 90.0, (10.0, 10.0, 30.0, 20.0)), _Word("edge", 90.0, (30.0, 5.0, 50.0, 15.0)),
             _Word("out", 90.0, (45.0, 10.0, 70.0, 20.0))]
    box = (0.0, 0.0, 40.0, 30.0)
    assert _text_in(box, words, _centres(words)) == "in edge"
    assert [w.text for w in words if _centre_in(w.bbox, box)] == ["in", "edge"]
    assert _table_texts([[box, None]], []) == (("", ""),)


def test_light_divided_by_the_table_as_by_the_page_of_floats() -> None:
    rng = np.random.default_rng(13)
    pixels = rng.integers(0, 256, (50, 70)).astype(np.uint8)
    light = rng.integers(0, 256, (50, 70)).astype(np.uint8)
    every_pixel, every_light = np.meshgrid(np.arange(256, dtype=np.uint8), np.arange(256, dtype=np.uint8))
    for page, paper in ((pixels, light), (every_pixel, every_light)):
        floats = page.astype(np.float32) / np.maximum(paper.astype(np.float32), 1.0) * 255.0
        looked_up = _divided_light().take((page.astype(np.uint16) << 8) | paper)
        assert looked_up.dtype == np.uint8
        assert np.array_equal(looked_up, np.clip(floats, 0, 255).astype(np.uint8))


def test_doubled_mask_is_each_pixel_written_two_by_two() -> None:
    rng = np.random.default_rng(17)
    for shape in ((0, 3), (1, 1), (5, 8), (31, 47)):
        for mask in (rng.random(shape) < 0.4, (rng.random(shape[::-1]) < 0.4).T):
            slow = np.zeros((mask.shape[0] * 2, mask.shape[1] * 2), bool)
            for dy in (0, 1):
                for dx in (0, 1):
                    slow[dy::2, dx::2] = mask
            doubled = _doubled_mask(mask)
            assert doubled.dtype == bool and np.array_equal(doubled, slow)


def _segments_row_by_row(mask: np.ndarray, orientation: str, height: int) -> list[dict[str, object]]:
    lines = mask if orientation == "h" else mask.T
    edges = []
    for pos in np.flatnonzero(lines.any(axis=1)):
        row = np.concatenate([[0], lines[pos].astype(np.int8), [0]])
        changes = np.flatnonzero(np.diff(row))
        for start, stop in zip(changes[::2], changes[1::2], strict=False):
            edges.append(_edge(orientation, float(pos), float(start), float(stop), height))
    return edges


def test_segments_are_the_runs_found_row_by_row() -> None:
    rng = np.random.default_rng(19)
    for shape in ((0, 0), (0, 4), (3, 0), (1, 1), (9, 13), (60, 40)):
        for share in (0.0, 0.2, 0.7, 1.0):
            mask = rng.random(shape) < share
            for orientation in "hv":
                fast = _segments(mask, orientation, shape[0])
                assert fast == _segments_row_by_row(mask, orientation, shape[0])


def test_ink_left_outside_printed_words_as_a_mask_of_them_leaves_it() -> None:
    rng = np.random.default_rng(23)
    ink = rng.random((80, 120)) < 0.3
    words = [_Word("Name", 95.0, (3.0, 4.0, 40.0, 20.0)), _Word("x", 99.0, (50.0, 50.0, 60.0, 60.0)),
             _Word("Date", 60.0, (70.0, 10.0, 110.0, 30.0)),
             _Word("Signed", 90.0, (100.0, 70.0, 140.0, 95.0))]
    printed = np.zeros(ink.shape, bool)
    for w in words:
        if w.conf >= 70 and len(w.text) > 1:
            x0, t, x1, b = (int(v) for v in w.bbox)
            printed[max(t - 2, 0):b + 2, max(x0 - 2, 0):x1 + 2] = True
    assert np.array_equal(_handwriting(ink, words), ink & ~printed)
    tokens = [Token(w.text, w.conf, w.bbox) for w in words]
    printed = np.zeros(ink.shape, bool)
    for t in tokens:
        if t.conf >= 75 and _PRINTED_WORD.fullmatch(t.text):
            x0, top, x1, bottom = (int(v) for v in t.bbox)
            printed[max(top, 0):bottom, max(x0, 0):x1] = True
    assert np.array_equal(_without_printed(ink, tokens), ink & ~printed)
    assert np.array_equal(_without_printed(ink, []), ink)


def _runs_filter_every_row(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """`_runs_filter` as it was: every row summed and spread, not only those with a run."""
    from parsers.ocr import _window_sum

    m = np.ascontiguousarray(np.moveaxis(mask, axis, -1))
    if m.shape[-1] < length:
        return np.zeros(mask.shape, bool)
    full = _window_sum(m, length) >= int(length * 0.9)
    pad = np.zeros((*m.shape[:-1], length - 1), bool)
    starts = np.concatenate([pad, full, pad], axis=-1).astype(np.int8)
    return np.moveaxis(_window_sum(starts, length) > 0, -1, axis)


def test_runs_from_the_rows_with_enough_ink_are_the_runs_from_every_row() -> None:
    rng = np.random.default_rng(29)
    for shape in ((0, 10), (10, 0), (1, 1), (5, 40), (40, 5), (80, 120)):
        for share in (0.0, 0.3, 0.9, 1.0):
            mask = rng.random(shape) < share
            if shape[0] > 3 and shape[1] > 3:
                mask[2, :] = True
                mask[:, 3] = True
            for length in (1, 2, 10, 30):
                for axis in (0, 1):
                    fast = _runs_filter(mask, length, axis)
                    slow = _runs_filter_every_row(mask, length, axis)
                    assert fast.shape == slow.shape and np.array_equal(fast, slow)
