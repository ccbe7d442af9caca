"""A page fed upside down, which Tesseract's orientation detection cannot place, is read the
right way up (parsers.ocr.ocr_image); real Tesseract, as CI installs it."""

from __future__ import annotations

import time

import pytest
from PIL import Image, ImageDraw

from parsers import ocr
from parsers.limits import Limits
from parsers.ocr import ocr_image
from tests.filemakers import _font

_LINES = ("Support behind this card: weekly sessions with the school counsellor.",
          "Changes in school: a quiet base in the library at lunchtimes.",
          "Report reviews: the timetable is looked at again on 23/06/2028.")


def _page() -> Image.Image:
    page = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(_LINES):
        draw.text((150, 150 + 120 * n), line, fill=0, font=_font(44))
    return page


def test_a_page_upside_down_is_read_the_right_way_up(monkeypatch: pytest.MonkeyPatch) -> None:
    # orientation detection that cannot place the page, as on a phone scanner app's page
    monkeypatch.setattr(ocr, "_orientation_turn", lambda gray, deadline: 0)
    read = ocr_image(_page().rotate(180), Limits(timeout_seconds=60), time.monotonic() + 60, dpi=300)
    assert "quiet base in the library" in read.text
    assert "23/06/2028" in read.text


def test_a_page_the_right_way_up_is_read_as_it_is() -> None:
    read = ocr_image(_page(), Limits(timeout_seconds=60), time.monotonic() + 60, dpi=300)
    assert "quiet base in the library" in read.text
