"""Answers on scanned forms, classes from blind set 25's twins (issue 9, kind 9): a star drawn
after the chosen word of 'Active None', round option buttons ('© Involved @ Not involved'),
initials written in the chosen box ('Yes [C No'), several rows' options run together by OCR, a
declaration's own words before its options, and a searchable scan (a text layer drawn invisible
over the page's picture) read by OCR."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from config.settings import Settings
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.lookup import tick_answer
from parsers.pdf import read_pdf
from tests.minimail import corpus_of, document


@pytest.mark.parametrize(
    ("value", "answer"),
    [
        ("Active None *", False),
        ("Active ** None", True),  # a star drawn after the chosen word, standing alone between them
        ("Yes ( No", None),  # a ring's part is no star: no answer
        ("© Involved @ Not inyolved", False),  # the filled button is the answer
        ("@ Involved © Not", True),
        ("| © Involved @ Notin", False),
        ("Yes [C No", False),  # initials in the chosen box
        ("Active None", None),
        ("Involved Not involved *", False),  # blind 25 sealed (not blind): the star after 'Not involved'
        ("Involved * Not involyed", True),
        ("Involved Not involved", None),
    ],
)
def test_marks_on_printed_options(value: str, answer: bool | None) -> None:
    assert tick_answer(value) is answer


def _circumstances(text: str) -> dict[str, bool | None]:
    return extract_circumstances(corpus_of("Scan attached.", documents=[document(text, (), "scan.pdf")]))[0]


def test_a_declaration_read_with_its_options() -> None:
    """'The learner is looked after by a local authority Yes [C No', 'A child protection plan is in
    place Yes [ No': the declaration is the label, not a statement that it applies."""
    found = _circumstances(
        "The learner is looked after by a local authority Yes [C No\n"
        "A child protection plan is in place Yes [ No\n"
    )
    assert found["looked_after"] is False
    assert found["child_protection"] is None


def test_several_rows_options_in_one_cell_answer_none_of_them() -> None:
    table = (
        ("Declaration", "Answer"),
        ("The learner is looked after by a local authority", "Yes [C No ☐ Yes ☒ No ☐ No ☒ Yes Yes [ No"),
    )
    corpus = corpus_of("Scan attached.", documents=[document("Declaration Answer\n", (table,), "scan.pdf")])
    assert extract_circumstances(corpus)[0]["looked_after"] is not True


def _searchable_scan(invisible: bool) -> bytes:
    picture = io.BytesIO()
    Image.new("L", (600, 850), 255).save(picture, "PNG")
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 0, 0, *A4)
    text = page.beginText(72, 760)
    text.setTextRenderMode(3 if invisible else 0)
    for line in ("INDIVIDUAL CARE AND REINTEGRATION PLAN", "Name DOB Year", "Plan started Full days from"):
        text.textLine(line)
    page.drawText(text)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_searchable_scan_is_read_as_a_scan() -> None:
    """Its text layer is the scanner's OCR of the printed form only; what was written in by hand
    is in the picture. The page goes to OCR; its text layer stays where OCR is off."""
    read = read_pdf("scan.pdf", _searchable_scan(invisible=True), Settings().limits())
    assert read.scanned_pages == (0,)
    assert "INDIVIDUAL CARE" in read.document.pages[0].text


def test_visible_text_over_a_picture_is_the_text() -> None:
    read = read_pdf("form.pdf", _searchable_scan(invisible=False), Settings().limits())
    assert read.scanned_pages == ()


def test_both_involvement_options_printed_are_no_statement() -> None:
    """'Social worker - child protection plan Involved Not involved *': the first option printed
    is not the answer (it was read as 'Involved', every circumstance applying)."""
    found = _circumstances(
        "Service Involved? Name\n"
        "Social worker - child protection plan Involved Not involved *\n"
        "SEN Team - my EHC plan Involved Not involved\n"
    )
    assert found["child_protection"] is False
    assert found["ehcp"] is not True
