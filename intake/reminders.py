"""The reminders' scheduler inside `rtt run` (issue 12), and what `rtt reminders` shows.

Once the day's send time has passed in London (RTT_REMINDERS_SEND_TIME), each active case's
facts are read, `triage.deadlines` says what is due, and each due reminder becomes, in one
transaction, a `reminder` row (unique per case, kind and due date) and an outbox row (its
idempotency key the same triple). The outbox sends it like any reply: the same recipient
checks and hourly limits, threaded to the case, the reference in the subject, marked
`Auto-Submitted: auto-generated`. A restart, a kill -9 or a second daemon on the same
database can only meet the unique constraint: the reminder goes once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from checking.stored_facts import facts_from_json
from config.settings import Settings
from intake.casework import hold_for_officer
from replies.mime import build_mime, new_message_id
from replies.reminders import ReminderContext, ReminderText, professionals_for, render_reminder
from store import reminders as store_reminders
from store.audit import audit
from store.db import session_scope
from store.models import Case, OutboundReply, utcnow
from store.trusted_domains import effective_domains
from triage.calendar import CalendarError, SchoolCalendar
from triage.deadlines import Reminder, due_reminders, local_day, receives_reminders, send_day

log = logging.getLogger(__name__)
OVERDUE_REASON = "past the limit for a reduced timetable with no full-time date: the school was reminded"


@dataclass(frozen=True)
class Planned:
    """A reminder due on the day, with its words (what `rtt reminders` lists)."""

    reminder: Reminder
    text: ReminderText


def scheduler_day(settings: Settings, given: date | None = None, now: datetime | None = None) -> date:
    """The scheduler's day: the one given (`--today`), else RTT_REMINDERS_TODAY (tests), else
    today in London."""
    return given or settings.reminders_today or local_day(now or utcnow())


def due_day(settings: Settings, send_time: time, now: datetime | None = None) -> date | None:
    """The scheduler's day once `send_time` has passed in London (None before it); a day set by
    RTT_REMINDERS_TODAY counts as past its send time."""
    now = now or utcnow()
    passed = settings.reminders_today is not None or send_day(now, send_time) is not None
    return scheduler_day(settings, now=now) if passed else None


def reminder_day(settings: Settings, now: datetime | None = None) -> date | None:
    """The day whose reminders may go now (from RTT_REMINDERS_SEND_TIME)."""
    return due_day(settings, settings.reminders_send_time, now)


def plan(
    engine: Engine, settings: Settings, today: date, problems: list[str] | None = None
) -> list[Planned]:
    """Every reminder due on `today` that has not gone: nothing is written. A case whose dates
    the calendar does not cover raises CalendarError, or, given `problems`, is left out and
    its reason added there (the other cases still get theirs)."""
    calendar = settings.school_calendar()
    out: list[Planned] = []
    with session_scope(engine) as session:
        for case_id in store_reminders.active_case_ids(session):
            case = session.get(Case, case_id)
            assert case is not None
            try:
                due = _due(session, case, today, calendar, settings)
            except CalendarError as exc:
                if problems is None:
                    raise
                problems.append(f"case {case.reference}: {exc}")
                continue
            out.extend(Planned(r, _words(case, r, settings)) for r in due)
    return out


def _due(
    session: Session, case: Case, today: date, calendar: SchoolCalendar, settings: Settings
) -> list[Reminder]:
    trusted = effective_domains(session, settings.trusted_domains)
    facts = store_reminders.case_facts(session, case=case, trusted_domains=trusted, own=settings.from_address)
    if not receives_reminders(facts):
        return []
    sent = store_reminders.sent_reminders(session, facts.case_id)
    return due_reminders(facts, sent, today, calendar, settings.reminder_limits())


def run_reminders(engine: Engine, settings: Settings, today: date) -> int:
    """Queue every reminder due on `today`; returns how many were queued by this call."""
    problems: list[str] = []
    try:
        planned = plan(engine, settings, today, problems)
    except CalendarError as exc:
        log.error("reminders not worked out: %s", exc)
        return 0
    for problem in problems:
        log.error("reminders not worked out for %s", problem)
    queued = 0
    for item in planned:
        try:
            queued += _queue(engine, settings, item, today)
        except IntegrityError:  # another daemon queued the same reminder first
            r = item.reminder
            log.info("reminder case=%d kind=%s already queued elsewhere", r.case_id, r.kind)
    if queued:
        log.info("reminders queued=%d day=%s", queued, today.isoformat())
    return queued


def _queue(engine: Engine, settings: Settings, item: Planned, today: date) -> int:
    r = item.reminder
    with session_scope(engine) as session:
        case = session.get(Case, r.case_id)
        # read again in this transaction: an officer may have paused or closed it meanwhile
        if case is None or store_reminders.exists(session, case_id=r.case_id, kind=r.kind, due=r.due):
            return 0
        calendar = settings.school_calendar()
        if r.key not in {d.key for d in _due(session, case, today, calendar, settings)}:
            return 0
        reply = _outbound(session, settings, item)
        store_reminders.record(session, case_id=r.case_id, kind=r.kind, due=r.due, reply=reply, today=today)
        if r.raise_for_officer:
            hold_for_officer(case, OVERDUE_REASON)
            audit(session, "case_needs_officer", case_id=case.id, reason="full_time_overdue")
    log.info("reminder case=%d kind=%s due=%s queued", r.case_id, r.kind, r.due.isoformat())
    return 1


def _outbound(session: Session, settings: Settings, item: Planned) -> OutboundReply:
    r = item.reminder
    thread = store_reminders.thread_ids(session, r.case_id)
    return automatic_mail(
        settings,
        key=store_reminders.reminder_key(r.case_id, r.kind, r.due),
        kind=f"reminder:{r.kind}",
        case_id=r.case_id,
        to=r.to,
        text=item.text,
        in_reply_to=thread[-1] if thread else None,
        references=" ".join(thread) or None,
    )


def automatic_mail(
    settings: Settings,
    *,
    key: str,
    kind: str,
    case_id: int | None,
    to: Sequence[str],
    text: ReminderText,
    in_reply_to: str | None = None,
    references: str | None = None,
) -> OutboundReply:
    """An outbox row for a mail the service sends of itself (a reminder, an officer's alert),
    marked `Auto-Submitted: auto-generated`."""
    message_id = new_message_id(settings.from_address)
    mime = build_mime(
        from_address=settings.from_address,
        to=list(to),
        subject=text.subject,
        text=text.text,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        auto_submitted="auto-generated",
    )
    return OutboundReply(
        idempotency_key=key,
        case_id=case_id,
        kind=kind[:32],
        to_addresses=list(to),
        subject=text.subject,
        body_text=text.text,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        mime=mime,
    )


def _words(case: Case, r: Reminder, settings: Settings) -> ReminderText:
    guidance = settings.loaded_guidance
    facts = facts_from_json(case.facts).plan
    pupil = facts.pupil.name or case.pupil_name
    school = facts.school.name or case.school_name
    circumstances = {k: bool(v) for k, v in facts.circumstances.items()}
    missing = [guidance.labels.get(p, p) for p in case.problems]
    ctx = ReminderContext(
        kind=r.kind,
        reference=case.reference,
        about=r.subject_date,
        pupil=pupil,
        school=school,
        start=case.start_date,
        missing=missing,
        professionals=professionals_for(circumstances, guidance),
    )
    return render_reminder(ctx, guidance, settings.from_address, settings.chase_after_days)
