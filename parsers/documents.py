"""Attachments to text: one entry point, `read_document`, dispatching on the sniffed type.

Each reader takes bytes and returns a `Document`; a file that cannot be read becomes a
`Document(readable=False, error=...)` with a specific reason. Nothing here raises for
bad input.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from parsers import sniff
from parsers.limits import Limits
from parsers.model import Document, Page

log = logging.getLogger(__name__)

Reader = Callable[[str, bytes, Limits], Document]


class Unreadable(Exception):
    """A file that cannot be read, with a reason a school can act on."""


def _clean_cell(cell: object) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def read_pdf(source: str, data: bytes, limits: Limits) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pages:
                raise Unreadable(f"the PDF has {len(pdf.pages)} pages, over the limit of {limits.max_pages}")
            pages = tuple(_pdf_page(i + 1, page) for i, page in enumerate(pdf.pages))
    except Unreadable:
        raise
    except PDFPasswordIncorrect as exc:
        raise Unreadable("the PDF is encrypted (password protected)") from exc
    except Exception as exc:  # pdfplumber raises many types on broken files
        raise Unreadable(_pdf_error(exc)) from exc
    return Document(source=source, pages=pages)


def _pdf_page(number: int, page: object) -> Page:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    tables = tuple(
        tuple(tuple(_clean_cell(c) for c in row) for row in table)
        for table in (page.extract_tables() or [])  # type: ignore[attr-defined]
    )
    return Page(number=number, text=text.replace("(cid:127)", "•"), tables=tables)


def _pdf_error(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}".lower()
    if "encrypt" in text or "password" in text:
        return "the PDF is encrypted (password protected)"
    return f"the PDF is damaged and could not be read ({type(exc).__name__})"


def read_docx(source: str, data: bytes, limits: Limits) -> Document:
    from parsers.docx_reader import docx_pages

    try:
        pages = docx_pages(data)
    except Unreadable:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ...
        reason = f"the Word file is damaged or of an unsupported kind ({type(exc).__name__})"
        raise Unreadable(reason) from exc
    return Document(source=source, pages=pages)


def read_text(source: str, data: bytes, limits: Limits) -> Document:
    text = data.decode("utf-8", errors="replace")
    return Document(source=source, pages=(Page(number=1, text=text),))


READERS: dict[str, Reader] = {
    sniff.PDF: read_pdf,
    sniff.DOCX: read_docx,
    "text/plain": read_text,
    "text/csv": read_text,
}


def read_document(source: str, content_type: str, data: bytes, limits: Limits) -> Document:
    """Read one file under the limits; never raises for bad input."""
    if len(data) > limits.max_attachment_bytes:
        mb = limits.max_attachment_bytes // (1024 * 1024)
        return Document(source=source, readable=False, error=f"the file is larger than {mb} MB")
    if not data:
        return Document(source=source, readable=False, error="the file is empty")
    reader = READERS.get(content_type)
    if reader is None:
        return Document(source=source, readable=False, error=f"files of type {content_type} are not read")
    try:
        doc = reader(source, data, limits)
    except Unreadable as exc:
        return Document(source=source, readable=False, error=str(exc))
    if not doc.text.strip():
        return Document(source=source, pages=doc.pages, readable=False,
                        error="no text could be read (a scan with no text layer?)")
    return doc
