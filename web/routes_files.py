"""Attachments (always downloads, never shown inline) and messages that belong to no case."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlmodel import col

from store.models import AttachmentRecord, RawMessage
from web import audit
from web.casedata import AttachmentView
from web.deps import DbSession, LoggedIn, render
from web.mailview import attachment_payload, body_text

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
