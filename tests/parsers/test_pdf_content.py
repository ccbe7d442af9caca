"""A page's content stream without its text operators (the PDF fast path's ruling lines): the rest
kept in order, idle state blocks dropped, and anything not read exactly as pdfminer reads it
refused (the caller then lets pdfminer read the whole stream)."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from parsers import pdf
from parsers.pdf_content import without_text


def test_text_operators_and_their_operands_are_left_out() -> None:
    stream = (
        b"1 0 0 1 0 0 cm BT /F1 12 Tf 14.4 TL 1 0 0 1 50 700 Tm (Pupil \\(Year 8\\)) Tj T* "
        b"[(W) 120 (eek (1)) -3.5 <48>] TJ 2 0 Td (a) ' 1 2 (b) \" ET\n"
        b"0 0 0 RG .5 w 10 20 m 300 20 l S 0 0 100 50 re f"
    )
    assert without_text(stream) == b"1 0 0 1 0 0 cm 0 0 0 RG .5 w 10 20 m 300 20 l S 0 0 100 50 re f"


def test_a_block_that_only_sets_the_state_it_restores_is_dropped() -> None:
    stream = b"q 1 0 0 1 57 781 cm q 0 0 0 rg BT /F1 10 Tf (x) Tj ET Q Q q 0 0 1 rg 0 0 m 5 5 l S Q"
    assert without_text(stream) == b"q 0 0 1 rg 0 0 m 5 5 l S Q"


def test_marked_content_and_comments() -> None:
    stream = b"/P <</MCID 0 /Alt (a (b) c)>> BDC % a comment\nq 0 g Q EMC 1 2 m 3 4 l S"
    assert without_text(stream) == b"/P <</MCID 0 /Alt (a (b) c)>> BDC EMC 1 2 m 3 4 l S"


@pytest.mark.parametrize(
    "stream",
    [
        b"1 2 3 m 4 5 l S",  # an operand left over for the next operator
        b"BT (x) ET Tj",  # an operator short of operands
        b"10 20 foo 1 2 m",  # an operator pdfminer does not know
        b"BI /W 1 /H 1 ID \x00 EI",  # an inline image
        b"[1 2 m] 0 d",  # an operator inside an array
        b"[1 2 0 d",  # an array not closed
        b"(not closed Tj",
        b"12abc 1 2 m",  # pdfminer reads a number, then a keyword
        b"{ 1 } 1 2 m",
    ],
)
def test_what_the_scan_does_not_read_as_pdfminer_does_is_refused(stream: bytes) -> None:
    assert without_text(stream) is None


def _platypus_pdf() -> bytes:
    """A ReportLab story: paragraphs in their own state blocks, and a ruled table with shading."""
    out = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    table = Table([["Week", "Hours"], ["1", "15 (Mon-Fri)"], ["2", "20"]])
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightblue)]
        )
    )
    story = [Paragraph("Reintegration plan (Year 8)", style), table, Paragraph("Signed by the parent", style)]
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def _canvas_pdf() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(50, 800, "Pupil name: Sam Doe")
    c.setLineWidth(2)
    c.line(50, 790, 500, 790)
    c.rect(50, 600, 200, 100, stroke=1, fill=0)
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("make", [_platypus_pdf, _canvas_pdf])
def test_the_lines_and_rectangles_are_those_of_the_whole_stream(make: object) -> None:
    data = make()  # type: ignore[operator]
    with pdfplumber.open(io.BytesIO(data)) as whole, pdfplumber.open(io.BytesIO(data)) as lean:
        before = whole.pages[0]
        after = lean.pages[0]
        contents = pdf._small_contents(after)
        assert contents is not None and without_text(contents) is not None
        pdf._lay_out_without_text(after, contents)
        assert after.edges and after.edges == before.edges
        assert (after.rects, after.lines, after.curves) == (before.rects, before.lines, before.curves)
