"""Small in-memory messages for unit tests: a body, a subject, attached documents' pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from parsers.extract.corpus import Corpus, build_corpus
from parsers.model import Address, Attachment, Document, Page, ParsedMessage

Table = tuple[tuple[str, ...], ...]


def document(
    text: str, tables: Sequence[Table] = (), source: str = "plan.docx", headings: Sequence[str] = ()
) -> Document:
    """A one-page document: its text, its tables (rows of cells), the lines set as headings."""
    return Document(source, (Page(1, text, tuple(tables), headings=tuple(headings)),))


def message(
    body: str = "",
    subject: str = "Reduced timetable",
    documents: Sequence[Document] = (),
    sender: str = "head@school.oxon.sch.uk",
) -> ParsedMessage:
    attachments = tuple(
        Attachment(d.source, "application/octet-stream", "application/octet-stream", 1, "0" * 64, b"", d)
        for d in documents
    )
    return ParsedMessage(
        message_id="<t@example>",
        from_=Address("", sender),
        to=(Address("", "attendance@oxfordshire.gov.uk"),),
        cc=(),
        reply_to=(),
        subject=subject,
        date=datetime(2026, 3, 4, 9, 0, tzinfo=UTC),
        headers=(),
        text_body=body,
        html_body_text="",
        attachments=attachments,
    )


def corpus_of(
    body: str = "", subject: str = "Reduced timetable", documents: Sequence[Document] = ()
) -> Corpus:
    return build_corpus([message(body, subject, documents)])
