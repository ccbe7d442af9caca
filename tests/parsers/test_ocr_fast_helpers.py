"""The OCR's fast image helpers give exactly what the plain numpy they replace gives (issue 15)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from parsers.marks import _row_runs
from parsers.ocr import (
    _centre_in,
    _centres,
    _dilate,
    _dilations,
    _pnm_kind,
    _runs_filter,
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
