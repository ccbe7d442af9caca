"""Unit tests of the pure extraction pieces: dates, hours, labels and tick boxes."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract.dates import find_dates, school_days_between
from parsers.extract.hours import days_named, weekly_hours_from_pattern
from parsers.extract.lookup import tick_answer
from parsers.extract.people import clean_name, role_of

REF = date(2026, 2, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/03/2026", [date(2026, 3, 2)]),
        ("2.3.26", [date(2026, 3, 2)]),
        ("2nd March 2026", [date(2026, 3, 2)]),
        ("Mon 2 Mar", [date(2026, 3, 2)]),
        ("March 12th, 2026", [date(2026, 3, 12)]),
        ("2026-03-02", [date(2026, 3, 2)]),
        ("Wednesday 7 January 2026 (07/01/2026), 15:30", [date(2026, 1, 7), date(2026, 1, 7)]),
        ("session 9.30-11.30 daily", []),
        ("31/02/2026", []),
    ],
)
def test_uk_dates_are_read_day_first(text: str, expected: list[date]) -> None:
    assert [f.value for f in find_dates(text, REF)] == expected


def test_a_date_without_a_year_takes_the_year_nearest_the_message() -> None:
    december = date(2025, 12, 18)
    assert [f.value for f in find_dates("starting 5 January", december)] == [date(2026, 1, 5)]
    assert [f.value for f in find_dates("meeting on 15 December", december)] == [date(2025, 12, 15)]


def test_school_days_leave_out_the_weekend() -> None:
    friday, monday = date(2026, 1, 9), date(2026, 1, 12)
    assert school_days_between(friday, monday) == 1
    assert school_days_between(date(2026, 1, 12), date(2026, 1, 21)) == 7


@pytest.mark.parametrize(
    ("pattern", "hours"),
    [
        ("Mon-Fri 9:00-11:30", 12.5),
        ("Mon-Fri 08:40-11:40", 15.0),
        ("Monday to Friday 9am-12pm", 15.0),
        ("Mon, Wed, Fri 9.00-12.00", 9.0),
        ("Tue and Thu 9-3", 12.0),
        ("Mon-Thu 08:35-11:50; not in school on Friday", 13.0),
        ("Mon-Wed 9:00-12:00; Thu-Fri 9:00-15:00", 21.0),
        ("no times here", None),
    ],
)
def test_daily_sessions_are_summed_to_the_week(pattern: str, hours: float | None) -> None:
    assert weekly_hours_from_pattern(pattern) == hours


def test_a_weekday_followed_by_a_date_is_not_a_school_day_pattern() -> None:
    assert days_named("since Monday 3 November 2025") is None


@pytest.mark.parametrize(
    ("value", "answer"),
    [
        ("Yes", True),
        ("No", False),
        ("☒ Yes ☐ No", True),
        ("☐ Yes ☒ No", False),
        ("Yes - EHC plan maintained by the council", True),
        ("Not applicable", False),
        ("see notes", None),
    ],
)
def test_tick_boxes_and_yes_no(value: str, answer: bool | None) -> None:
    assert tick_answer(value) is answer


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Parent/carer", "parent"),
        ("School (SENCo, named person)", "school"),
        ("LA SEN Team (SEN Casework Officer)", "sen_team"),
        ("Virtual School Headteacher", "virtual_school"),
        ("YOS worker", "youth_justice"),
        ("Social Worker", "social_worker"),
        ("Pupil", "pupil"),
        ("Grandmother (carer)", "parent"),
        ("Me", "pupil"),
        ("YJ Case Manager", "youth_justice"),
        ("Mentor", "other"),
    ],
)
def test_signature_roles(label: str, role: str) -> None:
    assert role_of(label) == role


def test_names_are_cut_from_their_descriptions() -> None:
    assert clean_name("Mrs Claire Bennett (mother)") == "Mrs Claire Bennett"
    assert clean_name("Oliver Bennett, Year 8") == "Oliver Bennett"
    assert clean_name("not yet signed") is None
