"""What is due: the reminders a case's facts call for on a given day. Pure: the case's facts,
what was already sent and today go in; a list of reminders, each with its unique key (case,
kind, due date), comes out. The store keeps one row per key, so a reminder goes once.

Kinds (the school is written to; the limits come from the guidance and the settings):
- `review_upcoming`: a review the plan sets is `review_notice_days` school days away;
- `full_time_confirm`: the full-time date has come: please confirm the pupil is back full time
  (not when the school has written since that date);
- `full_time_confirm_again`: no answer `chase_after_days` school days after that;
- `full_time_overdue`: six weeks (the guidance's limit) from the start and no full-time date:
  a firmer one, and the case is raised for an officer;
- `missing_items_chase`: `chase_after_days` school days after a reply that listed missing
  items, with nothing back from the school since;
- `professional_agreement`: the required professional's written agreement is still awaited
  `review_notice_days` school days before the timetable starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from triage.calendar import SchoolCalendar
from triage.states import CaseStatus, Kind

LONDON = ZoneInfo("Europe/London")

KINDS = (
    "review_upcoming",
    "full_time_confirm",
    "full_time_confirm_again",
    "full_time_overdue",
    "missing_items_chase",
    "professional_agreement",
)
RAISES_FOR_OFFICER = frozenset({"full_time_overdue"})
ACTIVE_STATUSES = (CaseStatus.OPEN, CaseStatus.AWAITING_SCHOOL)
"""A case in any other state (closed, waiting for an officer) gets no reminders."""


@dataclass(frozen=True)
class Limits:
    review_notice_days: int = 2
    chase_after_days: int = 5
    max_reduced_days: int = 42


@dataclass(frozen=True)
class CaseFacts:
    """What the reminders are worked out from (dates are Europe/London days)."""

    case_id: int
    reference: str
    kind: str
    status: str
    paused: bool = False
    held: bool = False
    """A reply on the case waits for an officer (an untrusted or doubtful sender)."""
    opened_on: date | None = None
    start_date: date | None = None
    full_time_date: date | None = None
    review_dates: tuple[date, ...] = ()
    professional_agreement_awaited: bool = False
    last_problem_reply_at: datetime | None = None
    """When our newest reply that listed missing items was sent."""
    last_heard_at: datetime | None = None
    """When the school's newest message on the case arrived."""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class SentReminder:
    kind: str
    due: date
    queued_on: date | None = None
    """The scheduler's day when it was queued (later than `due` when it went late)."""


@dataclass(frozen=True)
class Reminder:
    case_id: int
    reference: str
    kind: str
    due: date
    to: tuple[str, ...]
    subject_date: date | None = None
    """The date the reminder is about (the review, the full-time date, the start)."""
    raise_for_officer: bool = False
    sent: bool = field(default=False, compare=False)

    @property
    def key(self) -> tuple[int, str, date]:
        return (self.case_id, self.kind, self.due)


def receives_reminders(case: CaseFacts) -> bool:
    """A notification's case that is active, not paused, not held, with someone to write to."""
    return (
        case.kind == Kind.RTT_NOTIFICATION
        and case.status in ACTIVE_STATUSES
        and not case.paused
        and not case.held
        and bool(case.recipients)
    )


def schedule(
    case: CaseFacts, sent: Iterable[SentReminder], today: date, calendar: SchoolCalendar, limits: Limits
) -> list[Reminder]:
    """Every reminder the case calls for as things stand, past and future, sent or not, by due
    date. Those due today are `due_reminders`; the web page shows the next ones."""
    history = list(sent)
    found = [
        *_reviews(case, today, calendar, limits),
        *_full_time(case, history, calendar, limits),
        *_missing_items(case, calendar, limits),
        *_professional(case, calendar, limits),
    ]
    done = {(s.kind, s.due) for s in history}
    marked = [
        Reminder(r.case_id, r.reference, r.kind, r.due, r.to, r.subject_date, r.raise_for_officer,
                 sent=(r.kind, r.due) in done)
        for r in found
    ]
    return sorted(marked, key=lambda r: (r.due, KINDS.index(r.kind)))


