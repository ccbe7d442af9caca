"""Each reader on small, self-made files: PDFs (text, tables, form fields, signatures), Word,
OpenDocument, RTF, zips, attached messages; and the same through a whole message."""

from __future__ import annotations

import pytest

from parsers import sniff
from parsers.documents import read_document
from parsers.limits import Limits
from parsers.mail import parse_message, read_attachment
from tests.filemakers import (
    docx_bytes,
    message_with,
    odt_bytes,
    signature_table_pdf,
    typed_pdf,
    zip_bytes,
)

INLINE = Limits(sandbox=False)
SANDBOXED = Limits(timeout_seconds=20)


def test_typed_pdf_text_tables_and_drawn_signature() -> None:
    doc = read_document("plan.pdf", sniff.PDF, signature_table_pdf(["Parent/carer"]), INLINE)
    assert doc.readable, doc.error
    assert "Pupil name Sam Doe" in doc.text
    assert doc.pages[0].tables[0][0] == ("Role", "Name", "Signature", "Date")
    assert doc.pages[0].tables[0][1][0] == "Parent/carer"
    assert doc.signature_marks == ("Parent/carer",)
    assert doc.pages[0].ocr_confidence is None


def test_typed_pdf_without_drawn_signature_has_no_mark() -> None:
    doc = read_document("plan.pdf", sniff.PDF, signature_table_pdf([]), INLINE)
    assert doc.readable and doc.signature_marks == ()


def test_signature_line_outside_a_table() -> None:
    pdf = typed_pdf(
        [[(50, 100, "I agree to the reduced timetable."), (50, 200, "Parent/carer signature:"),
          (400, 200, "Date: 07/01/2026")]],
        [b"1 w 190 645 m 220 655 250 635 290 645 c S"],
    )
    doc = read_document("plan.pdf", sniff.PDF, pdf, INLINE)
    assert doc.signature_marks == ("Parent/carer",)


def test_prose_about_signing_is_not_a_signature_label() -> None:
    pdf = typed_pdf([[(50, 100, "Mrs Doe signed this plan at the meeting.")]],
                    [b"1 w 300 745 m 320 755 340 735 360 745 c S"])
    assert read_document("plan.pdf", sniff.PDF, pdf, INLINE).signature_marks == ()


def test_pdf_form_fields_are_read() -> None:
    fields = (b"<< /T (Pupil name) /FT /Tx /V (Sam Doe) >> << /T (EHCP) /FT /Btn /V /Yes >>"
              b" << /T (Parent signature) /FT /Sig /V << /Type /Sig >> >> << /T (Empty) /FT /Tx >>")
    pdf = typed_pdf([[(50, 100, "A form with fields")]], fields=fields)
    doc = read_document("form.pdf", sniff.PDF, pdf, INLINE)
    assert ("Pupil name", "Sam Doe") in doc.form_fields
    assert ("EHCP", "Yes") in doc.form_fields
    assert ("Parent signature", "(signed)") in doc.form_fields
    assert "Parent signature" in doc.signature_marks
    assert all(name != "Empty" for name, _ in doc.form_fields)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.4\n garbage", "the PDF is damaged"),
        (b"%PDF-1.4\n" + b"x" * 100, "the PDF is damaged"),
    ],
)
def test_broken_pdfs_are_unreadable_with_a_reason(data: bytes, reason: str) -> None:
    doc = read_document("bad.pdf", sniff.PDF, data, INLINE)
    assert not doc.readable
    assert doc.error is not None and doc.error.startswith(reason)


def test_docx_paragraphs_and_tables() -> None:
    data = docx_bytes(["Pupil name: Sam Doe"], [["Role", "Signature"], ["Parent/carer", "J Doe"]])
    doc = read_document("plan.docx", sniff.DOCX, data, INLINE)
    assert "Pupil name: Sam Doe" in doc.text
    assert doc.pages[0].tables[0][1] == ("Parent/carer", "J Doe")


