"""Tesseract's library, loaded once in a process, reads exactly what the `tesseract` command
reads (issue 15: the model is no longer loaded once a page and once for its table cells)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from parsers import ocr, tesseract
from parsers.errors import Unreadable
from tests.filemakers import _font

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None or tesseract.engine() is None,
    reason="needs Debian's tesseract-ocr (scripts/bootstrap)",
)


def _page(lines: tuple[str, ...], width: int = 1203) -> np.ndarray:
    """Printed lines on white, at 300 dpi; the width not a whole number of bytes of bits."""
    image = Image.new("L", (width, 120 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((60, 60 + 90 * n), line, fill=0, font=_font(44))
    return np.asarray(image)


LINES = ("Pupil name Oliver Bennett", "Start date 12 January 2026", "Week 1  Mon 9:00-12:00")


@pytest.mark.parametrize("kind", ["black and white", "grey"])
@pytest.mark.parametrize("psm", [ocr.PSM, 7])
def test_the_library_reads_what_the_command_reads(kind: str, psm: int) -> None:
    grey = _page(LINES[:1] if psm == 7 else LINES)
    pixels = grey > 128 if kind == "black and white" else grey
    deadline = time.monotonic() + 60
    by_library = ocr._tesseract_pages([pixels, pixels[:, :-3]], deadline, psm)
    by_command = ocr._command_pages([pixels, pixels[:, :-3]], deadline, psm)
    assert by_library == by_command
    assert "Bennett" in [w.text for w in by_library[0]]


def test_the_library_prints_the_commands_tsv_byte_for_byte(tmp_path: Path) -> None:
    import subprocess

    pixels = _page(LINES) > 128
    path = f"{tmp_path}/page.pbm"
    Image.fromarray(pixels).save(path)
    cmd = ["tesseract", path, "stdout", "-l", "eng", "--oem", "1", "--psm", str(ocr.PSM), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    printed = subprocess.run(cmd, capture_output=True, check=True, env=env).stdout
    engine = tesseract.engine()
    assert engine is not None
    assert engine.tsv(pixels, ocr.PSM, 0, time.monotonic() + 60).encode() == printed


def test_one_engine_a_process_and_nothing_kept_between_images() -> None:
    engine = tesseract.engine()
    assert engine is not None and tesseract.engine() is engine
    page, line = _page(LINES) > 128, _page(LINES[2:]) > 128
    deadline = time.monotonic() + 60
    first = engine.tsv(page, ocr.PSM, 0, deadline)
    engine.tsv(line, 7, 0, deadline)  # another image, another segmentation mode between
    assert engine.tsv(page, ocr.PSM, 0, deadline) == first


def test_the_command_reads_where_the_library_cannot_be_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    pixels = _page(LINES) > 128
    deadline = time.monotonic() + 60
    by_library = ocr._tesseract_pages([pixels], deadline, ocr.PSM)
    monkeypatch.setattr(tesseract, "engine", lambda: None)
    assert ocr._tesseract_pages([pixels], deadline, ocr.PSM) == by_library


def test_a_reading_out_of_time_is_unreadable() -> None:
    pixels = _page(LINES * 6) > 128
    with pytest.raises(Unreadable, match="took too long"):
        ocr._tesseract_pages([pixels], time.monotonic() + 0.5, ocr.PSM)
    engine = tesseract.engine()
    assert engine is not None
    with pytest.raises(Unreadable, match="took too long"):
        engine.tsv(pixels, ocr.PSM, 0, time.monotonic() + 0.001)
    assert "Bennett" in engine.tsv(pixels, ocr.PSM, 0, time.monotonic() + 60), "the engine reads on"


def test_one_bit_images_are_packed_most_significant_bit_first_white_set() -> None:
    pixels = np.zeros((2, 11), bool)
    pixels[0, 0] = pixels[1, 10] = True
    data, bytes_per_pixel, bytes_per_line = tesseract._image_bytes(pixels)
    assert (bytes_per_pixel, bytes_per_line) == (0, 2)
    assert data == bytes([0b1000_0000, 0, 0, 0b0010_0000])
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)[:, ::2]  # not contiguous
    assert tesseract._image_bytes(grey) == (bytes([0, 2, 4, 6, 8, 10]), 1, 2)
