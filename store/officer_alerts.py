"""Officer alerts in the store (issue 12): who may be written to, the cases and events alerts
are worked out from, and recording an alert with its outbox row. Each function is given its
session by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from store import outbox
from store.audit import audit
from store.models import AppUser, AuditEvent, Case, OfficerAlert, OutboundReply
from triage.officer_digest import CaseLine
from triage.states import CaseStatus, Kind, Priority

ASSIGN_ACTION = "assign"
"""The audit action the web queue records when an officer assigns a case (`web.routes_case`)."""


@dataclass(frozen=True)
class Officer:
    """A user who may be emailed: enabled, with an address an admin or they set."""

    user_id: int
    username: str
    email: str
    alerts: bool
    digest: bool


@dataclass(frozen=True)
class Assignment:
    event_id: int
    case_id: int
    username: str
    """Who the case was assigned to."""
    by: str


def officers(session: Session) -> dict[str, Officer]:
    """Enabled users with an email address, by user name."""
    query = select(AppUser).where(col(AppUser.disabled).is_(False), col(AppUser.email).is_not(None))
    out = {}
    for u in session.exec(query.order_by(col(AppUser.id))).all():
        if u.id is not None and u.email:
            out[u.username] = Officer(u.id, u.username, u.email, u.alerts_enabled, u.digest_enabled)
    return out


def urgent_breaches_since(session: Session, since: datetime) -> list[Case]:
    """Urgent breach reports opened since then and not closed."""
    query = select(Case).where(
        Case.kind == Kind.BREACH_REPORT,
        Case.priority == Priority.URGENT,
        Case.status != CaseStatus.CLOSED,
        col(Case.created_at) >= since,
    )
    return list(session.exec(query.order_by(col(Case.id))).all())


def assignments_since(session: Session, since: datetime) -> list[Assignment]:
    """Cases assigned to someone since then (from the audit), the newest assignment of each
    case only, and only while it still stands."""
    query = select(AuditEvent, Case).join(Case, col(Case.id) == col(AuditEvent.case_id)).where(
        AuditEvent.action == ASSIGN_ACTION, col(AuditEvent.at) >= since
    )
    newest: dict[int, tuple[AuditEvent, Case]] = {}
    for event, case in session.exec(query.order_by(col(AuditEvent.id))).all():
        assert case.id is not None
        newest[case.id] = (event, case)
    out = []
    for event, case in newest.values():
        to = (event.detail or {}).get("to")
        if not to or case.assigned_to is None or event.id is None or case.id is None:
            continue
        owner = session.get(AppUser, case.assigned_to)
        if owner is not None and owner.username == to:
            out.append(Assignment(event.id, case.id, to, event.actor))
    return out


def case_lines(session: Session) -> list[CaseLine]:
    """Every case not closed, as the digest sees it."""
    query = select(Case).where(Case.status != CaseStatus.CLOSED).order_by(col(Case.id))
    return [
        CaseLine(
            case_id=c.id, reference=c.reference, kind=c.kind, priority=c.priority, status=c.status,
            school=c.school_name, assigned_to=c.assigned_to, start_date=c.start_date,
            full_time_date=c.full_time_date, next_review_date=c.next_review_date,
        )
        for c in session.exec(query).all()
        if c.id is not None
    ]


def exists(session: Session, key: str) -> bool:
    return session.exec(select(OfficerAlert.id).where(OfficerAlert.key == key)).first() is not None


def record(session: Session, *, alert: OfficerAlert, reply: OutboundReply) -> OfficerAlert:
    """The alert's row and its outbox row, in the caller's transaction; a second writer of the
    same key fails on the unique constraints when it commits."""
    queued = outbox.enqueue(session, reply)
    alert.reply_id = queued.id
    session.add(alert)
    session.flush()
    audit(session, "officer_alert_queued", case_id=alert.case_id, kind=alert.kind, reply_id=queued.id,
          user_id=alert.user_id)
    return alert