def due_reminders(
    case: CaseFacts, sent: Iterable[SentReminder], today: date, calendar: SchoolCalendar, limits: Limits
) -> list[Reminder]:
    """The reminders to send today: due on or before today, not sent, for a case that gets them."""
    if not receives_reminders(case):
        return []
    return [r for r in schedule(case, sent, today, calendar, limits) if r.due <= today and not r.sent]


def _reminder(case: CaseFacts, kind: str, due: date, about: date | None) -> Reminder:
    officer = kind in RAISES_FOR_OFFICER
    return Reminder(case.case_id, case.reference, kind, due, case.recipients, about, officer)


def local_day(moment: datetime, zone: ZoneInfo = LONDON) -> date:
    """The day it was in London at that moment (a naive time is UTC, as the store keeps it)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).date()


def _heard_since(case: CaseFacts, since: date | datetime) -> bool:
    """The school wrote after that moment, or on or after that day."""
    heard = case.last_heard_at
    if heard is None:
        return False
    if isinstance(since, datetime):
        return _aware(heard) > _aware(since)
    return local_day(heard) >= since


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _reviews(case: CaseFacts, today: date, calendar: SchoolCalendar, limits: Limits) -> list[Reminder]:
    """Each review still to come, `review_notice_days` school days ahead (not once it has passed)."""
    out = []
    for review in sorted(set(case.review_dates)):
        if review < today:
            continue
        due = calendar.add_school_days(review, -limits.review_notice_days)
        if case.opened_on is not None and due < case.opened_on:
            continue  # the plan arrived after the notice would have gone: the reply covers it
        out.append(_reminder(case, "review_upcoming", due, review))
    return out


def _full_time(
    case: CaseFacts, sent: list[SentReminder], calendar: SchoolCalendar, limits: Limits
) -> list[Reminder]:
    if case.full_time_date is None:
        if case.start_date is None:
            return []
        limit = case.start_date + timedelta(days=limits.max_reduced_days)
        return [_reminder(case, "full_time_overdue", _after_opening(case, calendar, limit), limit)]
    full = case.full_time_date
    if _heard_since(case, full):
        return []
    first = _reminder(case, "full_time_confirm", _after_opening(case, calendar, full), full)
    asked = next((s for s in sent if s.kind == "full_time_confirm"), None)
    asked_on = (asked.queued_on or asked.due) if asked is not None else None
    if asked_on is None or _heard_since(case, asked_on):
        return [first]
    again = calendar.add_school_days(asked_on, limits.chase_after_days)
    return [first, _reminder(case, "full_time_confirm_again", again, full)]


def _after_opening(case: CaseFacts, calendar: SchoolCalendar, day: date) -> date:
    """The first school day on or after `day`, and after the day the case was opened: a case
    notified late is not sent a reminder beside its first reply."""
    due = calendar.on_or_after(day)
    if case.opened_on is not None and due <= case.opened_on:
        return calendar.add_school_days(case.opened_on, 1)
    return due


def _missing_items(case: CaseFacts, calendar: SchoolCalendar, limits: Limits) -> list[Reminder]:
    replied = case.last_problem_reply_at
    if replied is None or case.status != CaseStatus.AWAITING_SCHOOL or _heard_since(case, replied):
        return []
    due = calendar.add_school_days(local_day(replied), limits.chase_after_days)
    return [_reminder(case, "missing_items_chase", due, None)]


def _professional(case: CaseFacts, calendar: SchoolCalendar, limits: Limits) -> list[Reminder]:
    """Before the timetable starts, when the school notified us ahead of it."""
    start, opened = case.start_date, case.opened_on
    if not case.professional_agreement_awaited or start is None or opened is None or start <= opened:
        return []
    ahead = calendar.add_school_days(start, -limits.review_notice_days)
    due = max(ahead, calendar.add_school_days(opened, 1))
    return [_reminder(case, "professional_agreement", min(due, start), start)]


def send_day(now: datetime, send_time: time, zone: ZoneInfo = LONDON) -> date | None:
    """The day whose reminders may go at `now`: today in London once its send time has passed
    there (whatever the clocks did overnight), else None."""
    local = _aware(now).astimezone(zone)
    return local.date() if local.time().replace(tzinfo=None) >= send_time else None
