"""Attachments (always downloads, never shown inline) and messages that belong to no case."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlmodel import col

from parsers.model import ParsedMessage
from parsers.payloads import attachment_payload
from store.models import AttachmentRecord, RawMessage, RequirementRecord
from store.snapshots import load_snapshot
from web import audit
from web.casedata import AttachmentView
from web.deps import DbSession, LoggedIn, render, web_state
from web.mailview import body_text, page_texts, split_on

router = APIRouter()


def download_headers(filename: str) -> dict[str, str]:
    ascii_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[:120] or "attachment"
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }


@router.get("/attachments/{attachment_id}")
def download(
    attachment_id: int, officer: LoggedIn, session: DbSession
) -> Response:
    record = session.get(AttachmentRecord, attachment_id)
    message = session.get(RawMessage, record.message_row_id) if record else None
    if record is None or message is None:
        raise HTTPException(status_code=404, detail="No such attachment.")
    payload = attachment_payload(message.raw, record.sha256)
    if payload is None:
        raise HTTPException(status_code=404, detail="The attachment could not be found in the message.")
    audit.record(session, officer.username, "download_attachment", message.case_id,
                 {"attachment_id": attachment_id, "filename": record.filename}, message_row_id=message.id)
    return Response(payload, media_type="application/octet-stream", headers=download_headers(record.filename))


def _read_pages(snapshot: ParsedMessage | None, sha256: str) -> list[tuple[int, str]] | None:
    """The pages the daemon read of this file, from the message's snapshot (issue 10: read once)."""
    found = next((a for a in snapshot.all_attachments() if a.sha256 == sha256), None) if snapshot else None
    if found is None or found.document is None:
        return None
    return [(p.number, p.text) for p in found.document.pages] if found.document.readable else []


@router.get("/attachments/{attachment_id}/text", response_class=HTMLResponse)
def attachment_text(
    attachment_id: int, request: Request, officer: LoggedIn, session: DbSession, page: int = 0,
    requirement: str = "",
) -> Response:
    """The attachment's text as the daemon read it (a page of it), with the evidence marked."""
    record = session.get(AttachmentRecord, attachment_id)
    message = session.get(RawMessage, record.message_row_id) if record else None
    payload = attachment_payload(message.raw, record.sha256) if record and message else None
    if record is None or message is None or payload is None:
        raise HTTPException(status_code=404, detail="No such attachment.")
    read = _read_pages(load_snapshot(session, sha256=message.sha256), record.sha256)
    if read is None:  # no snapshot by today's readers (a failed read is not kept): read it now
        read = page_texts(record.filename, record.content_type, payload, web_state(request).settings.limits())
    pages = [(n, t) for n, t in read if page in (0, n)]
    evidence = _evidence(session, message.case_id, requirement)
    audit.record(session, officer.username, "view_attachment_text", message.case_id,
                 {"attachment_id": attachment_id, "page": page or None}, message_row_id=message.id)
    return render(request, "attachment_text.html", {
        "a": record, "m": message, "page": page, "evidence": evidence, "requirement": requirement,
        "labels": web_state(request).guidance.labels,
        "pages": [(n, t, split_on(t, evidence)) for n, t in pages],
    })


def _evidence(session: DbSession, case_id: int | None, requirement: str) -> str | None:
    if case_id is None or not requirement:
        return None
    stmt = select(col(RequirementRecord.evidence)).where(
        col(RequirementRecord.case_id) == case_id, col(RequirementRecord.requirement_id) == requirement)
    return session.execute(stmt).scalars().first()


@router.get("/messages/{message_id}", response_class=HTMLResponse)
def message_page(
    message_id: int, request: Request, officer: LoggedIn,
    session: DbSession,
) -> Response:
    message = session.get(RawMessage, message_id)
    if message is None:
        raise HTTPException(status_code=404, detail="No such message.")
    stmt = select(AttachmentRecord).where(col(AttachmentRecord.message_row_id) == message_id)
    atts = [AttachmentView(a.id or 0, a.filename, a.content_type, a.size, a.pages, a.readable, a.error)
            for a in session.execute(stmt).scalars()]
    audit.record(session, officer.username, "view_message", message.case_id, message_row_id=message_id)
    context = {"m": message, "body": body_text(message.raw), "attachments": atts}
    return render(request, "message.html", context)
