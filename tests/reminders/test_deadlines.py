"""What is due (triage.deadlines): case facts, what was sent and today in, reminders out.
Table-driven on the shipped Oxfordshire calendar (autumn 2026: half term 26-30 October)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from triage.calendar import load_calendar
from triage.catalogue import load_guidance
from triage.deadlines import CaseFacts, Limits, SentReminder, due_reminders, local_day, schedule, send_day

CAL = load_calendar(load_guidance("oxfordshire").term_dates)
LIMITS = Limits(review_notice_days=2, chase_after_days=5, max_reduced_days=42)
TO = ("head@school.oxon.sch.uk",)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


BASE = CaseFacts(
    case_id=7,
    reference="RTT-2026-ABCDEF",
    kind="rtt_notification",
    status="open",
    opened_on=date(2026, 9, 14),
    start_date=date(2026, 9, 21),
    full_time_date=date(2026, 10, 19),
    review_dates=(date(2026, 10, 5), date(2026, 11, 3)),
    last_heard_at=_at(date(2026, 9, 14)),
    recipients=TO,
)


def _due(case: CaseFacts, today: date, sent: tuple[SentReminder, ...] = ()) -> list[tuple[str, date]]:
    return [(r.kind, r.due) for r in due_reminders(case, sent, today, CAL, LIMITS)]


@pytest.mark.parametrize(
    ("case", "today", "expected"),
    [
        (BASE, date(2026, 9, 30), []),
        # review on Mon 5 Oct: two school days before is Thu 1 Oct
        (BASE, date(2026, 10, 1), [("review_upcoming", date(2026, 10, 1))]),
        (BASE, date(2026, 10, 2), [("review_upcoming", date(2026, 10, 1))]),  # late, still once
        (BASE, date(2026, 10, 6), []),  # that review has passed
        # review on Tue 3 Nov: two school days before, over half term, is Fri 23 Oct
        (replace(BASE, full_time_date=date(2026, 12, 1)), date(2026, 10, 23),
         [("review_upcoming", date(2026, 10, 23))]),
        # full-time date Mon 19 Oct reached
        (BASE, date(2026, 10, 19), [("full_time_confirm", date(2026, 10, 19))]),
        # a full-time date in half term: asked on the first school day after it
        (replace(BASE, full_time_date=date(2026, 10, 28), review_dates=()), date(2026, 10, 28), []),
        (replace(BASE, full_time_date=date(2026, 10, 28), review_dates=()), date(2026, 11, 2),
         [("full_time_confirm", date(2026, 11, 2))]),
        # the school wrote on or after the full-time date: nothing to ask
        (replace(BASE, last_heard_at=_at(date(2026, 10, 19))), date(2026, 10, 20), []),
        # no full-time date: six weeks from 21 Sep is Mon 2 Nov (a school day)
        (replace(BASE, full_time_date=None, review_dates=()), date(2026, 11, 1), []),
        (replace(BASE, full_time_date=None, review_dates=()), date(2026, 11, 2),
         [("full_time_overdue", date(2026, 11, 2))]),
        # notified after the full-time date, or past six weeks: not beside the first reply,
        # on the next school day
        (replace(BASE, opened_on=date(2026, 10, 22), last_heard_at=_at(date(2026, 10, 22))),
         date(2026, 10, 22), []),
        (replace(BASE, opened_on=date(2026, 10, 22), last_heard_at=None, review_dates=()),
         date(2026, 10, 23), [("full_time_confirm", date(2026, 10, 23))]),
        (replace(BASE, opened_on=date(2026, 11, 5), full_time_date=None, review_dates=()),
         date(2026, 11, 5), []),
        (replace(BASE, opened_on=date(2026, 11, 5), full_time_date=None, review_dates=()),
         date(2026, 11, 6), [("full_time_overdue", date(2026, 11, 6))]),
        # closed, paused, held, nobody to write to, not a notification: nothing
        (replace(BASE, status="closed"), date(2026, 10, 19), []),
        (replace(BASE, status="needs_officer"), date(2026, 10, 19), []),
        (replace(BASE, paused=True), date(2026, 10, 19), []),
        (replace(BASE, held=True), date(2026, 10, 19), []),
        (replace(BASE, recipients=()), date(2026, 10, 19), []),
        (replace(BASE, kind="breach_report"), date(2026, 10, 19), []),
    ],
)
def test_due(case: CaseFacts, today: date, expected: list[tuple[str, date]]) -> None:
    assert _due(case, today) == expected


def test_sent_reminders_are_not_due_again() -> None:
    sent = (SentReminder("review_upcoming", date(2026, 10, 1)),)
    assert _due(BASE, date(2026, 10, 2), sent) == []


AWAITING = replace(
    BASE,
    status="awaiting_school",
    full_time_date=None,
    start_date=None,
    review_dates=(),
    last_problem_reply_at=_at(date(2026, 9, 14), 11),
    last_heard_at=_at(date(2026, 9, 14), 9),
)


@pytest.mark.parametrize(
    ("case", "today", "expected"),
    [
        # reply Mon 14 Sep listing missing items: five school days later is Mon 21 Sep
        (AWAITING, date(2026, 9, 18), []),
        (AWAITING, date(2026, 9, 21), [("missing_items_chase", date(2026, 9, 21))]),
        # the school wrote after the reply (even the same day): no chase
        (replace(AWAITING, last_heard_at=_at(date(2026, 9, 14), 15)), date(2026, 9, 21), []),
        # everything in now: no chase
        (replace(AWAITING, status="open"), date(2026, 9, 21), []),
        # reply on Thu 22 Oct: five school days over half term is Thu 5 Nov
        (replace(AWAITING, last_problem_reply_at=_at(date(2026, 10, 22)), last_heard_at=None),
         date(2026, 11, 4), []),
        (replace(AWAITING, last_problem_reply_at=_at(date(2026, 10, 22)), last_heard_at=None),
         date(2026, 11, 5), [("missing_items_chase", date(2026, 11, 5))]),
    ],
)
def test_missing_items_chase(case: CaseFacts, today: date, expected: list[tuple[str, date]]) -> None:
    assert _due(case, today) == expected


def test_full_time_asked_again_when_no_answer() -> None:
    case = replace(BASE, review_dates=())
    asked = (SentReminder("full_time_confirm", date(2026, 10, 19)),)
    # five school days after Mon 19 Oct: 20, 21, 22, 23 Oct, then (after half term) Mon 2 Nov
    assert _due(case, date(2026, 10, 30), asked) == []
    assert _due(case, date(2026, 11, 2), asked) == [("full_time_confirm_again", date(2026, 11, 2))]
    answered = replace(case, last_heard_at=_at(date(2026, 10, 19), 12))
    assert _due(answered, date(2026, 11, 2), asked) == []
    # asked late (queued on Fri 30 Oct, in half term, for the 19th): five school days after that
    late = (SentReminder("full_time_confirm", date(2026, 10, 19), date(2026, 10, 30)),)
    assert _due(case, date(2026, 11, 5), late) == []
    assert _due(case, date(2026, 11, 6), late) == [("full_time_confirm_again", date(2026, 11, 6))]


@pytest.mark.parametrize(
    ("case", "today", "expected"),
    [
        # notified Mon 14 Sep, starts Mon 21 Sep, agreement awaited: Thu 17 Sep
        (replace(BASE, professional_agreement_awaited=True, review_dates=()), date(2026, 9, 17),
         [("professional_agreement", date(2026, 9, 17))]),
        (replace(BASE, professional_agreement_awaited=True, review_dates=()), date(2026, 9, 16), []),
        # notified the day before the start: the next school day (the start itself)
        (replace(BASE, professional_agreement_awaited=True, review_dates=(), opened_on=date(2026, 9, 18)),
         date(2026, 9, 21), [("professional_agreement", date(2026, 9, 21))]),
        # notified after the start: the reply already asked; nothing extra
        (replace(BASE, professional_agreement_awaited=True, review_dates=(), opened_on=date(2026, 9, 22)),
         date(2026, 9, 30), []),
    ],
)
def test_professional_agreement(case: CaseFacts, today: date, expected: list[tuple[str, date]]) -> None:
    assert _due(case, today) == expected


def test_full_time_kinds_say_full_and_the_overdue_one_raises_for_an_officer() -> None:
    case = replace(BASE, full_time_date=None, review_dates=())
    (overdue,) = due_reminders(case, (), date(2026, 11, 2), CAL, LIMITS)
    assert "full" in overdue.kind and overdue.raise_for_officer
    assert overdue.key == (7, "full_time_overdue", date(2026, 11, 2))
    kinds = {r.kind for r in schedule(BASE, (), date(2026, 10, 1), CAL, LIMITS)}
    assert kinds == {"review_upcoming", "full_time_confirm"}


def test_schedule_shows_what_is_next_even_for_a_paused_case() -> None:
    upcoming = schedule(replace(BASE, paused=True), (), date(2026, 9, 30), CAL, LIMITS)
    assert [(r.kind, r.due) for r in upcoming] == [
        ("review_upcoming", date(2026, 10, 1)),
        ("full_time_confirm", date(2026, 10, 19)),
        ("review_upcoming", date(2026, 10, 30 - 7)),  # Fri 23 Oct, before half term
    ]


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # British Summer Time: 23:30 UTC on 24 Oct 2026 is 00:30 on the 25th in London
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),
        # the clocks went back at 01:00 UTC on 25 Oct: 23:30 UTC is 23:30 in London
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),
        # winter: the same
        (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), date(2027, 3, 27)),
        # the clocks went forward at 01:00 UTC on 28 Mar 2027: 23:30 UTC is 00:30 on the 29th
        (datetime(2027, 3, 28, 23, 30, tzinfo=UTC), date(2027, 3, 29)),
        (datetime(2027, 3, 28, 23, 30), date(2027, 3, 29)),  # naive: UTC, as the store keeps it
    ],
)
def test_local_day_across_dst(moment: datetime, day: date) -> None:
    assert local_day(moment) == day


@pytest.mark.parametrize(
    ("now", "day"),
    [
        # summer (BST, UTC+1): 07:30 UTC is 08:30 in London, past an 08:00 send time
        (datetime(2026, 10, 23, 7, 30, tzinfo=UTC), date(2026, 10, 23)),
        (datetime(2026, 10, 23, 6, 59, tzinfo=UTC), None),
        # the Monday after the clocks went back (GMT): 07:30 UTC is 07:30 in London, too early
        (datetime(2026, 10, 26, 7, 30, tzinfo=UTC), None),
        (datetime(2026, 10, 26, 8, 0, tzinfo=UTC), date(2026, 10, 26)),
        # the Monday after the clocks went forward (BST again)
        (datetime(2027, 3, 29, 7, 0, tzinfo=UTC), date(2027, 3, 29)),
        (datetime(2027, 3, 26, 7, 0, tzinfo=UTC), None),
        # late evening UTC in summer is already the next day in London
        (datetime(2026, 7, 1, 23, 30, tzinfo=UTC), None),
    ],
)
def test_send_day_in_london_across_dst(now: datetime, day: date | None) -> None:
    assert send_day(now, time(8, 0)) == day
