"""Reminders in the store (issue 12): the facts a case's reminders are worked out from, the
reminders already sent, recording one with its outbox row, and pausing a case's reminders.
Each function is given its session by the caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from checking.stored_facts import facts_from_json
from store import outbox
from store.audit import audit
from store.cases import participants
from store.models import Case, OutboundReply, RawMessage, Reminder
from store.states import ReplyStatus
from triage.calendar import SchoolCalendar
from triage.deadlines import (
    ACTIVE_STATUSES,
    CaseFacts,
    Limits,
    SentReminder,
    local_day,
    schedule,
)
from triage.deadlines import (
    Reminder as DueReminder,
)
from triage.reply_policy import domain_trusted, usable_recipients
from triage.states import Kind

THREAD_REFERENCES = 10
"""The newest message ids a reminder's References carry."""


def reminder_key(case_id: int, kind: str, due: date) -> str:
    """The outbox idempotency key of a reminder."""
    return f"reminder:{case_id}:{kind}:{due.isoformat()}"


def active_case_ids(session: Session) -> list[int]:
    """Notifications' cases that may get reminders: active and not paused."""
    query = select(Case.id).where(
        Case.kind == Kind.RTT_NOTIFICATION,
        col(Case.status).in_(ACTIVE_STATUSES),
        col(Case.reminders_paused).is_(False),
    )
    return [i for i in session.exec(query.order_by(col(Case.id))).all() if i is not None]


def recipients_of(
    session: Session, *, case_id: int, trusted_domains: Sequence[str], own: str
) -> tuple[str, ...]:
    """The case's addresses we may write to unasked: in a trusted domain, not our own, not no-reply."""
    trusted = sorted(a for a in participants(session, case_id) if domain_trusted(a, trusted_domains))
    return tuple(usable_recipients(trusted, own))


def case_facts(session: Session, *, case: Case, trusted_domains: Sequence[str], own: str) -> CaseFacts:
    assert case.id is not None
    reviews = facts_from_json(case.facts).plan.review_dates
    held = session.exec(
        select(func.count()).where(OutboundReply.case_id == case.id, OutboundReply.status == ReplyStatus.HELD)
    ).one()
    return CaseFacts(
        case_id=case.id,
        reference=case.reference,
        kind=case.kind,
        status=case.status,
        paused=case.reminders_paused,
        held=bool(held),
        opened_on=local_day(case.created_at),
        start_date=case.start_date,
        full_time_date=case.full_time_date,
        review_dates=reviews,
        professional_agreement_awaited="professional_agreement" in case.problems,
        last_problem_reply_at=_last_reply_at(session, case.id),
        last_heard_at=_last_heard_at(session, case.id),
        recipients=recipients_of(session, case_id=case.id, trusted_domains=trusted_domains, own=own),
    )


def _last_reply_at(session: Session, case_id: int) -> datetime | None:
    """When our newest answer to the school's mail on the case went (not a reminder)."""
    query = select(func.max(OutboundReply.sent_at)).where(
        OutboundReply.case_id == case_id,
        OutboundReply.kind == "auto",
        OutboundReply.status == ReplyStatus.SENT,
        col(OutboundReply.in_reply_to_row).is_not(None),
    )
    return session.exec(query).one()


def _last_heard_at(session: Session, case_id: int) -> datetime | None:
    query = select(func.max(RawMessage.received_at)).where(
        RawMessage.case_id == case_id, col(RawMessage.kind).is_distinct_from(Kind.AUTO_REPLY)
    )
    return session.exec(query).one()


def sent_reminders(session: Session, case_id: int) -> list[SentReminder]:
    rows = session.exec(select(Reminder).where(Reminder.case_id == case_id)).all()
    return [SentReminder(r.kind, r.due, r.queued_on) for r in rows]


def exists(session: Session, *, case_id: int, kind: str, due: date) -> bool:
    query = select(Reminder.id).where(Reminder.case_id == case_id, Reminder.kind == kind, Reminder.due == due)
    return session.exec(query).first() is not None


_ON_ITS_WAY = (ReplyStatus.SENT, ReplyStatus.SENDING, ReplyStatus.QUEUED)
"""Replies that went, or will go: the thread's headers name them."""


def thread_ids(session: Session, case_id: int) -> list[str]:
    """The case's message ids, oldest first (the school's and ours), for threading."""
    inbound = session.exec(
        select(RawMessage.message_id, RawMessage.received_at).where(
            RawMessage.case_id == case_id, col(RawMessage.message_id).is_not(None)
        )
    ).all()
    outbound = session.exec(
        select(OutboundReply.message_id, OutboundReply.created_at).where(
            OutboundReply.case_id == case_id, col(OutboundReply.status).in_(_ON_ITS_WAY)
        )
    ).all()
    ordered = sorted([*inbound, *outbound], key=lambda pair: _naive(pair[1]))
    return list(dict.fromkeys(m for m, _ in ordered if m))[-THREAD_REFERENCES:]


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def record(
    session: Session, *, case_id: int, kind: str, due: date, reply: OutboundReply, today: date
) -> Reminder:
    """The reminder's row and its outbox row, in the caller's transaction. A second writer of
    the same (case, kind, due) fails on the unique constraint when it commits."""
    queued = outbox.enqueue(session, reply)
    row = Reminder(case_id=case_id, kind=kind, due=due, queued_on=today, reply_id=queued.id)
    session.add(row)
    session.flush()
    audit(session, "reminder_queued", case_id=case_id, kind=kind, due=due.isoformat(), reply_id=queued.id)
    return row


@dataclass(frozen=True)
class SentView:
    """A reminder as the case page shows it."""

    kind: str
    due: date
    status: str
    to: tuple[str, ...]
    sent_at: datetime | None


def reminders_of(session: Session, case_id: int) -> list[SentView]:
    query = (
        select(Reminder, OutboundReply)
        .join(OutboundReply, col(OutboundReply.id) == col(Reminder.reply_id))
        .where(Reminder.case_id == case_id)
        .order_by(col(Reminder.due), col(Reminder.id))
    )
    rows = session.exec(query).all()
    return [SentView(r.kind, r.due, o.status, tuple(o.to_addresses), o.sent_at) for r, o in rows]


def upcoming(
    session: Session,
    *, case: Case,
    today: date,
    calendar: SchoolCalendar,
    limits: Limits,
    trusted_domains: Sequence[str],
    own: str,
) -> list[DueReminder]:
    """What the case page shows as next: the reminders not yet sent, due today or later (for a
    paused or closed case too: what would go were it active)."""
    facts = case_facts(session, case=case, trusted_domains=trusted_domains, own=own)
    found = schedule(facts, sent_reminders(session, facts.case_id), today, calendar, limits)
    return [r for r in found if not r.sent and r.due >= today]


def set_paused(session: Session, *, case: Case, paused: bool, actor: str) -> bool:
    """Pause or resume the case's reminders (audited); False when nothing changed."""
    if case.reminders_paused == paused:
        return False
    case.reminders_paused = paused
    session.add(case)
    audit(session, "reminders_paused" if paused else "reminders_resumed", case_id=case.id, actor=actor)
    return True
