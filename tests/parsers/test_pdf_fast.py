"""The PDF fast path (issue 15): which pages pdfium reads and which go to pdfplumber, and that a
page read fast says what pdfplumber would have said."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from parsers import pdf, pdf_fast
from parsers.limits import Limits

BODY = [
    "Reduced timetable plan for a pupil returning to school after a long absence.",
    "Week 1: Monday to Friday, 09:00 to 12:00, 15 hours a week.",
    "Week 2: Monday to Friday, 09:00 to 13:00, 20 hours a week.",
    "Review meeting on 12/02/2027 with the parent and the school's SENCo.",
]

ROWS = (("Week", "Hours", "Pattern"), ("1", "15", "Mon-Fri 09:00-12:00"), ("2", "20", "Mon-Fri 09:00-13:00"))


def _pdf(draw: Any, rotate: int = 0) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    if rotate:
        c.setPageRotation(rotate)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, 800, "Reintegration plan")
    c.setFont("Helvetica", 11)
    for i, line in enumerate(BODY):
        c.drawString(50, 770 - 16 * i, line)
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def _nothing(c: canvas.Canvas) -> None:
    return None


def _table(c: canvas.Canvas) -> None:
    t = Table([list(row) for row in ROWS])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    t.wrapOn(c, 400, 200)
    t.drawOn(c, 50, 550)


def _curve(c: canvas.Canvas) -> None:
    c.bezier(60, 500, 90, 540, 120, 460, 160, 510)  # a drawn signature


def _image(c: canvas.Canvas) -> None:
    from PIL import Image

    c.drawImage(ImageReader(Image.new("RGB", (40, 20), "white")), 50, 400, 80, 40)


def _slanted_text(c: canvas.Canvas) -> None:
    c.saveState()
    c.translate(300, 300)
    c.rotate(45)
    c.drawString(0, 0, "written across the page, at an angle")
    c.restoreState()


def _route(data: bytes) -> str | None:
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    try:
        return pdf_fast.needs_layout(page, page.get_textpage())
    finally:
        doc.close()


def _read(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, int]:
    """The document read (with the fast path) and how many pages pdfplumber read whole."""
    whole = pdf._pdf_page
    calls: list[int] = []

    def counted(number: int, page: Any) -> Any:
        calls.append(number)
        return whole(number, page)

    monkeypatch.setattr(pdf, "_pdf_page", counted)
    return pdf.read_pdf("plan.pdf", data, Limits()).document, len(calls)


def _read_slow(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(pdf, "_open_pdfium", lambda *args: None)
        return pdf.read_pdf("plan.pdf", data, Limits()).document


@pytest.mark.parametrize("draw", [_nothing, _table], ids=["text only", "ruled table"])
def test_text_and_ruled_pages_take_the_fast_path_and_read_the_same(
    draw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _pdf(draw)
    assert _route(data) is None
    fast, whole = _read(data, monkeypatch)
    assert whole == 0
    assert fast == _read_slow(data, monkeypatch)
    page = fast.pages[0]
    assert "Week 2: Monday to Friday, 09:00 to 13:00, 20 hours a week." in page.text
    assert page.headings[0] == "Reintegration plan"
    with pdfplumber.open(io.BytesIO(data)) as plumbed:
        assert page.text == plumbed.pages[0].extract_text()


def test_a_ruled_table_is_read_by_the_fast_path() -> None:
    data = _pdf(_table)
    doc = pdf.read_pdf("plan.pdf", data, Limits()).document
    assert doc.pages[0].tables == (ROWS,)


def test_a_drawn_curve_sends_the_page_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pdf(_curve)
    assert _route(data) is None  # pdfium sees only text and a path; the text-less pass sees the curve
    fast, whole = _read(data, monkeypatch)
    assert whole == 1
    assert fast == _read_slow(data, monkeypatch)


@pytest.mark.parametrize(
    ("draw", "rotate", "why"),
    [(_image, 0, "image or form"), (_nothing, 90, "rotated page")],
    ids=["image", "rotated page"],
)
def test_images_and_rotated_pages_go_to_pdfplumber(draw: Any, rotate: int, why: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pdf(draw, rotate)
    assert _route(data) == why
    fast, whole = _read(data, monkeypatch)
    assert whole == 1
    assert fast == _read_slow(data, monkeypatch)


def test_a_page_with_little_text_goes_to_pdfplumber() -> None:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawString(50, 800, "Page 2")
    c.showPage()
    c.save()
    assert _route(out.getvalue()) == "little text"


def test_slanted_text_is_left_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pdf(_slanted_text)
    assert _route(data) is None
    fast, whole = _read(data, monkeypatch)
    assert whole == 1  # pdfium's characters are not upright: read_page declines
    assert fast == _read_slow(data, monkeypatch)


def _bullets(c: canvas.Canvas) -> None:
    c.setFont("Helvetica", 11)
    c.drawString(50, 600, "\u2022 Daily check-in with the key adult")


def test_a_bullet_by_code_127_reads_as_pdfminer_reads_it_on_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ReportLab writes a bullet in a standard font as code 127, which pdfminer leaves unmapped
    ('(cid:127)', and the headings keep that): the fast path reads it the same (issue 15)."""
    data = _pdf(_bullets)
    assert _route(data) is None
    fast, whole = _read(data, monkeypatch)
    assert whole == 0
    assert fast == _read_slow(data, monkeypatch)
    assert "\u2022 Daily check-in with the key adult" in fast.text


