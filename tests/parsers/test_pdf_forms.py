"""A fillable PDF form filled in and saved without flattening (issue 9): the answers live in the
form's fields, so they are placed on the page where the form shows them and read as typed text."""

from __future__ import annotations

import io

from parsers.limits import Limits
from parsers.pdf import read_pdf


def _fillable_form(looked_after: bool) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    form = c.acroForm
    height = A4[1]

    def y(top: float) -> float:
        return height - top

    c.setFont("Helvetica", 9)
    c.drawString(40, y(126), "Pupil name")
    form.textfield(
        name="Text1", value="Inês Magalhães", x=120, y=y(135), width=200, height=15, borderWidth=0, fontSize=8
    )
    for row, (label, chosen) in enumerate((("Looked After Child", looked_after), ("EHCP", False))):
        top = 198 + row * 16
        c.drawString(40, y(top), label)
        c.drawString(330, y(top), "Yes")
        c.drawString(390, y(top), "No")
        form.checkbox(name=f"C{row}_Yes", x=352, y=y(top + 4), size=10, checked=chosen, borderWidth=1)
        form.checkbox(name=f"C{row}_No", x=408, y=y(top + 4), size=10, checked=not chosen, borderWidth=1)
    c.drawString(40, y(270), "Supportive interventions")
    form.textfield(
        name="Text7",
        value="Meet and greet each morning; two ELSA sessions a week; a "
        "Zones of Regulation check-in after break and a quiet room at lunch.",
        x=40,
        y=y(320),
        width=300,
        height=45,
        fieldFlags="multiline",
        borderWidth=0,
        fontSize=9,
    )
    c.drawString(40, y(340), "Named person")
    form.textfield(name="Text8", value="", x=120, y=y(349), width=200, height=15, borderWidth=0)
    c.showPage()
    c.save()
    return out.getvalue()


def _text(data: bytes) -> str:
    return read_pdf("form.pdf", data, Limits(ocr_enabled=False)).document.text


def test_a_text_fields_value_reads_on_its_labels_line() -> None:
    assert "Pupil name Inês Magalhães" in _text(_fillable_form(False))


def test_a_checked_box_reads_before_its_label_as_a_typed_form_writes_it() -> None:
    lines = _text(_fillable_form(True)).splitlines()
    assert "Looked After Child ☒ Yes ☐ No" in lines
    assert "EHCP ☐ Yes ☒ No" in lines
    assert "Looked After Child ☐ Yes ☒ No" in _text(_fillable_form(False)).splitlines()


def test_a_long_value_is_wrapped_in_its_box_and_read_whole() -> None:
    text = " ".join(_text(_fillable_form(False)).split())
    assert "Meet and greet each morning; two ELSA sessions a week; a Zones of Regulation check-in" in text
    assert "quiet room at lunch." in text


def test_placed_fields_are_not_read_again_from_the_field_list() -> None:
    doc = read_pdf("form.pdf", _fillable_form(True), Limits(ocr_enabled=False)).document
    assert doc.form_fields == ()
    assert "Named person" in doc.text  # the empty field adds nothing
