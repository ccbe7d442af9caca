"""Scans read by OCR (Tesseract): printed, signed and scanned plans at several resolutions and
skews are read like their typed originals, table row by table row, and a signature is judged by
the ink in the parent's signature box."""

from __future__ import annotations

import shutil

import pytest

from parsers import sniff
from parsers.limits import Limits
from parsers.mail import read_attachment
from parsers.model import Document
from tests.filemakers import PLAN_ROWS, SIGNATURE_ROWS, image_bytes, scanned_plan_page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None,
                       reason="needs Debian's tesseract-ocr (scripts/bootstrap)"),
]

LIMITS = Limits(timeout_seconds=60)
SIGNATURE_HEADER = ("Role", "Name", "Signature", "Date")


def _read(name: str, data: bytes) -> Document:
    doc = read_attachment(name, sniff.OCTET, data, LIMITS).document
    assert doc is not None
    return doc


def _assert_read_like_typed(doc: Document) -> None:
    assert doc.readable, doc.error
    page = doc.pages[0]
    assert page.ocr_confidence is not None and page.ocr_confidence > 70
    details, signatures = page.tables
    assert details == PLAN_ROWS
    assert signatures[0] == SIGNATURE_HEADER
    assert [(row[0], row[1]) for row in signatures[1:]] == list(SIGNATURE_ROWS)
    for label, value in PLAN_ROWS:
        assert f"{label} {value}" in page.text.splitlines()


@pytest.mark.parametrize(
    ("fmt", "dpi", "angle", "noise"),
    [("PNG", 300, 0.0, 6.0), ("JPEG", 200, -2.5, 8.0), ("TIFF", 200, 3.0, 8.0), ("PDF", 150, 1.5, 10.0)],
)
def test_signed_scan_reads_like_the_typed_plan(fmt: str, dpi: int, angle: float, noise: float) -> None:
    page = scanned_plan_page(signed=True, dpi=dpi, angle=angle, noise=noise)
    doc = _read(f"scan.{fmt.lower()}", image_bytes(page, fmt, dpi))
    _assert_read_like_typed(doc)
    assert doc.signature_marks == ("Parent/carer",)
    parent_row = doc.pages[0].tables[1][1]
    assert parent_row[2] == "(signed)", "what OCR made of the handwriting is replaced"


def test_unsigned_scan_has_no_signature_mark() -> None:
    page = scanned_plan_page(signed=False, dpi=300, angle=-1.0)
    doc = _read("scan.png", image_bytes(page, "PNG", 300))
    _assert_read_like_typed(doc)
    assert doc.signature_marks == ()


def test_blank_scan_is_unreadable_with_the_reason() -> None:
    from PIL import Image

    blank = Image.new("L", (2480, 3508), 255)
    doc = _read("blank.pdf", image_bytes(blank, "PDF", 300))
    assert not doc.readable
    assert doc.error == "a scan or photo with no readable text (OCR found nothing)"


def test_ocr_switched_off_reports_the_pages() -> None:
    page = scanned_plan_page(signed=False, dpi=150, noise=0)
    data = image_bytes(page, "PDF", 150)
    doc = read_attachment("scan.pdf", sniff.PDF, data, Limits(ocr_enabled=False)).document
    assert doc is not None and not doc.readable
    assert doc.error == "scanned pages not read by OCR (OCR is switched off): 1"


@pytest.mark.parametrize("turn", [90, 270])
def test_a_page_fed_sideways_is_turned_upright_and_read(turn: int) -> None:
    """A copier page on its side reads as noise upright; orientation detection turns it."""
    page = scanned_plan_page(signed=True).rotate(turn, expand=True, fillcolor=255)
    _assert_read_like_typed(_read("sideways.png", image_bytes(page, "PNG")))
