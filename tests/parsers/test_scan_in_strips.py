"""A scanned page a copier stored as strips (six pictures, each a sixth of the page) is a scan and
is read by OCR (parsers.pdf, parsers.documents); a page with a logo on it is not. Real Tesseract."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from parsers import sniff
from parsers.documents import read_document
from parsers.limits import Limits
from tests.filemakers import scanned_plan_page

A4 = (595.0, 842.0)


def _pdf_of_strips(page: Image.Image, strips: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = page.size
    step = height // strips
    for n in range(strips):
        strip = page.crop((0, n * step, width, min((n + 1) * step, height)))
        strip_height = A4[1] * strip.size[1] / height
        top = A4[1] - A4[1] * n * step / height
        pdf.drawImage(ImageReader(strip), 0, top - strip_height, A4[0], strip_height)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_page_scanned_as_strips_is_read_by_ocr() -> None:
    data = _pdf_of_strips(scanned_plan_page(signed=False, noise=2.0), strips=6)
    doc = read_document("SCAN0001.pdf", sniff.PDF, data, Limits(timeout_seconds=60))
    assert doc.pages[0].ocr_confidence is not None
    assert "Reintegration Timetable Plan" in doc.text


def test_a_typed_page_with_a_logo_is_not_a_scan() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    logo = Image.new("L", (300, 150), 90)
    pdf.drawImage(ImageReader(logo), 40, 760, 80, 40)
    text = pdf.beginText(40, 700)
    for line in ("Reintegration timetable plan", "Named person: Mrs Halina Kowalska", "Reviews: 14/10/2027"):
        text.textLine(line)
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    doc = read_document("plan.pdf", sniff.PDF, out.getvalue(), Limits(timeout_seconds=60))
    assert doc.pages[0].ocr_confidence is None
    assert "Named person" in doc.text