def test_odt_paragraphs_and_tables() -> None:
    data = odt_bytes(["Pupil name: Sam Doe"], [["Week", "Hours"], ["1", "15"]])
    attachment = read_attachment("plan.odt", sniff.OCTET, data, INLINE)
    assert attachment.content_type == sniff.ODT
    doc = attachment.document
    assert doc is not None and doc.readable, doc
    assert "Pupil name: Sam Doe" in doc.text
    assert doc.pages[0].tables[0] == (("Week", "Hours"), ("1", "15"))


def test_rtf_to_text() -> None:
    data = (rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Pupil name: Sam Doe\par"
            rb" Week 1: 15 hours\par}")
    attachment = read_attachment("plan.rtf", "application/rtf", data, INLINE)
    assert attachment.document is not None
    assert "Pupil name: Sam Doe" in attachment.document.text
    assert "Week 1: 15 hours" in attachment.document.text


def test_doc_that_is_not_word_is_refused_plainly() -> None:
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000
    doc = read_attachment("old.doc", "application/msword", fake, INLINE).document
    assert doc is not None and not doc.readable
    assert doc.error is not None and "legacy Word (.doc)" in doc.error


def test_zip_members_become_children() -> None:
    data = zip_bytes([("plan.pdf", signature_table_pdf([])), ("notes.txt", b"Review on 16/01/2026"),
                      ("inner.zip", zip_bytes([("x.txt", b"x")]))])
    attachment = read_attachment("plans.zip", "application/zip", data, SANDBOXED)
    names = {c.filename: c for c in attachment.children}
    assert set(names) == {"plan.pdf", "notes.txt", "inner.zip"}
    assert names["plan.pdf"].document is not None and names["plan.pdf"].document.readable
    assert names["notes.txt"].document is not None and "16/01/2026" in names["notes.txt"].document.text
    inner = names["inner.zip"].document
    assert inner is not None and not inner.readable and "zip inside a zip" in (inner.error or "")


def test_zip_with_too_many_members_is_refused() -> None:
    data = zip_bytes([(f"f{i}.txt", b"x") for i in range(60)])
    doc = read_attachment("many.zip", "application/zip", data, SANDBOXED).document
    assert doc is not None and doc.error == "the zip holds 60 files, over the limit of 50"


def test_attached_eml_and_nested_forward_reach_forwarded() -> None:
    innermost = message_with([("plan.pdf", "application/pdf", signature_table_pdf([]))], subject="Plan")
    middle = message_with([("fwd.eml", "application/octet-stream", innermost)], subject="Fwd: Plan")
    outer = message_with([("forwarded.eml", "message/rfc822", middle)], subject="Fwd: Fwd: Plan")
    message = parse_message(outer, SANDBOXED)
    assert len(message.forwarded) == 1
    second = message.forwarded[0]
    assert second.subject == "Fwd: Plan"
    assert [f.subject for f in second.forwarded] == ["Plan"]
    pdfs = [a for a in message.all_attachments() if a.content_type == sniff.PDF]
    assert pdfs and pdfs[0].document is not None and "Sam Doe" in pdfs[0].document.text


def test_zip_holding_an_eml_forwards_it() -> None:
    inner = message_with([], subject="Plan inside a zip", body="Pupil name: Sam Doe")
    outer = message_with([("mail.zip", "application/zip", zip_bytes([("plan.eml", inner)]))])
    message = parse_message(outer, SANDBOXED)
    assert [f.subject for f in message.forwarded] == ["Plan inside a zip"]
    assert "Sam Doe" in message.forwarded[0].body


def test_small_images_are_not_read() -> None:
    from PIL import Image

    from tests.filemakers import image_bytes

    logo = image_bytes(Image.new("L", (120, 60), 200), "PNG")
    doc = read_attachment("logo.png", "image/png", logo, SANDBOXED).document
    assert doc is not None and doc.readable and doc.pages == ()


def test_one_time_budget_for_all_the_files_of_a_message() -> None:
    raw = message_with([("plan.pdf", "application/pdf", signature_table_pdf([]))])
    message = parse_message(raw, Limits(message_seconds=0.5))
    doc = message.attachments[0].document
    assert doc is not None and not doc.readable
    assert doc.error == "not read: the 0.5 s for reading this message's files ran out"
