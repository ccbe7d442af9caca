"""The school-day calendar (triage.calendar): weekends, bank holidays, terms and closures,
validation of the term dates file. Table-driven; the shipped data and small made-up ones."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from triage.calendar import (
    CalendarError,
    Period,
    TermDatesMissing,
    academic_year,
    load_calendar,
    make_calendar,
    parse_bank_holidays,
    parse_term_rows,
)
from triage.catalogue import load_guidance
from triage.judges import school_days_for

CAL = load_calendar(load_guidance("oxfordshire").term_dates)


@pytest.mark.parametrize(
    ("day", "school", "why"),
    [
        (date(2026, 11, 10), True, "a Tuesday in the autumn term"),
        (date(2026, 11, 14), False, "a Saturday"),
        (date(2026, 11, 15), False, "a Sunday"),
        (date(2026, 10, 27), False, "October half term"),
        (date(2026, 12, 21), False, "Christmas holiday"),
        (date(2026, 12, 28), False, "Boxing Day's substitute (a bank holiday in the holiday)"),
        (date(2027, 5, 3), False, "Early May bank holiday in the summer term"),
        (date(2027, 5, 4), True, "the day after it"),
        (date(2026, 5, 4), False, "Early May bank holiday 2026"),
        (date(2026, 4, 6), False, "Easter Monday 2026 (Easter holiday too)"),
        (date(2025, 9, 1), False, "the countywide INSET day"),
        (date(2025, 9, 2), True, "the first day of the 2025-26 year"),
        (date(2026, 7, 20), True, "the last day of the 2025-26 year"),
        (date(2026, 7, 21), False, "the summer holiday"),
        (date(2026, 9, 2), True, "the first day of 2026-27"),
    ],
)
def test_school_days(day: date, school: bool, why: str) -> None:
    assert CAL.is_school_day(day) is school, why


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 11, 9), 2, date(2026, 11, 11)),  # Mon + 2 = Wed
        (date(2026, 11, 12), 2, date(2026, 11, 16)),  # Thu + 2 over the weekend = Mon
        (date(2026, 10, 22), 2, date(2026, 11, 2)),  # Thu + 2 over half term = Mon 2 Nov
        (date(2026, 11, 16), -2, date(2026, 11, 12)),  # two school days before a Monday
        (date(2026, 11, 3), -2, date(2026, 10, 23)),  # ... and back over half term
        (date(2026, 11, 14), 0, date(2026, 11, 14)),  # 0: unchanged, school day or not
        (date(2026, 12, 17), 5, date(2027, 1, 7)),  # Fri 18 Dec, then 4-7 Jan over Christmas
        (date(2027, 4, 30), 1, date(2027, 5, 4)),  # over the May bank holiday
    ],
)
def test_add_school_days(start: date, count: int, expected: date) -> None:
    assert CAL.add_school_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 11, 9), date(2026, 11, 11), 2),
        (date(2026, 11, 13), date(2026, 11, 16), 1),  # Fri to Mon
        (date(2026, 10, 23), date(2026, 11, 2), 1),  # over half term
        (date(2026, 11, 16), date(2026, 11, 13), -1),
        (date(2026, 12, 18), date(2027, 1, 4), 1),
    ],
)
def test_school_days_between(start: date, end: date, days: int) -> None:
    assert CAL.school_days_between(start, end) == days


def test_on_or_after_and_before() -> None:
    assert CAL.on_or_after(date(2026, 10, 24)) == date(2026, 11, 2)
    assert CAL.on_or_before(date(2026, 10, 31)) == date(2026, 10, 23)
    assert CAL.on_or_after(date(2026, 11, 10)) == date(2026, 11, 10)


def test_a_missing_year_is_a_clear_error() -> None:
    with pytest.raises(TermDatesMissing, match=r"oxfordshire-terms.toml.*school year 2029-30"):
        CAL.is_school_day(date(2029, 10, 2))


def test_a_weekend_needs_no_term_dates() -> None:
    assert CAL.is_school_day(date(2035, 6, 2)) is False  # a Saturday


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 7, 31), "2025-26"), (date(2026, 8, 1), "2026-27"), (date(2027, 1, 1), "2026-27"),
     (date(2099, 9, 1), "2099-00")],
)
def test_academic_year(day: date, year: str) -> None:
    assert academic_year(day) == year


def _row(**over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "year": "2026-27", "kind": "term", "name": "Autumn",
        "start": date(2026, 9, 2), "end": date(2026, 10, 23),
    }
    row.update(over)
    return row


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "no \\[\\[row\\]\\]"),
        ([{"year": "2026-27", "kind": "term"}], "row 1 lacks name, start, end"),
        ([_row(year="2026-28")], "not a school year"),
        ([_row(year="2026/27")], "not a school year"),
        ([_row(kind="holiday")], "kind 'holiday'"),
        ([_row(start="2026-09-02")], "must be dates"),
        ([_row(end=date(2026, 9, 1))], "ends \\(2026-09-01\\) before"),
        ([_row(end=date(2027, 8, 3))], "not inside 2026-27"),
        ([_row(), _row(name="Autumn 2", start=date(2026, 10, 20), end=date(2026, 12, 18))], "overlap"),
    ],
)
def test_term_rows_are_validated(rows: list[dict[str, object]], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        parse_term_rows({"row": rows}, "test-terms.toml")


def test_a_closure_inside_a_term_is_not_a_school_day() -> None:
    periods = parse_term_rows(
        {"row": [_row(), _row(kind="closure", name="INSET", start=date(2026, 9, 10), end=date(2026, 9, 11))]},
        "t.toml",
    )
    cal = make_calendar(periods, [date(2026, 1, 1), date(2027, 1, 1)])
    assert [cal.is_school_day(date(2026, 9, d)) for d in (9, 10, 11, 14)] == [True, False, False, True]


def test_a_bad_term_dates_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "broken-terms.toml"
    bad.write_text("[[row]]\nyear = \n", "utf-8")
    with pytest.raises(CalendarError, match=r"broken-terms\.toml cannot be read"):
        load_calendar(str(bad))
    with pytest.raises(CalendarError, match="cannot be read"):
        load_calendar(str(tmp_path / "absent.toml"))


def test_bank_holidays_list_unreadable() -> None:
    with pytest.raises(CalendarError, match="england-and-wales"):
        parse_bank_holidays({"scotland": {"events": []}})


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm), to check the shipped list."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(year, month, (h + l_ - 7 * m + 114) % 31 + 1)


def _monday(day: date, step: int) -> date:
    while day.weekday() != 0:
        day += timedelta(days=step)
    return day


def _substitute(day: date, taken: set[date]) -> date:
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("year", range(2024, 2030))
def test_shipped_bank_holidays_follow_the_rules(year: int) -> None:
    """The shipped list (gov.uk's shape) against England and Wales's standing rules: a year
    with a one-off holiday (a coronation, a jubilee) would differ, and must be added by hand."""
    data = json.loads(resources.files("triage.guidance").joinpath("bank-holidays.json").read_text("utf-8"))
    listed = {d for d in parse_bank_holidays(data) if d.year == year}
    easter = _easter(year)
    christmas = _substitute(date(year, 12, 25), set())
    boxing = _substitute(date(year, 12, 26), {christmas})
    expected = {
        _substitute(date(year, 1, 1), set()),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _monday(date(year, 5, 1), 1),
        _monday(date(year, 5, 31), -1),
        _monday(date(year, 8, 31), -1),
        christmas,
        boxing,
    }
    assert listed == expected


def test_bank_holidays_outside_the_list_are_an_error() -> None:
    term = Period("2040-41", "term", "T", date(2040, 9, 3), date(2040, 12, 14))
    cal = make_calendar([term], [date(2039, 1, 1)])
    with pytest.raises(CalendarError, match="does not cover 2040"):
        cal.is_school_day(date(2040, 9, 4))



@pytest.mark.parametrize(
    ("agreed", "sent", "days"),
    [
        (date(2026, 10, 22), date(2026, 11, 2), 2),  # Thu, then Fri and (after half term) Mon
        (date(2026, 10, 22), date(2026, 11, 3), 3),
        (date(2026, 11, 12), date(2026, 11, 16), 2),  # Thu to Mon over a weekend
        (date(2026, 12, 24), date(2026, 12, 29), 0),  # the Christmas holiday
        (date(2030, 10, 3), date(2030, 10, 8), 3),  # no term dates for 2030-31: weekdays
    ],
)
def test_the_two_days_count_uses_the_calendar(agreed: date, sent: date, days: int) -> None:
    assert school_days_for(load_guidance("oxfordshire"), agreed, sent) == days


def test_the_two_days_count_without_term_dates_counts_weekdays() -> None:
    bare = replace(load_guidance("oxfordshire"), term_dates="")
    assert school_days_for(bare, date(2026, 10, 22), date(2026, 11, 2)) == 7
