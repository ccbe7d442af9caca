"""Who saw what: every view of a case, a message or an attachment, and every export, across
cases, from the audit trail (`web.audit` records them as they happen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from store.cases import pupil_key
from store.models import AuditEvent, Case

ACCESS_ACTIONS = {
    "view_case": "viewed the case",
    "view_message": "viewed a message",
    "view_attachment_text": "read an attachment's text",
    "download_attachment": "downloaded an attachment",
    "export_pupil": "exported a pupil's data (subject access)",
}
COLUMNS = ("When (UTC)", "User", "Pupil", "Case", "What", "Message", "Attachment")
DEFAULT_LIMIT = 2000


@dataclass(frozen=True)
class AccessFilter:
    user: str = ""
    pupil: str = ""
    """Part of the pupil's name, as names are matched (`store.cases.pupil_key`)."""
    case: str = ""
    """The case's reference."""
    action: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AccessRow:
    at: datetime
    user: str
    pupil: str
    reference: str
    case_id: int | None
    action: str
    message_id: int | None
    attachment_id: int | None

    @property
    def what(self) -> str:
        return ACCESS_ACTIONS.get(self.action, self.action)

    def cells(self) -> list[str]:
        return [self.at.strftime("%Y-%m-%d %H:%M:%S"), self.user, self.pupil, self.reference, self.what,
                str(self.message_id or ""), str(self.attachment_id or "")]


def access_rows(session: Session, wanted: AccessFilter, limit: int = DEFAULT_LIMIT) -> list[AccessRow]:
    """The accesses that match, newest first (at most `limit`)."""
    actions = [wanted.action] if wanted.action in ACCESS_ACTIONS else list(ACCESS_ACTIONS)
    query = (
        select(AuditEvent, col(Case.reference), col(Case.pupil_name))
        .join(Case, col(Case.id) == col(AuditEvent.case_id), isouter=True)
        .where(col(AuditEvent.action).in_(actions))
    )
    if wanted.user.strip():
        query = query.where(col(AuditEvent.actor) == wanted.user.strip())
    if wanted.case.strip():
        query = query.where(col(Case.reference) == wanted.case.strip().upper())
    key = pupil_key(wanted.pupil)
    if key:
        query = query.where(col(Case.pupil_key).contains(key, autoescape=True))
    if wanted.since:
        query = query.where(col(AuditEvent.at) >= datetime.combine(wanted.since, time(), UTC))
    if wanted.until:
        before = datetime.combine(wanted.until + timedelta(days=1), time(), UTC)
        query = query.where(col(AuditEvent.at) < before)
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    out = []
    for event, reference, pupil in session.execute(query).all():
        attachment = event.detail.get("attachment_id") if isinstance(event.detail, dict) else None
        out.append(AccessRow(
            at=event.at, user=event.actor, pupil=pupil or "",
            reference=reference or "", case_id=event.case_id, action=event.action,
            message_id=event.message_row_id,
            attachment_id=attachment if isinstance(attachment, int) else None,
        ))
    return out