def test_a_page_with_bullets_by_two_codes_goes_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    _bullets(c)
    c.drawString(50, 580, "\u2022 Lunch with a friend")
    c.showPage()
    c.save()
    data = out.getvalue().replace(b"(\\177 Daily", b"(\\225 Daily")
    fast, whole = _read(data, monkeypatch)
    assert whole == 1
    assert fast == _read_slow(data, monkeypatch)


def test_a_bullet_by_its_windows_code_takes_the_fast_path_and_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Code 0x95, the bullet of WinAnsiEncoding, reads as a bullet in pdfminer too: only a page
    that may show code 127 needs pdfplumber (issue 15)."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    _bullets(c)
    c.showPage()
    c.save()
    data = out.getvalue().replace(b"(\\177 Daily", b"(\\225 Daily")
    assert b"(\\225 Daily" in data
    fast, whole = _read(data, monkeypatch)
    assert whole == 0
    assert fast == _read_slow(data, monkeypatch)
    assert "\u2022 Daily check-in with the key adult" in fast.text


@pytest.mark.parametrize(
    ("contents", "may"),
    [(b"BT (\\177 x) Tj ET", True), (b"BT (\x7f x) Tj ET", True), (b"BT <00 7F20> Tj ET", True),
     (b"BT <07 F2> Tj ET", False), (b"BT (\\225 x) Tj ET << /MCID 7 >> BDC", False)],
)
def test_code_127_is_found_in_literal_octal_and_hex_strings(contents: bytes, may: bool) -> None:
    assert pdf._may_show_code(contents, 0x7F) is may


@pytest.mark.parametrize(
    ("contents", "text"),
    [(b"BT (\\225 x) Tj ET", "\u2022"), (b"BT (\\177 x) Tj ET", "(cid:127)"),
     (b"BT (\\177 x) Tj (\\225 y) Tj ET", None), (b"BT (\\177 x) Tj <B7> Tj ET", None)],
)
def test_what_a_bullet_in_a_font_without_glyphs_reads_as(contents: bytes, text: str | None) -> None:
    assert pdf._bullet_text(contents) == text


def test_a_page_whose_content_inflates_past_the_bound_goes_to_pdfplumber(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _pdf(_table)
    monkeypatch.setattr(pdf, "_MAX_FAST_CONTENT", 100)
    fast, whole = _read(data, monkeypatch)
    assert whole == 1
    monkeypatch.setattr(pdf, "_MAX_FAST_CONTENT", 16 * 1024 * 1024)
    assert fast == _read_slow(data, monkeypatch)


def test_a_characters_text_object_address_is_the_pointers() -> None:
    import ctypes

    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(_pdf(_nothing))
    page = document[0]
    textpage = page.get_textpage()
    try:
        address = pdf_fast._text_object_address()
        for i in range(textpage.count_chars()):
            pointer = raw.FPDFText_GetTextObject(textpage.raw, i)
            assert address(textpage.raw, i) == ctypes.cast(pointer, ctypes.c_void_p).value
    finally:
        textpage.close()
        page.close()
        document.close()
