"""A Word 'Web Page' saved as .doc, or a school system's export sent as application/msword, is an
HTML page: it is read as HTML (a table's row a line of cells, its charset honoured), not as markup
(issue 9, blind set 25)."""

from __future__ import annotations

from email.message import EmailMessage

from config.settings import Settings
from parsers.mail import parse_message
from parsers.sniff import DOC, sniff_type

_PAGE = (
    '<html xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8"></head><body>'
    "<table><tr><th>Learner</th><td>Zoë Kowalska</td></tr>"
    "<tr><td>A child protection plan is in place</td><td>☒ Yes ☐ No</td></tr></table></body></html>"
).encode()


def test_html_bytes_are_html_whatever_the_name() -> None:
    assert sniff_type(_PAGE, DOC, "plan.doc") == "text/html"
    with_bom = b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>"
    assert sniff_type(with_bom, DOC, "plan.doc") == "text/html"
    assert sniff_type(b"Dear parent, <html> is a tag", "text/plain", "note.txt") == "text/plain"


def test_the_attachment_is_read_with_its_tables_and_its_charset() -> None:
    mail = EmailMessage()
    mail["From"] = "office@school.oxon.sch.uk"
    mail["To"] = "attendance@oxfordshire.gov.uk"
    mail["Subject"] = "Plan"
    mail.set_content("Plan attached.")
    mail.add_attachment(_PAGE, maintype="application", subtype="msword", filename="plan.doc")
    parsed = parse_message(mail.as_bytes(), Settings().limits())
    document = parsed.attachments[0].document
    assert document is not None
    assert "Zoë Kowalska" in document.text
    assert "<table" not in document.text
    assert "A child protection plan is in place\t☒ Yes ☐ No" in document.text  # a row's cells, not markup
