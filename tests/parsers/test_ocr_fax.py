"""A standard-resolution fax (204 dpi across, 98 down) is stretched to square pixels before OCR
(parsers.ocr.ocr_image_frame); real Tesseract, as CI installs it."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from parsers.limits import Limits
from parsers.ocr import ocr_image_frame
from tests.filemakers import _font

_LINES = ("Modified Timetable: Request and Approval", "Pupil Darragh Conaill Year 7",
          "Child Protection plan in place? No", "Week 2 from 15/11/2027 hours 20")


def _fax(across: int, down: int) -> bytes:
    """The lines as a fax machine sends them: 1-bit, G4, `across` x `down` dpi, A4 wide."""
    page = Image.new("L", (1728, 1100), 255)
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(_LINES):
        draw.text((80, 80 + 70 * n), line, fill=0, font=_font(34))
    sent = page.resize((1728, round(1100 * down / across)), Image.Resampling.BILINEAR).convert("1")
    out = io.BytesIO()
    sent.save(out, format="TIFF", compression="group4", dpi=(across, down))
    return out.getvalue()


def test_a_standard_resolution_fax_is_read_at_its_true_height() -> None:
    page, frames = ocr_image_frame(_fax(204, 98), 0, Limits(timeout_seconds=60))
    assert frames == 1 and page is not None
    assert "Child Protection plan in place? No" in page.text
    assert "15/11/2027" in page.text


def test_a_fine_fax_is_read_as_it_is() -> None:
    page, _ = ocr_image_frame(_fax(204, 196), 0, Limits(timeout_seconds=60))
    assert page is not None and "Child Protection plan in place? No" in page.text
