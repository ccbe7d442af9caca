"""Everything the case page shows, read in a handful of statements (no per-row queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from store.models import (
    AppUser,
    AttachmentRecord,
    AuditEvent,
    Case,
    CaseNote,
    OutboundReply,
    RawMessage,
    RequirementRecord,
)
from triage.catalogue import Guidance
from web.mailview import body_text

AUDIT_LIMIT = 200
_WHERE = re.compile(r"^(?P<file>[^#]+?)(?:#page=(?P<page>\d+))?$")


@dataclass(frozen=True)
class RequirementView:
    id: str
    label: str
    status: str
    """As judged."""
    effective: str
    """The officer's override where there is one, else as judged."""
    evidence: str | None
    where: str | None
    where_file: str | None
    where_page: int | None
    attachment_id: int | None
    override_reason: str | None
    override_by: str | None
    override_at: datetime | None


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    content_type: str
    size: int
    pages: int | None
    readable: bool
    error: str | None


@dataclass(frozen=True)
class ThreadItem:
    direction: str
    """'in' or 'out'."""
    id: int
    at: datetime
    sender: str | None
    recipients: list[str]
    subject: str | None
    body: str
    status: str
    kind: str | None
    attachments: list[AttachmentView]
    hold_reason: str | None = None


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str | None
    text: str


@dataclass(frozen=True)
class CaseData:
    case: Case
    requirements: list[RequirementView]
    thread: list[ThreadItem]
    attachments: list[AttachmentView]
    notes: list[NoteView]
    audit: list[AuditEvent]
    assigned_name: str | None
    linked_reference: str | None


def load_case(session: Session, case_id: int, guidance: Guidance) -> CaseData | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    names = _usernames(session)
    inbound = _inbound(session, case_id)
    atts = _attachments(session, [m.id for m in inbound if m.id is not None])
    all_atts = [a for items in atts.values() for a in items]
    linked = session.get(Case, case.linked_case_id) if case.linked_case_id else None
    return CaseData(
        case=case,
        requirements=_requirements(session, case_id, guidance, names, all_atts),
        thread=_thread(session, case_id, inbound, atts),
        attachments=all_atts,
        notes=_notes(session, case_id, names),
        audit=_audit(session, case_id),
        assigned_name=names.get(case.assigned_to) if case.assigned_to else None,
        linked_reference=linked.reference if linked else None,
    )


def _usernames(session: Session) -> dict[int | None, str]:
    return {int(i): str(u) for i, u in session.execute(select(col(AppUser.id), col(AppUser.username))).all()}


def _inbound(session: Session, case_id: int) -> list[RawMessage]:
    stmt = select(RawMessage).where(col(RawMessage.case_id) == case_id).order_by(col(RawMessage.received_at))
    return list(session.execute(stmt).scalars())


def _attachments(session: Session, message_ids: list[int]) -> dict[int, list[AttachmentView]]:
    out: dict[int, list[AttachmentView]] = {i: [] for i in message_ids}
    if not message_ids:
        return out
    stmt = select(AttachmentRecord).where(col(AttachmentRecord.message_row_id).in_(message_ids))
    for a in session.execute(stmt.order_by(col(AttachmentRecord.id))).scalars():
        assert a.id is not None
        out[a.message_row_id].append(
            AttachmentView(a.id, a.filename, a.content_type, a.size, a.pages, a.readable, a.error)
        )
    return out


def split_where(where: str | None) -> tuple[str | None, int | None]:
    """'plan.pdf#page=3' -> ('plan.pdf', 3); 'body' -> ('body', None)."""
    if not where:
        return None, None
    found = _WHERE.match(where.strip())
    if not found:
        return where, None
    page = found.group("page")
    return found.group("file"), int(page) if page else None


def _requirements(
    session: Session,
    case_id: int,
    guidance: Guidance,
    names: dict[int | None, str],
    atts: list[AttachmentView],
) -> list[RequirementView]:
    stmt = select(RequirementRecord).where(col(RequirementRecord.case_id) == case_id)
    records = {r.requirement_id: r for r in session.execute(stmt).scalars()}
    order = [r.id for r in guidance.requirements] + sorted(set(records) - set(guidance.labels))
    by_name = {a.filename: a.id for a in atts}
    out: list[RequirementView] = []
    for req_id in order:
        rec = records.get(req_id)
        if rec is None:
            continue
        where_file, where_page = split_where(rec.where)
        out.append(RequirementView(
            id=req_id, label=guidance.labels.get(req_id) or req_id, status=rec.status,
            effective=rec.override_status or rec.status, evidence=rec.evidence, where=rec.where,
            where_file=where_file, where_page=where_page,
            attachment_id=by_name.get(where_file or ""), override_reason=rec.override_reason,
            override_by=names.get(rec.override_by), override_at=rec.override_at,
        ))
    problems_first = sorted(out, key=lambda r: r.effective not in ("missing", "not_met"))
    return problems_first


def _thread(
    session: Session, case_id: int, inbound: list[RawMessage], atts: dict[int, list[AttachmentView]]
) -> list[ThreadItem]:
    items = [
        ThreadItem("in", m.id or 0, m.sent_date or m.received_at, m.from_address, [], m.subject,
                   body_text(m.raw), m.state, m.kind, atts.get(m.id or 0, []))
        for m in inbound
    ]
    stmt = select(OutboundReply).where(col(OutboundReply.case_id) == case_id)
    for r in session.execute(stmt).scalars():
        items.append(ThreadItem("out", r.id or 0, r.sent_at or r.created_at, None, list(r.to_addresses),
                                r.subject, r.body_text, r.status, r.kind, [], r.hold_reason))
    return sorted(items, key=lambda i: _aware_key(i.at))


def _aware_key(moment: datetime) -> float:
    from datetime import UTC

    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _notes(session: Session, case_id: int, names: dict[int | None, str]) -> list[NoteView]:
    stmt = select(CaseNote).where(col(CaseNote.case_id) == case_id).order_by(col(CaseNote.created_at))
    return [NoteView(n.created_at, names.get(n.author_id), n.text) for n in session.execute(stmt).scalars()]


def _audit(session: Session, case_id: int) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(col(AuditEvent.case_id) == case_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(AUDIT_LIMIT)
    )
    return list(session.execute(stmt).scalars())


@dataclass(frozen=True)
class CaseAttention:
    """The case as `web.attention.reasons` reads it, with the officers' overrides applied."""

    kind: str
    status: str
    needs_officer_reason: str | None
    full_time_date: date | None
    next_review_date: date | None
    start_date: date | None
    problem_ids: list[str]


def attention_of(data: CaseData) -> CaseAttention:
    c = data.case
    if data.requirements:
        problems = [r.id for r in data.requirements if r.effective in ("missing", "not_met")]
    else:
        problems = [str(p) for p in c.problems or []]
    return CaseAttention(c.kind, c.status, c.needs_officer_reason, c.full_time_date, c.next_review_date,
                         c.start_date, problems)
