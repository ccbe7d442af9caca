"""A Word file holding only pictures of pages (a copier's 'scan to Word') is read by OCR, each
picture a page (parsers.documents); real Tesseract, as CI installs it."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from parsers import sniff
from parsers.documents import read_document
from parsers.limits import Limits
from tests.filemakers import _font


def _page_picture(lines: tuple[str, ...], size: tuple[int, int] | None = None) -> bytes:
    """The lines drawn on a picture: as wide as a page and as tall as the lines, or `size` (a photo
    of a whole page)."""
    image = Image.new("L", size or (2000, 200 + 110 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((100, 100 + 110 * n), line, fill=0, font=_font(56))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def _word_of_pictures(*pictures: bytes) -> bytes:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    for picture in pictures:
        document.add_picture(io.BytesIO(picture), width=Inches(6.5))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_of_pictures_is_read_page_by_page() -> None:
    data = _word_of_pictures(
        _page_picture(("Reduced timetable plan", "Named person: Mrs Halina Kowalska")),
        _page_picture(("Review dates: 14/10/2027", "Signed by parent")),
    )
    doc = read_document("Scan_0004.docx", sniff.DOCX, data, Limits(timeout_seconds=60))
    assert doc.readable
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Named person" in doc.pages[0].text and "Review dates" in doc.pages[1].text
    assert all(p.ocr_confidence is not None for p in doc.pages)


def test_a_word_file_with_text_is_not_read_again_by_ocr() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Named person: Mrs Halina Kowalska")
    document.add_picture(io.BytesIO(_page_picture(("Logo text",))))
    out = io.BytesIO()
    document.save(out)
    doc = read_document("plan.docx", sniff.DOCX, out.getvalue(), Limits(timeout_seconds=60))
    assert "Logo text" not in doc.text
    assert all(p.ocr_confidence is None for p in doc.pages)


def test_photos_of_pages_under_a_caption_are_read() -> None:
    """'Signed passport - photos of the paper copy' over the photos: the caption and each photo, a page."""
    import docx

    document = docx.Document()
    document.add_paragraph("Signed passport - photos of the paper copy")
    photo = _page_picture(("Named person: Mrs Halina Kowalska",), size=(1400, 1900))
    document.add_picture(io.BytesIO(photo))
    out = io.BytesIO()
    document.save(out)
    doc = read_document("photos.docx", sniff.DOCX, out.getvalue(), Limits(timeout_seconds=60))
    assert "photos of the paper copy" in doc.pages[0].text
    assert "Named person" in doc.text
    assert doc.pages[-1].ocr_confidence is not None
