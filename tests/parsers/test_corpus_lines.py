"""How a page's hard-wrapped lines become the corpus's sentences."""

from __future__ import annotations

from tests.minimail import corpus_of, document

PAGE = (
    "Safeguarding\n"
    "A risk assessment of the time Ashton will spend out of school was completed by Mr Ian Shaw (DSL) on\n"
    "03/11/2026, before the timetable starts. Child sexual exploitation: no known concerns in school.\n"
    "Week Hours in school each week of the reduced timetable\n"
    "1 10\n"
    "2 15\n"
)


def _units() -> list[str]:
    return [u.text for u in corpus_of("See attached.", documents=[document(PAGE)]).units if u.where != "body"]


def test_a_line_cut_mid_phrase_carries_on_even_when_the_next_starts_with_a_number() -> None:
    assert any("(DSL) on 03/11/2026, before the timetable starts." in u for u in _units())


def test_table_rows_stay_rows() -> None:
    units = _units()
    assert "1 10" in units and "2 15" in units


def test_a_line_ending_in_a_comma_carries_on_into_a_line_of_times() -> None:
    page = (
        "The timetable builds up over seven weeks, with the hours and days for each week set out below.\n"
        "In week 3 (from Monday 1 February) Julia will attend Monday to Friday, 08:45-11:45, 15 hours.\n"
        "In week 4 (from Monday 8 February) Julia will attend Monday to Friday, 08:45-12:15, 17.5 hours.\n"
        "In week 5 (from Monday 15 February) Julia will attend Monday to Friday, 08:45-12:45, 20 hours.\n"
        "In week 6 (from Monday 22 February) Julia will attend on every day of the week, Monday to Friday,\n"
        "08:45–13:15, 22.5 hours in total.\n"
    )
    units = [u.text for u in corpus_of("See attached.", documents=[document(page)]).units]
    assert any("Monday to Friday, 08:45–13:15, 22.5 hours in total." in u for u in units)
