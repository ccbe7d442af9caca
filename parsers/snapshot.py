"""A parsed message as a stored snapshot, and back: read a message once, judge it many times.

Pure: `encode` turns a `ParsedMessage` into compact bytes (zlib'd JSON), `decode` turns them
back into an equal `ParsedMessage`. Attachments' payload bytes are not kept (they compare
unequal to nothing: `Attachment.payload` is `compare=False`); nor is anything of the `Limits`
the message was read under (never a password). A snapshot is valid for one `READERS_VERSION`:
bump it whenever what the readers produce changes, and older snapshots are read again.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import Any

from parsers.model import Address, Attachment, Document, Page, ParsedMessage

READERS_VERSION = 28
"""The version of what reading a message produces; a snapshot of another version is stale.
2: HTML bodies mark their <h1>..<h6> headings.
3: OCR divides out a photo's uneven light before thresholding.
4: PDF pages with only text, ruling lines and rectangles are read by pdfium (the fast path);
what is read is the same as before on every case, but a snapshot says how it was read.
5: Word's struck-through text is marked '~~...~~'; OCR turns a page on its side upright.
6: a filled-in PDF form's field values are placed on its page where the form shows them.
7: Excel workbooks (.xlsx) are read, a sheet a page; OpenDocument headings are listed as headings.
8: OCR reads names' accents again with Tesseract's Latin model (capitalised words it was unsure of).
9: HTML definition lists (<dl>) are read as two-column tables: each term and its description a row.
16: a Y or N written in a tick box on a scan is read as that letter, not as a tick.
17-18: a Word file of pictures only is read by OCR; a page of faint ink is thresholded halfway
between its ink and its paper.
19: a fax at standard resolution (204 x 98 dpi) is stretched to square pixels before OCR.
20: a page OCR reads very badly whose orientation Tesseract cannot tell is tried upside down.
21-22: a tick box OCR dropped is found where its partner option's box sits.
23: a Yes or No ringed in pen that OCR dropped is found beside its plain partner, and chosen.
24: a PDF page of a scan stored as strips is read by OCR; a Word file of photos under a caption too.
25: a PDF page whose table stands beside its running text (a letter's sidebar) reads the text,
    then the table's rows, not their lines interleaved; a Word or ODT letter laid out in a table
    beside a box of labels and values reads the letter, then the box.
26: a file whose first bytes are an HTML page is read as HTML, whatever its name or declared type
    (Word's 'Web Page' saved as .doc, a school system's export sent as application/msword).
27: a PDF page whose only text is drawn invisible over a picture of the page (a searchable scan:
    the scanner's OCR of the printed form) is read by OCR as the scan it is.
28: a Word file's headers and footers are read with their tables (a form's lead or pupil in a table
    in the page header), not their paragraphs only; headers above the body, footers below it.
"""

_FORMAT = 1


def encode(message: ParsedMessage) -> bytes:
    """The message as compact bytes (zlib'd JSON); payload bytes are left out."""
    text = json.dumps({"f": _FORMAT, "m": to_dict(message)}, separators=(",", ":"))
    return zlib.compress(text.encode("ascii"), 6)


def decode(data: bytes) -> ParsedMessage:
    """The message a snapshot holds (attachments' payloads are empty)."""
    doc = json.loads(zlib.decompress(data).decode("ascii"))
    if doc.get("f") != _FORMAT:
        raise ValueError(f"unknown snapshot format {doc.get('f')!r}")
    return from_dict(doc["m"])


def to_dict(m: ParsedMessage) -> dict[str, Any]:
    return {
        "message_id": m.message_id,
        "from": _address(m.from_) if m.from_ else None,
        "to": [_address(a) for a in m.to],
        "cc": [_address(a) for a in m.cc],
        "reply_to": [_address(a) for a in m.reply_to],
        "subject": m.subject,
        "date": m.date.isoformat() if m.date else None,
        "headers": [list(h) for h in m.headers],
        "text_body": m.text_body,
        "html_body_text": m.html_body_text,
        "attachments": [_attachment(a) for a in m.attachments],
        "forwarded": [to_dict(f) for f in m.forwarded],
        "defects": list(m.defects),
        "content_type": m.content_type,
        "in_reply_to": m.in_reply_to,
        "references": list(m.references),
        "sender_refused": m.sender_refused,
    }


def from_dict(d: dict[str, Any]) -> ParsedMessage:
    return ParsedMessage(
        message_id=d["message_id"],
        from_=_to_address(d["from"]) if d["from"] is not None else None,
        to=tuple(_to_address(a) for a in d["to"]),
        cc=tuple(_to_address(a) for a in d["cc"]),
        reply_to=tuple(_to_address(a) for a in d["reply_to"]),
        subject=d["subject"],
        date=datetime.fromisoformat(d["date"]) if d["date"] is not None else None,
        headers=tuple((k, v) for k, v in d["headers"]),
        text_body=d["text_body"],
        html_body_text=d["html_body_text"],
        attachments=tuple(_to_attachment(a) for a in d["attachments"]),
        forwarded=tuple(from_dict(f) for f in d["forwarded"]),
        defects=tuple(d["defects"]),
        content_type=d["content_type"],
        in_reply_to=d["in_reply_to"],
        references=tuple(d["references"]),
        sender_refused=d["sender_refused"],
    )


def _address(a: Address) -> list[str]:
    return [a.name, a.email]


def _to_address(a: list[str]) -> Address:
    return Address(name=a[0], email=a[1])


def _attachment(a: Attachment) -> dict[str, Any]:
    return {
        "filename": a.filename,
        "declared_type": a.declared_type,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "document": _document(a.document) if a.document is not None else None,
        "children": [_attachment(c) for c in a.children],
        "message": to_dict(a.message) if a.message is not None else None,
    }


def _to_attachment(d: dict[str, Any]) -> Attachment:
    return Attachment(
        filename=d["filename"],
        declared_type=d["declared_type"],
        content_type=d["content_type"],
        size=d["size"],
        sha256=d["sha256"],
        payload=b"",
        document=_to_document(d["document"]) if d["document"] is not None else None,
        children=tuple(_to_attachment(c) for c in d["children"]),
        message=from_dict(d["message"]) if d["message"] is not None else None,
    )


def _document(doc: Document) -> dict[str, Any]:
    return {
        "source": doc.source,
        "pages": [_page(p) for p in doc.pages],
        "form_fields": [list(f) for f in doc.form_fields],
        "signature_marks": list(doc.signature_marks),
        "readable": doc.readable,
        "error": doc.error,
        "encrypted": doc.encrypted,
        "notes": list(doc.notes),
    }


def _to_document(d: dict[str, Any]) -> Document:
    return Document(
        source=d["source"],
        pages=tuple(_to_page(p) for p in d["pages"]),
        form_fields=tuple((k, v) for k, v in d["form_fields"]),
        signature_marks=tuple(d["signature_marks"]),
        readable=d["readable"],
        error=d["error"],
        encrypted=d["encrypted"],
        notes=tuple(d["notes"]),
    )


def _page(p: Page) -> dict[str, Any]:
    return {
        "number": p.number,
        "text": p.text,
        "tables": [[list(row) for row in table] for table in p.tables],
        "ocr_confidence": p.ocr_confidence,
        "headings": list(p.headings),
    }


def _to_page(d: dict[str, Any]) -> Page:
    return Page(
        number=d["number"],
        text=d["text"],
        tables=tuple(tuple(tuple(row) for row in table) for table in d["tables"]),
        ocr_confidence=d["ocr_confidence"],
        headings=tuple(d["headings"]),
    )
